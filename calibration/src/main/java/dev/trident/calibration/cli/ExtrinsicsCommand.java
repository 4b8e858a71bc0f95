package dev.trident.calibration.cli;

import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.CameraPose;
import dev.trident.calibration.io.CameraModelYaml;
import dev.trident.calibration.tool.ExtrinsicCalibrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trident calibrate extrinsics --camera cam.yaml (--height H --pitch DEG [--roll DEG]
 * [--yaw DEG] | --points pts.csv)}: sets where the camera sits on the vehicle, from measurements
 * or from at least four image points with known vehicle-frame coordinates (solvePnP, residual
 * reported), and writes the camera file with its extrinsics section.
 *
 * <p>One execution per instance; not thread-safe.
 */
@Command(name = "extrinsics", mixinStandardHelpOptions = true,
        description = "Set the camera's mounting on the vehicle (x forward, y left, z up).")
public final class ExtrinsicsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--camera", required = true, paramLabel = "FILE", description = "Camera YAML from 'calibrate intrinsics'.")
    Path camera;

    @Option(names = "--height", paramLabel = "METRES", description = "Measured camera height above the ground.")
    Double height;

    @Option(names = "--pitch", paramLabel = "DEG", description = "Measured pitch, degrees, positive nose-down.")
    Double pitch;

    @Option(names = "--roll", defaultValue = "0", paramLabel = "DEG", description = "Measured roll, degrees (default 0).")
    double roll;

    @Option(names = "--yaw", defaultValue = "0", paramLabel = "DEG", description = "Measured yaw, degrees, positive left (default 0).")
    double yaw;

    @Option(names = "--x", defaultValue = "0", paramLabel = "METRES", description = "Camera position forward of the vehicle origin (default 0).")
    double x;

    @Option(names = "--y", defaultValue = "0", paramLabel = "METRES", description = "Camera position left of the vehicle origin (default 0).")
    double y;

    @Option(names = "--points", paramLabel = "CSV",
            description = "Lines u,v,x,y[,z]: pixel in the camera image, then vehicle-frame metres (>= 4 points).")
    Path points;

    @Option(names = "--out", paramLabel = "FILE", description = "Camera YAML to write (default: update --camera in place).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        try {
            if (points != null && (height != null || pitch != null)) {
                throw new CalibrationException("give either --points or --height/--pitch, not both");
            }
            if (points == null && (height == null || pitch == null)) {
                throw new CalibrationException("give --height METRES and --pitch DEG (measured), or --points CSV"
                        + " (image points with known vehicle coordinates)");
            }
            CameraModel model = CameraModelYaml.read(camera);
            CameraPose pose;
            if (points != null) {
                List<ExtrinsicCalibrator.PointPair> pairs = ExtrinsicCalibrator.readCsv(points);
                ExtrinsicCalibrator.Result r = ExtrinsicCalibrator.fromPoints(model, pairs);
                pose = r.pose();
                o.printf(Locale.ROOT, "solvePnP from %d points: reprojection RMS %.3f px (max %.3f px)", pairs.size(),
                        r.rmsPx(), r.maxPx());
                if (!Double.isNaN(r.rmsGroundM())) {
                    o.printf(Locale.ROOT, ", ground RMS %.3f m", r.rmsGroundM());
                }
                o.println();
            } else {
                pose = ExtrinsicCalibrator.fromMeasured(x, y, height, pitch, roll, yaw);
            }
            o.printf(Locale.ROOT, "camera at x %.3f m, y %.3f m, height %.3f m; pitch %.3f deg, roll %.3f deg, yaw %.3f deg%n",
                    pose.x(), pose.y(), pose.height(), Math.toDegrees(pose.pitch()), Math.toDegrees(pose.roll()),
                    Math.toDegrees(pose.yaw()));
            Path target = out != null ? out : camera;
            CameraModelYaml.write(model.withPose(pose), target);
            o.println("wrote " + target);
            return CommandLine.ExitCode.OK;
        } catch (CalibrationException e) {
            spec.commandLine().getErr().println("calibrate extrinsics: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
    }
}
