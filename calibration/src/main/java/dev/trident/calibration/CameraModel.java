package dev.trident.calibration;

import java.util.regex.Pattern;

/**
 * A calibrated camera: intrinsics at one image size, lens distortion, and optionally where it is
 * mounted on the vehicle. This is what a ROS {@code camera_info} YAML plus Trident's
 * {@code extrinsics} section describes (read and written by
 * {@link dev.trident.calibration.io.CameraModelYaml}).
 *
 * <p>Pixels follow {@link CameraIntrinsics}' convention (OpenCV's: pixel centres at integers).
 * "Distorted" pixels are what the physical camera records; "ideal" pixels are where an
 * undistorted pinhole with the same intrinsics would see the same ray. The pixel methods write
 * into a caller's array and allocate nothing.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param name       camera name (ROS {@code camera_name}); letters, digits, '_', '-', '.', '/'
 * @param intrinsics pinhole intrinsics at the calibrated image size
 * @param distortion lens distortion; {@link Distortion#NONE} for an ideal or rectified camera
 * @param pose       extrinsics camera → vehicle, or {@code null} when not calibrated yet
 */
public record CameraModel(String name, CameraIntrinsics intrinsics, Distortion distortion, CameraPose pose) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./-]{1,128}");

    public CameraModel {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CalibrationException("camera_name must be 1-128 characters of letters, digits, '_', '-', '.', '/', got '"
                    + name + "'");
        }
        if (intrinsics == null) {
            throw new CalibrationException("a camera model needs intrinsics");
        }
        if (distortion == null) {
            throw new CalibrationException("a camera model needs a distortion model (use Distortion.NONE for none)");
        }
        double w = intrinsics.width();
        double h = intrinsics.height();
        if (intrinsics.cx() < -0.5 || intrinsics.cx() > w - 0.5 || intrinsics.cy() < -0.5 || intrinsics.cy() > h - 0.5) {
            throw new CalibrationException("principal point (" + intrinsics.cx() + ", " + intrinsics.cy()
                    + ") lies outside the " + intrinsics.width() + "x" + intrinsics.height()
                    + " image; check camera_matrix and image_width/image_height");
        }
    }

    /** A model without extrinsics. */
    public CameraModel(String name, CameraIntrinsics intrinsics, Distortion distortion) {
        this(name, intrinsics, distortion, null);
    }

    public boolean hasPose() {
        return pose != null;
    }

    /** The same camera with the given extrinsics. */
    public CameraModel withPose(CameraPose newPose) {
        return new CameraModel(name, intrinsics, distortion, newPose);
    }

    /**
     * The same camera seen through an image resized (independently per axis) to
     * {@code width×height}. Exact: the intrinsics scale under the pixel-centre convention and the
     * distortion coefficients, which act on normalized coordinates, are unchanged.
     */
    public CameraModel scaledTo(int width, int height) {
        return new CameraModel(name, intrinsics.scaledTo(width, height), distortion, pose);
    }

    /**
     * The camera that frames undistorted to {@code output} intrinsics (see
     * {@code Undistorter}) come from: same name and pose, no distortion.
     */
    public CameraModel undistorted(CameraIntrinsics output) {
        return new CameraModel(name, output, Distortion.NONE, pose);
    }

    /**
     * The undistorted pinhole camera on this mount, for ideal pixels.
     *
     * @throws CalibrationException when the model has no extrinsics
     */
    public PinholeCamera pinhole() {
        if (pose == null) {
            throw new CalibrationException("camera '" + name + "' has no extrinsics section; add one with"
                    + " 'trident calibrate extrinsics'");
        }
        return new PinholeCamera(intrinsics, pose);
    }

    /** Ideal pixel → distorted pixel, written to {@code out[0..1]}. */
    public void distortPixel(double u, double v, double[] out) {
        double x = (u - intrinsics.cx()) / intrinsics.fx();
        double y = (v - intrinsics.cy()) / intrinsics.fy();
        distortion.distort(x, y, out);
        out[0] = out[0] * intrinsics.fx() + intrinsics.cx();
        out[1] = out[1] * intrinsics.fy() + intrinsics.cy();
    }

    /**
     * Distorted pixel → ideal pixel, written to {@code out[0..1]}; returns false when the
     * distortion could not be inverted there (see {@link Distortion#undistort}).
     */
    public boolean undistortPixel(double u, double v, double[] out) {
        double x = (u - intrinsics.cx()) / intrinsics.fx();
        double y = (v - intrinsics.cy()) / intrinsics.fy();
        boolean ok = distortion.undistort(x, y, out);
        out[0] = out[0] * intrinsics.fx() + intrinsics.cx();
        out[1] = out[1] * intrinsics.fy() + intrinsics.cy();
        return ok;
    }

    /**
     * Projects a camera-frame point to a distorted pixel; writes {@code (u, v, depth)} and returns
     * false when the point is not in front of the camera.
     */
    public boolean projectCameraPoint(double x, double y, double z, double[] out) {
        if (!(z > 1e-9)) {
            return false;
        }
        distortion.distort(x / z, y / z, out);
        out[0] = out[0] * intrinsics.fx() + intrinsics.cx();
        out[1] = out[1] * intrinsics.fy() + intrinsics.cy();
        out[2] = z;
        return true;
    }
}
