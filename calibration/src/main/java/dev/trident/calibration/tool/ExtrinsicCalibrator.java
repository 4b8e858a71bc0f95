package dev.trident.calibration.tool;

import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.CameraPose;
import dev.trident.calibration.OpenCvNatives;
import dev.trident.calibration.PinholeCamera;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Point;
import org.opencv.core.Point3;

/**
 * Finds where a calibrated camera sits on the vehicle (extrinsics camera → vehicle), either from
 * a measured height and angles or from image points whose vehicle-frame positions are known
 * (e.g. marks on the floor in front of the car), with {@code solvePnP}.
 *
 * <p>Stateless; thread-safe.
 */
public final class ExtrinsicCalibrator {
    public static final int MIN_POINTS = 4;

    /**
     * One correspondence.
     *
     * @param u pixel column in the camera's (distorted) image, pixel-centre convention
     * @param v pixel row
     * @param x vehicle frame, metres forward
     * @param y vehicle frame, metres left
     * @param z vehicle frame, metres up (0 for marks on the ground)
     */
    public record PointPair(double u, double v, double x, double y, double z) {
    }

    /**
     * The pose and how well it explains the points.
     *
     * @param pose        camera → vehicle
     * @param rmsPx       RMS reprojection error of the points, pixels
     * @param maxPx       largest reprojection error, pixels
     * @param rmsGroundM  RMS distance on the ground between each ground point (z = 0) and where its
     *                    pixel's ray meets the ground under the found pose, metres; NaN without ground points
     */
    public record Result(CameraPose pose, double rmsPx, double maxPx, double rmsGroundM) {
    }

    private ExtrinsicCalibrator() {
    }

    /** The pose from a tape-measured height and inclinometer angles (degrees). */
    public static CameraPose fromMeasured(double x, double y, double height, double pitchDeg, double rollDeg,
                                          double yawDeg) {
        try {
            return new CameraPose(x, y, height, Math.toRadians(pitchDeg), Math.toRadians(rollDeg), Math.toRadians(yawDeg));
        } catch (IllegalArgumentException e) {
            throw new CalibrationException(e.getMessage() + "; pass --height in metres above the ground", e);
        }
    }

    /**
     * Solves the pose of {@code camera} from at least {@link #MIN_POINTS} correspondences.
     *
     * @throws CalibrationException with too few or degenerate points, or a pose below the ground
     */
    public static Result fromPoints(CameraModel camera, List<PointPair> points) {
        OpenCvNatives.load();
        if (points.size() < MIN_POINTS) {
            throw new CalibrationException("solvePnP needs at least " + MIN_POINTS + " image/vehicle point pairs, got "
                    + points.size() + "; add more measured marks spread over the image");
        }
        requireSpread(points);
        double[] ideal = new double[2];
        Point[] image = new Point[points.size()];
        Point3[] world = new Point3[points.size()];
        for (int i = 0; i < points.size(); i++) {
            PointPair p = points.get(i);
            if (!camera.undistortPixel(p.u(), p.v(), ideal)) {
                throw new CalibrationException("point " + (i + 1) + " at pixel (" + p.u() + ", " + p.v()
                        + ") lies outside the region the lens model covers; drop it or check the camera file");
            }
            image[i] = new Point(ideal[0], ideal[1]);
            world[i] = new Point3(p.x(), p.y(), p.z());
        }
        MatOfPoint3f objectPoints = new MatOfPoint3f(world);
        MatOfPoint2f imagePoints = new MatOfPoint2f(image);
        Mat k = new Mat(3, 3, CvType.CV_64F);
        MatOfDouble noDistortion = new MatOfDouble();
        Mat rvec = new Mat();
        Mat tvec = new Mat();
        Mat rotation = new Mat();
        try {
            k.put(0, 0, camera.intrinsics().cameraMatrix());
            // SQPnP is global for any point layout (planar or not, ≥ 3 points); LM then polishes it.
            if (!Calib3d.solvePnP(objectPoints, imagePoints, k, noDistortion, rvec, tvec, false, Calib3d.SOLVEPNP_SQPNP)) {
                throw new CalibrationException("solvePnP found no pose for these points; check that each pixel matches"
                        + " its vehicle coordinates");
            }
            Calib3d.solvePnP(objectPoints, imagePoints, k, noDistortion, rvec, tvec, true, Calib3d.SOLVEPNP_ITERATIVE);
            Calib3d.Rodrigues(rvec, rotation);
            double[] r = new double[9];
            rotation.get(0, 0, r);
            double[] t = new double[3];
            tvec.get(0, 0, t);
            // vehicle → camera is p_c = R·p_v + t, so camera → vehicle is Rᵀ, −Rᵀ·t.
            double[] m = {
                r[0], r[3], r[6], -(r[0] * t[0] + r[3] * t[1] + r[6] * t[2]),
                r[1], r[4], r[7], -(r[1] * t[0] + r[4] * t[1] + r[7] * t[2]),
                r[2], r[5], r[8], -(r[2] * t[0] + r[5] * t[1] + r[8] * t[2]),
                0, 0, 0, 1
            };
            if (!(m[11] > 0)) {
                throw new CalibrationException(String.format(java.util.Locale.ROOT,
                        "solvePnP puts the camera %.3f m above the ground; check the point coordinates"
                                + " (x forward, y left, z up, metres) and that pixels match them", m[11]));
            }
            CameraPose pose = CameraPose.fromCameraToVehicle(m);
            return residuals(camera.withPose(pose), points);
        } finally {
            objectPoints.release();
            imagePoints.release();
            k.release();
            noDistortion.release();
            rvec.release();
            tvec.release();
            rotation.release();
        }
    }

