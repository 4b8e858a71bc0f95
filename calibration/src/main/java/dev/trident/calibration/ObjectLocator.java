package dev.trident.calibration;

/**
 * Places a detected object in the vehicle frame by fusing two distance estimates along the ray
 * through the bottom centre of its box:
 * <ol>
 *   <li><b>flat ground</b> — where that ray meets the road plane z = 0 (the object's contact
 *       point), from the calibrated camera height and angles;</li>
 *   <li><b>depth head</b> — a robust statistic (e.g. the median) of the network's metric depth
 *       inside the lower part of the box, computed and focal-rescaled by the caller.</li>
 * </ol>
 *
 * <p>Fusion rule (inverse-variance weighting of the two camera depths):
 * <ul>
 *   <li>flat ground: with α the ray's angle below the horizon and R = h / sin α the range along
 *       it, a small error δα (pitch change, road slope, bottom-edge pixel error) moves R by
 *       R²·cos α / h · δα. So σ_ground = R²·cos α / h · √(σ_angle² + (σ_px / f_y)²), converted to
 *       depth; it grows with the square of distance and without bound near the horizon;</li>
 *   <li>depth head: σ_head = depthRelativeSigma · depth;</li>
 *   <li>both valid and consistent: depth = (d_g/σ_g² + d_h/σ_h²) / (1/σ_g² + 1/σ_h²);</li>
 *   <li>both valid but more than {@code gateSigmas} combined sigmas apart: the flat-ground
 *       assumption is taken to have failed (hill, kerb, occluded bottom edge) and the depth
 *       head is used;</li>
 *   <li>only one valid: that one. The ground estimate is invalid when the ray does not point
 *       below the horizon or the box touches the bottom of the frame (the contact point is not
 *       visible); the head estimate when it is not a finite positive number.</li>
 * </ul>
 *
 * <p>Boxes are in the runtime's continuous pixel convention ({@code Detection}: pixel i spans
 * [i, i+1)) at the frame size {@code camera} is calibrated for; the distortion of {@code camera}
 * must describe those pixels ({@link Distortion#NONE} for frames already undistorted, i.e.
 * {@code model.undistorted(undistorter.outputIntrinsics())}).
 *
 * <p>Immutable; thread-safe; {@link #locate} allocates only its result and a 3-element scratch array.
 */
public final class ObjectLocator {

    /**
     * Error model of the two estimates.
     *
     * @param groundAngleSigmaDeg one-sigma error of the ray's angle to the road, degrees: pitch
     *                            changes under braking, road slope, calibration error
     * @param bottomEdgeSigmaPx   one-sigma error of the box's bottom edge, pixels
     * @param depthRelativeSigma  one-sigma relative error of the depth head (0.1 = 10 %)
     * @param gateSigmas          estimates further apart than this many combined sigmas are not fused
     */
    public record Parameters(double groundAngleSigmaDeg, double bottomEdgeSigmaPx, double depthRelativeSigma,
                             double gateSigmas) {
        /** 1° road/pitch uncertainty, 1 px box edge, 10 % depth head, 3-sigma gate. */
        public static final Parameters DEFAULT = new Parameters(1.0, 1.0, 0.10, 3.0);

        public Parameters {
            if (!(groundAngleSigmaDeg > 0) || !(bottomEdgeSigmaPx >= 0) || !(depthRelativeSigma > 0) || !(gateSigmas > 0)) {
                throw new CalibrationException("object locator error model needs positive sigmas, got " + groundAngleSigmaDeg
                        + "°, " + bottomEdgeSigmaPx + " px, " + depthRelativeSigma + ", gate " + gateSigmas);
            }
        }
    }

    /** Which estimate a location came from. */
    public enum Source { FUSED, GROUND, DEPTH_HEAD, NONE }

