package dev.trident.calibration.cli;

import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.io.CameraModelYaml;
import dev.trident.calibration.tool.CalibrationImages;
import dev.trident.calibration.tool.CalibrationReport;
import dev.trident.calibration.tool.ChessboardPattern;
import dev.trident.calibration.tool.IntrinsicCalibrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trident calibrate intrinsics --images DIR --pattern 9x6 --square 0.025 [--fisheye]}:
 * finds the chessboard in every photo, calibrates, rejects outlier views, prints the RMS error
 * and camera matrix, and writes the camera YAML and a report PNG.
 *
 * <p>One execution per instance; not thread-safe.
 */
@Command(name = "intrinsics", mixinStandardHelpOptions = true,
        description = "Calibrate lens and focal length from photos of a printed chessboard.")
public final class IntrinsicsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder of chessboard photos (one camera, one resolution).")
    Path images;

    @Option(names = "--pattern", required = true, paramLabel = "COLSxROWS",
            description = "Inner corners per row x per column, e.g. 9x6 for a board of 10x7 squares.")
    String pattern;

    @Option(names = "--square", required = true, paramLabel = "METRES", description = "Side of one square in metres, e.g. 0.025.")
    double square;

    @Option(names = "--fisheye", description = "Fit the equidistant fisheye model (k1..k4) instead of Brown-Conrady.")
    boolean fisheye;

    @Option(names = "--name", defaultValue = "camera", description = "camera_name written to the file (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--out", defaultValue = "camera.yaml", paramLabel = "FILE", description = "Camera YAML to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", defaultValue = "calibration-report.png", paramLabel = "FILE",
            description = "Report image to write (default: ${DEFAULT-VALUE}).")
    Path report;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        try {
            ChessboardPattern board = ChessboardPattern.parse(pattern, square);
            CalibrationImages.Scan scan = CalibrationImages.scan(images, board);
            o.printf(Locale.ROOT, "board %s found in %d of %d images (%dx%d)%n", board, scan.views().size(), scan.total(),
                    scan.width(), scan.height());
            if (!scan.noBoard().isEmpty()) {
                o.println("no board found in: " + String.join(", ", scan.noBoard()));
            }
            if (!scan.unreadable().isEmpty()) {
                o.println("could not decode: " + String.join(", ", scan.unreadable()));
            }
            IntrinsicCalibrator.Result result = new IntrinsicCalibrator(board, fisheye)
                    .calibrate(name, scan.width(), scan.height(), scan.views());
            for (IntrinsicCalibrator.RejectedView r : result.rejected()) {
                o.println("rejected " + r.name() + ": " + r.reason());
            }
            o.println("per-view RMS (px):");
            for (IntrinsicCalibrator.ViewError v : result.views()) {
                o.printf(Locale.ROOT, "  %-32s %.3f%n", v.name(), v.rmsPx());
            }
            CameraIntrinsics k = result.model().intrinsics();
            o.printf(Locale.ROOT, "RMS reprojection error: %.4f px over %d views (%d rejected)%n", result.rmsPx(),
                    result.views().size(), result.rejected().size());
            o.printf(Locale.ROOT, "camera matrix:%n  [%12.4f %12.4f %12.4f]%n  [%12.4f %12.4f %12.4f]%n  [%12.4f %12.4f %12.4f]%n",
                    k.fx(), 0.0, k.cx(), 0.0, k.fy(), k.cy(), 0.0, 0.0, 1.0);
            o.println("distortion (" + result.model().distortion().rosModel() + "): "
                    + Arrays.toString(result.model().distortion().coefficients()));
            CameraModelYaml.write(result.model(), out);
            o.println("wrote " + out);
            CalibrationReport.write(report, scan, board, result);
            o.println("wrote " + report);
            return CommandLine.ExitCode.OK;
        } catch (CalibrationException e) {
            spec.commandLine().getErr().println("calibrate intrinsics: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
    }
}
