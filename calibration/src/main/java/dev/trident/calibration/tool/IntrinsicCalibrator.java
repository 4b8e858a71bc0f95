package dev.trident.calibration.tool;

import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.Distortion;
import dev.trident.calibration.OpenCvNatives;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Size;
import org.opencv.core.TermCriteria;

/**
 * Estimates a camera's intrinsics and distortion from chessboard views: OpenCV's
 * {@code calibrateCamera} (Brown–Conrady k1, k2, p1, p2, k3) or {@code fisheye::calibrate}
 * (equidistant k1..k4), per-view reprojection errors, then one round of outlier rejection — a
 * view whose RMS error exceeds max(3 × the median view error, 1 px) is dropped, with the reason
 * recorded, and the camera is calibrated again without it.
 *
 * <p>Stateless apart from its settings; thread-safe.
 */
public final class IntrinsicCalibrator {
    /** Fewer usable views than this cannot constrain 9 parameters plus 6 per view reliably. */
    public static final int MIN_VIEWS = 5;
    static final double OUTLIER_MEDIAN_FACTOR = 3.0;
    static final double OUTLIER_FLOOR_PX = 1.0;

    /**
     * Corners found in one image.
     *
     * @param name    the image (file name), for reports
     * @param corners x0, y0, x1, y1, … in pixel-centre coordinates, in pattern order
     */
    public record View(String name, double[] corners) {
    }

    /** One view's RMS reprojection error, pixels. */
    public record ViewError(String name, double rmsPx) {
    }

    /** A view dropped as an outlier and why. */
    public record RejectedView(String name, double rmsPx, String reason) {
    }

    /**
     * The calibration.
     *
     * @param model    the camera (no extrinsics)
     * @param rmsPx    RMS reprojection error over every corner of the kept views, pixels
     * @param views    kept views with their errors
     * @param rejected views dropped as outliers
     */
    public record Result(CameraModel model, double rmsPx, List<ViewError> views, List<RejectedView> rejected) {
    }

    private final ChessboardPattern pattern;
    private final boolean fisheye;

    public IntrinsicCalibrator(ChessboardPattern pattern, boolean fisheye) {
        OpenCvNatives.load();
        this.pattern = pattern;
        this.fisheye = fisheye;
    }

