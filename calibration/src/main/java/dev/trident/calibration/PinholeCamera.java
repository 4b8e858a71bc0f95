package dev.trident.calibration;

/**
 * An undistorted pinhole camera mounted on a vehicle: projects vehicle-frame points to pixels and
 * casts pixel rays onto the flat ground plane (z = 0).
 *
 * <p>Depth convention: "depth" is the distance along the optical axis (camera Z, KITTI's
 * convention), not the Euclidean range. Methods that write into a caller's {@code double[]}
 * allocate nothing, so they can run per pixel.
 *
 * <p>Immutable; thread-safe.
 */
public final class PinholeCamera {
    private final CameraIntrinsics intrinsics;
    private final CameraPose pose;
    private final double[] camToVeh;
    private final double[] vehToCam;

    public PinholeCamera(CameraIntrinsics intrinsics, CameraPose pose) {
        this.intrinsics = intrinsics;
        this.pose = pose;
        this.camToVeh = pose.rotationCameraToVehicle();
        this.vehToCam = Mat3.transpose(camToVeh);
    }

    public CameraIntrinsics intrinsics() {
        return intrinsics;
    }

    public CameraPose pose() {
        return pose;
    }

    /** The same camera on the same mount, seen through an image resized to {@code w×h}. */
    public PinholeCamera scaledTo(int w, int h) {
        return new PinholeCamera(intrinsics.scaledTo(w, h), pose);
    }

    /** Vehicle-frame point → camera-frame point, written to {@code out[0..2]}. */
    public void vehicleToCamera(double x, double y, double z, double[] out) {
        Mat3.apply(vehToCam, x - pose.x(), y - pose.y(), z - pose.height(), out);
    }

    /** Camera-frame point → vehicle-frame point, written to {@code out[0..2]}. */
    public void cameraToVehicle(double x, double y, double z, double[] out) {
        Mat3.apply(camToVeh, x, y, z, out);
        out[0] += pose.x();
        out[1] += pose.y();
        out[2] += pose.height();
    }

    /**
     * Projects a vehicle-frame point. Writes {@code (u, v, depth)} to {@code out}; returns false
     * (leaving u, v undefined) when the point is not in front of the camera.
     */
    public boolean project(double x, double y, double z, double[] out) {
        vehicleToCamera(x, y, z, out);
        double depth = out[2];
        if (!(depth > 1e-9)) {
            return false;
        }
        out[0] = intrinsics.fx() * out[0] / depth + intrinsics.cx();
        out[1] = intrinsics.fy() * out[1] / depth + intrinsics.cy();
        out[2] = depth;
        return true;
    }

    /** Unit-depth ray direction (Z = 1) in the camera frame through pixel (u, v), written to {@code out}. */
    public void pixelRay(double u, double v, double[] out) {
        out[0] = (u - intrinsics.cx()) / intrinsics.fx();
        out[1] = (v - intrinsics.cy()) / intrinsics.fy();
        out[2] = 1.0;
    }

    /**
     * Depth (camera Z) at which the ray through pixel (u, v) meets the ground plane, or
     * {@code Double.NaN} when the ray does not point below the horizon.
     */
    public double groundDepth(double u, double v) {
        double rx = (u - intrinsics.cx()) / intrinsics.fx();
        double ry = (v - intrinsics.cy()) / intrinsics.fy();
        // vehicle z of the ray at camera depth 1: row 2 of camToVeh · (rx, ry, 1)
        double dz = camToVeh[6] * rx + camToVeh[7] * ry + camToVeh[8];
        if (!(dz < -1e-12)) {
            return Double.NaN;
        }
        return pose.height() / -dz;
    }

    /**
     * Vehicle-frame ground point (z = 0) seen at pixel (u, v), written to {@code out}; returns
     * false when the pixel is at or above the horizon.
     */
    public boolean groundPoint(double u, double v, double[] out) {
        double depth = groundDepth(u, v);
        if (Double.isNaN(depth)) {
            return false;
        }
        double rx = (u - intrinsics.cx()) / intrinsics.fx();
        double ry = (v - intrinsics.cy()) / intrinsics.fy();
        cameraToVehicle(rx * depth, ry * depth, depth, out);
        out[2] = 0.0;
        return true;
    }
}
