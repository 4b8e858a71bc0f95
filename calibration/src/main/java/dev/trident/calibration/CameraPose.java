package dev.trident.calibration;

/**
 * Where a camera sits on the vehicle: the extrinsics camera → vehicle frame.
 *
 * <p>Frames. Vehicle frame (ISO 8855): x forward, y left, z up, origin on the ground plane
 * below the vehicle reference point. Camera frame (OpenCV): X right, Y down, Z along the optical
 * axis. With all angles zero the camera looks straight ahead along vehicle x, level.
 *
 * <p>Angles, applied in the vehicle frame as R = Rz(yaw)·Ry(pitch)·Rx(roll)·R0, where R0 is the
 * fixed axis swap camera → vehicle: {@code pitch > 0} tilts the optical axis down towards the
 * road, {@code roll > 0} turns the camera clockwise as seen from behind it about its optical
 * axis (right-hand about x), {@code yaw > 0} turns it left.
 *
 * <p>A point maps as {@code p_vehicle = R · p_camera + t} with {@code t = (x, y, height)}.
 * Immutable value; thread-safe.
 *
 * @param x       camera position forward of the vehicle origin, metres
 * @param y       camera position left of the vehicle origin, metres
 * @param height  camera height above the ground plane, metres (&gt; 0)
 * @param pitch   radians, positive nose-down
 * @param roll    radians
 * @param yaw     radians, positive to the left
 */
public record CameraPose(double x, double y, double height, double pitch, double roll, double yaw) {

    public CameraPose {
        if (!(height > 0) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("camera height above the ground must be positive metres, got " + height);
        }
        for (double a : new double[] {x, y, pitch, roll, yaw}) {
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException("camera pose values must be finite: " + this);
            }
        }
    }

    /** A camera above the vehicle origin at {@code height} metres, tilted down by {@code pitch} radians. */
    public static CameraPose of(double height, double pitch) {
        return new CameraPose(0, 0, height, pitch, 0, 0);
    }

    /**
     * The pose whose {@link #cameraToVehicle()} is the given row-major 4×4 homogeneous transform
     * camera → vehicle (the inverse of {@link #rotationCameraToVehicle()}'s angle convention).
     *
     * @throws IllegalArgumentException when the matrix has not 16 finite entries, its last row is
     *     not (0, 0, 0, 1), its rotation part is not a proper rotation, or it puts the camera at or
     *     below the ground plane
     */
    public static CameraPose fromCameraToVehicle(double[] m) {
        if (m == null || m.length != 16) {
            throw new IllegalArgumentException("camera-to-vehicle matrix must have 16 values (row-major 4x4), got "
                    + (m == null ? "none" : m.length));
        }
        for (double v : m) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("camera-to-vehicle matrix has a non-finite entry");
            }
        }
        if (Math.abs(m[12]) > 1e-9 || Math.abs(m[13]) > 1e-9 || Math.abs(m[14]) > 1e-9 || Math.abs(m[15] - 1) > 1e-9) {
            throw new IllegalArgumentException("camera-to-vehicle matrix must end with the row 0 0 0 1");
        }
        double[] r = {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]};
        if (Mat3.orthonormalityError(r) > 1e-6 || Mat3.determinant(r) < 0) {
            throw new IllegalArgumentException("camera-to-vehicle matrix: the upper-left 3x3 is not a rotation"
                    + " (orthonormal, determinant +1)");
        }
        // R = Rv · R0 with R0 a rotation, so Rv = R · R0ᵀ; then read the Z-Y-X angles off Rv.
        double[] r0 = {0, 0, 1, -1, 0, 0, 0, -1, 0};
        double[] rv = Mat3.multiply(r, Mat3.transpose(r0));
        double pitch = Math.asin(Math.max(-1, Math.min(1, -rv[6])));
        double roll = Math.atan2(rv[7], rv[8]);
        double yaw = Math.atan2(rv[3], rv[0]);
        return new CameraPose(m[3], m[7], m[11], pitch, roll, yaw);
    }

    /** Row-major 3×3 rotation camera → vehicle. */
    public double[] rotationCameraToVehicle() {
        double cy = Math.cos(yaw), sy = Math.sin(yaw);
        double cp = Math.cos(pitch), sp = Math.sin(pitch);
        double cr = Math.cos(roll), sr = Math.sin(roll);
        // Rz(yaw)·Ry(pitch)·Rx(roll)
        double[] rv = {
            cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr,
            sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr,
            -sp, cp * sr, cp * cr
        };
        // R0: camera X → -y, camera Y → -z, camera Z → +x (columns are camera axes in vehicle frame)
        double[] r0 = {0, 0, 1, -1, 0, 0, 0, -1, 0};
        return Mat3.multiply(rv, r0);
    }

    /** Row-major 4×4 homogeneous transform camera → vehicle. */
    public double[] cameraToVehicle() {
        double[] r = rotationCameraToVehicle();
        return new double[] {
            r[0], r[1], r[2], x,
            r[3], r[4], r[5], y,
            r[6], r[7], r[8], height,
            0, 0, 0, 1
        };
    }
}
