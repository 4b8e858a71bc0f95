package dev.trident.calibration;

import java.util.Arrays;
import java.util.Locale;

/**
 * A lens distortion model acting on normalized image coordinates (x = X/Z, y = Y/Z in the
 * OpenCV camera frame), so its coefficients do not depend on the image resolution.
 *
 * <p>The three models match OpenCV's and ROS's:
 * <ul>
 *   <li>{@link None} — an ideal pinhole;</li>
 *   <li>{@link BrownConrady} — ROS {@code plumb_bob}, OpenCV's default model (k1, k2, p1, p2, k3);</li>
 *   <li>{@link Fisheye} — ROS {@code equidistant}, OpenCV's {@code cv::fisheye} model (k1..k4).</li>
 * </ul>
 *
 * <p>{@link #distort} and {@link #undistort} write into a caller's array and allocate nothing,
 * so they can run per pixel. Implementations are immutable values; thread-safe.
 */
public sealed interface Distortion permits Distortion.None, Distortion.BrownConrady, Distortion.Fisheye {

    /** The ideal pinhole: no distortion. */
    None NONE = new None();

    /** ROS {@code distortion_model} name. */
    String rosModel();

    /** Coefficients in ROS/OpenCV order. */
    double[] coefficients();

    /** True when {@link #distort} is the identity. */
    boolean isIdentity();

    /** Ideal normalized coordinates (x, y) → distorted normalized coordinates, written to {@code out[0..1]}. */
    void distort(double x, double y, double[] out);

    /**
     * Distorted normalized coordinates → ideal normalized coordinates, written to
     * {@code out[0..1]}. Returns false when the inversion did not converge (the point lies outside
     * the region where the model is invertible); {@code out} then holds the best estimate.
     */
    boolean undistort(double xd, double yd, double[] out);

    /**
     * The model named {@code rosModel} with the given coefficients, as found in a ROS
     * {@code camera_info}. {@code plumb_bob} with all-zero coefficients is {@link #NONE}.
     *
     * @throws CalibrationException on an unknown model, a wrong coefficient count or a non-finite value
     */
    static Distortion fromRos(String rosModel, double[] c) {
        for (double v : c) {
            if (!Double.isFinite(v)) {
                throw new CalibrationException("distortion_coefficients must be finite numbers, got " + Arrays.toString(c));
            }
        }
        String model = rosModel == null ? "" : rosModel.trim().toLowerCase(Locale.ROOT);
        switch (model) {
            case "plumb_bob":
                if (c.length != 5 && c.length != 4) {
                    throw new CalibrationException("distortion_model plumb_bob needs 5 coefficients (k1, k2, p1, p2, k3), got "
                            + c.length);
                }
                BrownConrady bc = new BrownConrady(c[0], c[1], c[2], c[3], c.length == 5 ? c[4] : 0);
                return bc.isIdentity() ? NONE : bc;
            case "equidistant":
            case "fisheye":
                if (c.length != 4) {
                    throw new CalibrationException("distortion_model equidistant needs 4 coefficients (k1, k2, k3, k4), got "
                            + c.length);
                }
                return new Fisheye(c[0], c[1], c[2], c[3]);
            default:
                throw new CalibrationException("distortion_model '" + rosModel
                        + "' is not supported; use plumb_bob (k1, k2, p1, p2, k3) or equidistant (k1, k2, k3, k4)");
        }
    }

    /** No distortion. Written to ROS files as {@code plumb_bob} with five zeros. */
    record None() implements Distortion {
        @Override
        public String rosModel() {
            return "plumb_bob";
        }

        @Override
        public double[] coefficients() {
            return new double[5];
        }

        @Override
        public boolean isIdentity() {
            return true;
        }

        @Override
        public void distort(double x, double y, double[] out) {
            out[0] = x;
            out[1] = y;
        }

        @Override
        public boolean undistort(double xd, double yd, double[] out) {
            out[0] = xd;
            out[1] = yd;
            return true;
        }
    }

    /**
     * Brown–Conrady radial + tangential distortion (OpenCV's 5-coefficient model):
     * <pre>
     * r² = x² + y²,  radial = 1 + k1·r² + k2·r⁴ + k3·r⁶
     * x' = x·radial + 2·p1·x·y + p2·(r² + 2x²)
     * y' = y·radial + p1·(r² + 2y²) + 2·p2·x·y
     * </pre>
     */
    record BrownConrady(double k1, double k2, double p1, double p2, double k3) implements Distortion {
        public BrownConrady {
            for (double v : new double[] {k1, k2, p1, p2, k3}) {
                if (!Double.isFinite(v)) {
                    throw new CalibrationException("Brown-Conrady coefficients must be finite");
                }
            }
        }

        @Override
        public String rosModel() {
            return "plumb_bob";
        }