    /** Reprojection and ground residuals of {@code points} under {@code camera}'s pose. */
    public static Result residuals(CameraModel camera, List<PointPair> points) {
        PinholeCamera pinhole = camera.pinhole();
        double[] c = new double[3];
        double[] px = new double[3];
        double sumSq = 0;
        double max = 0;
        double groundSq = 0;
        int ground = 0;
        for (PointPair p : points) {
            pinhole.vehicleToCamera(p.x(), p.y(), p.z(), c);
            double e;
            if (camera.projectCameraPoint(c[0], c[1], c[2], px)) {
                e = Math.hypot(px[0] - p.u(), px[1] - p.v());
            } else {
                e = Double.POSITIVE_INFINITY; // behind the camera
            }
            sumSq += e * e;
            max = Math.max(max, e);
            if (p.z() == 0) {
                ground++;
                double[] ideal = new double[2];
                camera.undistortPixel(p.u(), p.v(), ideal);
                double[] g = new double[3];
                double d = pinhole.groundPoint(ideal[0], ideal[1], g) ? Math.hypot(g[0] - p.x(), g[1] - p.y())
                        : Double.POSITIVE_INFINITY;
                groundSq += d * d;
            }
        }
        return new Result(camera.pose(), Math.sqrt(sumSq / points.size()), max,
                ground == 0 ? Double.NaN : Math.sqrt(groundSq / ground));
    }

    /** Rejects point sets that cannot fix a pose: all on (nearly) one line. */
    private static void requireSpread(List<PointPair> points) {
        double mx = 0, my = 0, mz = 0;
        for (PointPair p : points) {
            mx += p.x();
            my += p.y();
            mz += p.z();
        }
        int n = points.size();
        mx /= n;
        my /= n;
        mz /= n;
        double[] cov = new double[9];
        for (PointPair p : points) {
            double[] d = {p.x() - mx, p.y() - my, p.z() - mz};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cov[i * 3 + j] += d[i] * d[j];
                }
            }
        }
        // Second invariant of the covariance: zero iff the points lie on one line.
        double trace = cov[0] + cov[4] + cov[8];
        double minors = cov[0] * cov[4] - cov[1] * cov[3] + cov[0] * cov[8] - cov[2] * cov[6]
                + cov[4] * cov[8] - cov[5] * cov[7];
        if (!(trace > 0) || minors < 1e-6 * trace * trace) {
            throw new CalibrationException("the vehicle-frame points lie (nearly) on one line; spread them out"
                    + " sideways as well as forward");
        }
    }

    /**
     * Reads correspondences from a CSV of {@code u,v,x,y[,z]} lines (pixels, then vehicle-frame
     * metres). Blank lines, {@code #} comments and a header line are skipped.
     */
    public static List<PointPair> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CalibrationException("points file " + file + " does not exist");
        } catch (IOException e) {
            throw new CalibrationException("cannot read points file " + file + ": " + e.getMessage(), e);
        }
        List<PointPair> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s*[,;\\t]\\s*");
            if (out.isEmpty() && !f[0].isEmpty() && !Character.isDigit(f[0].charAt(0)) && f[0].charAt(0) != '-'
                    && f[0].charAt(0) != '.' && f[0].charAt(0) != '+') {
                continue; // header
            }
            if (f.length != 4 && f.length != 5) {
                throw new CalibrationException(file + " line " + (i + 1) + ": expected u,v,x,y or u,v,x,y,z, got '"
                        + line + "'");
            }
            double[] v = new double[5];
            for (int j = 0; j < f.length; j++) {
                try {
                    v[j] = Double.parseDouble(f[j]);
                } catch (NumberFormatException e) {
                    throw new CalibrationException(file + " line " + (i + 1) + ": '" + f[j] + "' is not a number", e);
                }
                if (!Double.isFinite(v[j])) {
                    throw new CalibrationException(file + " line " + (i + 1) + ": '" + f[j] + "' is not a finite number");
                }
            }
            out.add(new PointPair(v[0], v[1], v[2], v[3], v[4]));
        }
        return out;
    }
}
