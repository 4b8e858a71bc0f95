package dev.trident.calibration.tool;

import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.OpenCvNatives;
import dev.trident.calibration.Undistorter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The picture a person checks after an intrinsic calibration: a 2×2 grid of up to three views
 * with the detected corners drawn and their reprojection errors, and the first view undistorted
 * with the new camera (straight edges should come out straight).
 *
 * <p>Stateless; thread-safe.
 */
public final class CalibrationReport {
    static final int TILE_WIDTH = 640;

    private CalibrationReport() {
    }

    /** Writes the report PNG for {@code result}, whose views came from {@code scan}. */
    public static void write(Path out, CalibrationImages.Scan scan, ChessboardPattern pattern,
                             IntrinsicCalibrator.Result result) {
        OpenCvNatives.load();
        int tileHeight = (int) Math.round((double) scan.height() * TILE_WIDTH / scan.width());
        Mat canvas = new Mat(2 * tileHeight, 2 * TILE_WIDTH, CvType.CV_8UC3, new Scalar(40, 40, 40));
        List<Mat> temp = new ArrayList<>();
        try {
            int shown = 0;
            for (IntrinsicCalibrator.ViewError kept : result.views()) {
                if (shown == 3) {
                    break;
                }
                int index = indexOf(scan, kept.name());
                Mat image = track(temp, Imgcodecs.imread(scan.paths().get(index).toString(), Imgcodecs.IMREAD_COLOR));
                MatOfPoint2f corners = IntrinsicCalibrator.toMat(scan.views().get(index).corners());
                temp.add(corners);
                Calib3d.drawChessboardCorners(image, pattern.size(), corners, true);
                place(canvas, image, shown % 2, shown / 2, tileHeight,
                        String.format(Locale.ROOT, "%s  %.3f px", kept.name(), kept.rmsPx()));
                shown++;
            }
            IntrinsicCalibrator.ViewError first = result.views().get(0);
            Mat image = track(temp, Imgcodecs.imread(scan.paths().get(indexOf(scan, first.name())).toString(),
                    Imgcodecs.IMREAD_COLOR));
            Mat undistorted = track(temp, new Mat());
            try (Undistorter undistorter = new Undistorter(result.model())) {
                undistorter.undistort(image, undistorted);
            }
            place(canvas, undistorted, 1, 1, tileHeight, String.format(Locale.ROOT,
                    "%s undistorted  (RMS %.3f px, %d views)", first.name(), result.rmsPx(), result.views().size()));
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Imgcodecs.imwrite(out.toString(), canvas)) {
                throw new CalibrationException("cannot write report image " + out + "; use a .png path in a writable folder");
            }
        } catch (java.io.IOException e) {
            throw new CalibrationException("cannot create the folder for " + out + ": " + e.getMessage(), e);
        } finally {
            temp.forEach(Mat::release);
            canvas.release();
        }
    }

    private static Mat track(List<Mat> temp, Mat m) {
        temp.add(m);
        return m;
    }

    private static int indexOf(CalibrationImages.Scan scan, String name) {
        for (int i = 0; i < scan.views().size(); i++) {
            if (scan.views().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("view " + name + " is not in the scan");
    }

    private static void place(Mat canvas, Mat image, int col, int row, int tileHeight, String label) {
        Mat tile = canvas.submat(new Rect(col * TILE_WIDTH, row * tileHeight, TILE_WIDTH, tileHeight));
        try {
            Imgproc.resize(image, tile, new Size(TILE_WIDTH, tileHeight), 0, 0, Imgproc.INTER_AREA);
            Imgproc.rectangle(tile, new Point(0, 0), new Point(TILE_WIDTH, 26), new Scalar(0, 0, 0), Core.FILLED);
            Imgproc.putText(tile, label, new Point(8, 19), Imgproc.FONT_HERSHEY_SIMPLEX, 0.55,
                    new Scalar(255, 255, 255), 1, Imgproc.LINE_AA);
        } finally {
            tile.release();
        }
    }
}