    /**
     * Where an object is.
     *
     * @param source      which estimate(s) produced it; {@link Source#NONE} leaves the numbers NaN
     * @param distance    horizontal range from the vehicle origin, √(x² + y²), metres
     * @param x           vehicle frame, metres forward
     * @param y           vehicle frame, metres left
     * @param z           vehicle frame, metres up (0 for a pure flat-ground estimate)
     * @param depth       camera depth (optical-axis Z) of the bottom-centre point, metres
     * @param sigma       one-sigma uncertainty of {@code depth}, metres
     * @param groundDepth the flat-ground estimate of the depth, NaN when invalid
     * @param headDepth   the depth-head estimate as given, NaN when invalid
     */
    public record Location(Source source, double distance, double x, double y, double z, double depth, double sigma,
                           double groundDepth, double headDepth) {
        static Location none(double groundDepth, double headDepth) {
            return new Location(Source.NONE, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    groundDepth, headDepth);
        }
    }

    private final CameraModel camera;
    private final PinholeCamera pinhole;
    private final Parameters parameters;
    private final double angleSigmaRad;

    public ObjectLocator(CameraModel camera) {
        this(camera, Parameters.DEFAULT);
    }

    /**
     * @param camera the camera the frames come from, at the frame size, with extrinsics
     * @throws CalibrationException when {@code camera} has no extrinsics
     */
    public ObjectLocator(CameraModel camera, Parameters parameters) {
        this.camera = camera;
        this.pinhole = camera.pinhole();
        this.parameters = parameters;
        this.angleSigmaRad = Math.toRadians(parameters.groundAngleSigmaDeg());
    }

    public CameraModel camera() {
        return camera;
    }

    /**
     * Locates the object in box {@code (x1, y1)–(x2, y2)} (continuous pixels).
     *
     * @param headDepth the depth head's robust depth inside the lower part of the box, metres
     *                  (camera Z, already focal-rescaled), or NaN when there is no depth head
     */
    public Location locate(double x1, double y1, double x2, double y2, double headDepth) {
        double[] p = new double[3];
        // Bottom-centre in the continuous convention → OpenCV pixel-centre convention, then ideal.
        boolean rayOk = camera.undistortPixel((x1 + x2) / 2 - 0.5, y2 - 0.5, p);
        CameraIntrinsics in = camera.intrinsics();
        double rx = (p[0] - in.cx()) / in.fx();
        double ry = (p[1] - in.cy()) / in.fy();
        double rayNorm = Math.sqrt(rx * rx + ry * ry + 1);

        boolean touchesBottom = y2 >= in.height() - 1;
        double dg = rayOk && !touchesBottom ? pinhole.groundDepth(p[0], p[1]) : Double.NaN;
        double sg = Double.NaN;
        if (!Double.isNaN(dg)) {
            double range = dg * rayNorm;
            double h = pinhole.pose().height();
            double sinA = Math.min(1.0, h / range);
            double cosA = Math.sqrt(1 - sinA * sinA);
            double pxAngle = parameters.bottomEdgeSigmaPx() / in.fy();
            double sigmaRange = range * range * cosA / h * Math.sqrt(angleSigmaRad * angleSigmaRad + pxAngle * pxAngle);
            sg = Math.max(sigmaRange / rayNorm, 1e-6 * dg);
        }
        boolean headOk = Double.isFinite(headDepth) && headDepth > 0;
        double dh = headOk ? headDepth : Double.NaN;
        double sh = headOk ? parameters.depthRelativeSigma() * headDepth : Double.NaN;

        Source source;
        double depth;
        double sigma;
        if (!Double.isNaN(dg) && headOk) {
            double combined = Math.sqrt(sg * sg + sh * sh);
            if (Math.abs(dg - dh) > parameters.gateSigmas() * combined) {
                source = Source.DEPTH_HEAD;
                depth = dh;
                sigma = sh;
            } else {
                double wg = 1 / (sg * sg);
                double wh = 1 / (sh * sh);
                source = Source.FUSED;
                depth = (dg * wg + dh * wh) / (wg + wh);
                sigma = Math.sqrt(1 / (wg + wh));
            }
        } else if (!Double.isNaN(dg)) {
            source = Source.GROUND;
            depth = dg;
            sigma = sg;
        } else if (headOk) {
            source = Source.DEPTH_HEAD;
            depth = dh;
            sigma = sh;
        } else {
            return Location.none(dg, dh);
        }
        pinhole.cameraToVehicle(rx * depth, ry * depth, depth, p);
        double z = source == Source.GROUND ? 0.0 : p[2];
        return new Location(source, Math.hypot(p[0], p[1]), p[0], p[1], z, depth, sigma, dg, dh);
    }
}