    /**
     * Calibrates a camera named {@code name} from {@code views} of a {@code width×height} image.
     *
     * @throws CalibrationException with fewer than {@link #MIN_VIEWS} views before or after outlier rejection
     */
    public Result calibrate(String name, int width, int height, List<View> views) {
        requireViews(views.size(), "usable chessboard views");
        Fit first = fit(width, height, views);
        double[] errors = first.viewErrors;
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
        double limit = Math.max(OUTLIER_MEDIAN_FACTOR * median, OUTLIER_FLOOR_PX);
        List<View> kept = new ArrayList<>();
        List<RejectedView> rejected = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            if (errors[i] > limit) {
                rejected.add(new RejectedView(views.get(i).name(), errors[i], String.format(Locale.ROOT,
                        "reprojection error %.3f px > limit %.3f px (max of 3 x median %.3f px, %.1f px):"
                                + " blurred, mis-detected or a bent board", errors[i], limit, median, OUTLIER_FLOOR_PX)));
            } else {
                kept.add(views.get(i));
            }
        }
        Fit fit = first;
        if (!rejected.isEmpty()) {
            if (kept.size() < MIN_VIEWS) {
                throw new CalibrationException("only " + kept.size() + " views are left after rejecting " + rejected.size()
                        + " outliers (need " + MIN_VIEWS + "); take more sharp photos of a flat board");
            }
            fit = fit(width, height, kept);
        }
        List<ViewError> viewErrors = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            viewErrors.add(new ViewError(kept.get(i).name(), fit.viewErrors[i]));
        }
        CameraModel model = new CameraModel(name, fit.intrinsics, fit.distortion);
        return new Result(model, fit.rms, List.copyOf(viewErrors), List.copyOf(rejected));
    }

    private static void requireViews(int n, String what) {
        if (n < MIN_VIEWS) {
            throw new CalibrationException("only " + n + " " + what + " (need at least " + MIN_VIEWS
                    + "); add photos of the whole board from different angles and distances");
        }
    }

    private record Fit(CameraIntrinsics intrinsics, Distortion distortion, double rms, double[] viewErrors) {
    }

    private Fit fit(int width, int height, List<View> views) {
        List<Mat> objectPoints = new ArrayList<>();
        List<Mat> imagePoints = new ArrayList<>();
        List<Mat> rvecs = new ArrayList<>();
        List<Mat> tvecs = new ArrayList<>();
        Mat k = new Mat();
        Mat d = new Mat();
        MatOfPoint2f projected = new MatOfPoint2f();
        MatOfDouble coeffs = new MatOfDouble();
        try {
            for (View v : views) {
                objectPoints.add(pattern.objectPoints());
                imagePoints.add(toMat(v.corners()));
            }
            Size size = new Size(width, height);
            TermCriteria criteria = new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, 100, 1e-12);
            if (fisheye) {
                int flags = Calib3d.fisheye_CALIB_RECOMPUTE_EXTRINSIC | Calib3d.fisheye_CALIB_FIX_SKEW;
                Calib3d.fisheye_calibrate(objectPoints, imagePoints, size, k, d, rvecs, tvecs, flags, criteria);
            } else {
                Calib3d.calibrateCamera(objectPoints, imagePoints, size, k, d, rvecs, tvecs, 0, criteria);
            }
            double[] dm = new double[(int) d.total()];
            d.get(0, 0, dm);
            // projectPoints wants the coefficients as a vector; a converted 1×N Mat is silently ignored.
            coeffs.fromArray(dm);
            double[] errors = new double[views.size()];
            double sumSq = 0;
            int count = 0;
            for (int i = 0; i < views.size(); i++) {
                if (fisheye) {
                    Calib3d.fisheye_projectPoints(objectPoints.get(i), projected, rvecs.get(i), tvecs.get(i), k, d);
                } else {
                    Calib3d.projectPoints((MatOfPoint3f) objectPoints.get(i), rvecs.get(i), tvecs.get(i), k, coeffs,
                            projected);
                }
                float[] p = new float[pattern.cornerCount() * 2];
                projected.get(0, 0, p);
                double[] c = views.get(i).corners();
                double viewSq = 0;
                for (int j = 0; j < p.length; j++) {
                    double e = p[j] - c[j];
                    viewSq += e * e;
                }
                errors[i] = Math.sqrt(viewSq / pattern.cornerCount());
                sumSq += viewSq;
                count += pattern.cornerCount();
            }
            double[] km = new double[9];
            k.get(0, 0, km);
            CameraIntrinsics intrinsics;
            try {
                intrinsics = new CameraIntrinsics(width, height, km[0], km[4], km[2], km[5]);
            } catch (IllegalArgumentException e) {
                throw new CalibrationException("calibration diverged (" + e.getMessage() + "); check --pattern and"
                        + " --square and that the views show the board from varied angles", e);
            }
            Distortion distortion = fisheye
                    ? new Distortion.Fisheye(dm[0], dm[1], dm[2], dm[3])
                    : Distortion.fromRos("plumb_bob", Arrays.copyOf(dm, 5));
            return new Fit(intrinsics, distortion, Math.sqrt(sumSq / count), errors);
        } catch (org.opencv.core.CvException e) {
            throw new CalibrationException("OpenCV could not calibrate from these views (" + firstLine(e.getMessage())
                    + "); use views where the board fills more of the image at varied angles", e);
        } finally {
            objectPoints.forEach(Mat::release);
            imagePoints.forEach(Mat::release);
            rvecs.forEach(Mat::release);
            tvecs.forEach(Mat::release);
            k.release();
            d.release();
            projected.release();
            coeffs.release();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    static MatOfPoint2f toMat(double[] corners) {
        MatOfPoint2f m = new MatOfPoint2f();
        m.alloc(corners.length / 2);
        float[] f = new float[corners.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) corners[i];
        }
        m.put(0, 0, f);
        return m;
    }
}