        @Override
        public double[] coefficients() {
            return new double[] {k1, k2, p1, p2, k3};
        }

        @Override
        public boolean isIdentity() {
            return k1 == 0 && k2 == 0 && p1 == 0 && p2 == 0 && k3 == 0;
        }

        @Override
        public void distort(double x, double y, double[] out) {
            double r2 = x * x + y * y;
            double radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
            out[0] = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x);
            out[1] = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y;
        }

        @Override
        public boolean undistort(double xd, double yd, double[] out) {
            // Newton on the 2-D map, starting from the distorted point; the analytic Jacobian keeps
            // it converging for strong barrel distortion where OpenCV's fixed-point loop stalls.
            double x = xd;
            double y = yd;
            for (int i = 0; i < 30; i++) {
                double r2 = x * x + y * y;
                double radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
                double dRadial = k1 + r2 * (2 * k2 + 3 * k3 * r2); // d radial / d r²
                double fx = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x) - xd;
                double fy = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y - yd;
                double a = radial + 2 * x * x * dRadial + 2 * p1 * y + 6 * p2 * x;
                double b = 2 * x * y * dRadial + 2 * p1 * x + 2 * p2 * y;
                double c = 2 * x * y * dRadial + 2 * p1 * x + 2 * p2 * y;
                double d = radial + 2 * y * y * dRadial + 6 * p1 * y + 2 * p2 * x;
                double det = a * d - b * c;
                if (!(Math.abs(det) > 1e-12)) {
                    break;
                }
                double sx = (d * fx - b * fy) / det;
                double sy = (a * fy - c * fx) / det;
                x -= sx;
                y -= sy;
                if (Math.abs(sx) + Math.abs(sy) < 1e-15) {
                    break;
                }
            }
            out[0] = x;
            out[1] = y;
            distort(x, y, out);
            boolean ok = Math.abs(out[0] - xd) + Math.abs(out[1] - yd) < 1e-9 && Double.isFinite(x) && Double.isFinite(y);
            out[0] = x;
            out[1] = y;
            return ok;
        }
    }

    /**
     * Equidistant fisheye distortion (OpenCV's {@code cv::fisheye}, ROS {@code equidistant}):
     * <pre>
     * r = √(x² + y²),  θ = atan(r),  θd = θ·(1 + k1·θ² + k2·θ⁴ + k3·θ⁶ + k4·θ⁸)
     * (x', y') = (θd / r)·(x, y)
     * </pre>
     */
    record Fisheye(double k1, double k2, double k3, double k4) implements Distortion {
        public Fisheye {
            for (double v : new double[] {k1, k2, k3, k4}) {
                if (!Double.isFinite(v)) {
                    throw new CalibrationException("fisheye coefficients must be finite");
                }
            }
        }

        @Override
        public String rosModel() {
            return "equidistant";
        }

        @Override
        public double[] coefficients() {
            return new double[] {k1, k2, k3, k4};
        }

        @Override
        public boolean isIdentity() {
            return false; // even with k = 0 the equidistant projection is not a pinhole
        }

        @Override
        public void distort(double x, double y, double[] out) {
            double r = Math.sqrt(x * x + y * y);
            if (r < 1e-12) {
                out[0] = x;
                out[1] = y;
                return;
            }
            double theta = Math.atan(r);
            double scale = thetaD(theta) / r;
            out[0] = x * scale;
            out[1] = y * scale;
        }

        @Override
        public boolean undistort(double xd, double yd, double[] out) {
            double thetaD = Math.sqrt(xd * xd + yd * yd);
            if (thetaD < 1e-12) {
                out[0] = xd;
                out[1] = yd;
                return true;
            }
            double theta = thetaD;
            for (int i = 0; i < 30; i++) {
                double t2 = theta * theta;
                double f = thetaD(theta) - thetaD;
                double df = 1 + t2 * (3 * k1 + t2 * (5 * k2 + t2 * (7 * k3 + t2 * 9 * k4)));
                if (!(Math.abs(df) > 1e-12)) {
                    break;
                }
                double step = f / df;
                theta -= step;
                if (Math.abs(step) < 1e-15) {
                    break;
                }
            }
            // Rays at or beyond 90° from the axis have no pinhole image.
            boolean ok = theta >= 0 && theta < Math.PI / 2 - 1e-6 && Math.abs(thetaD(theta) - thetaD) < 1e-9;
            double scale = Math.tan(Math.min(Math.max(theta, 0), Math.PI / 2 - 1e-6)) / thetaD;
            out[0] = xd * scale;
            out[1] = yd * scale;
            return ok;
        }

        private double thetaD(double theta) {
            double t2 = theta * theta;
            return theta * (1 + t2 * (k1 + t2 * (k2 + t2 * (k3 + t2 * k4))));
        }
    }
}
