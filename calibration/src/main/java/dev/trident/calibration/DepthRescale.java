package dev.trident.calibration;

/**
 * Rescales metric depth predicted by a network trained for one camera to another camera.
 *
 * <p>Why: a monocular depth network judges distance from apparent size. An object of height S at
 * depth Z spans f·S/Z pixels; a network trained at focal length f_c has learned
 * Z = f_c·S/size. On a deployed camera whose effective focal length at the network input is
 * f_d, the same apparent size means Z = f_d·S/size, so
 * <pre>
 *   Z_true = Z_predicted · f_d / f_c
 * </pre>
 * Apply it to metric depth (decode inverse-depth or disparity outputs to metres first). f_d is
 * the deployed camera's focal length after the frame has been resized to the network input, see
 * {@link #effectiveFocalPx}.
 *
 * <p>Stateless; thread-safe.
 */
public final class DepthRescale {
    private DepthRescale() {
    }

    /**
     * The factor to multiply predicted metric depth by: {@code deployed / contract}.
     *
     * @param deployedFocalPxAfterResize the deployed camera's focal length in pixels at the network input
     * @param contractFocalPx            the focal length in pixels, at the network input, that the model was trained for
     */
    public static double factor(double deployedFocalPxAfterResize, double contractFocalPx) {
        if (!(deployedFocalPxAfterResize > 0) || !Double.isFinite(deployedFocalPxAfterResize)) {
            throw new CalibrationException("deployed focal length must be positive pixels, got " + deployedFocalPxAfterResize
                    + "; check the camera file's camera_matrix");
        }
        if (!(contractFocalPx > 0) || !Double.isFinite(contractFocalPx)) {
            throw new CalibrationException("model contract focal length must be positive pixels, got " + contractFocalPx
                    + "; check camera.focalLengthPx in the model contract");
        }
        return deployedFocalPxAfterResize / contractFocalPx;
    }

    /**
     * The focal length, in network-input pixels, of {@code frame} after resizing by
     * {@code scaleX} × {@code scaleY} (input size / frame size per axis; letterbox padding does
     * not change it). With unequal axes the geometric mean √(fx·sx · fy·sy) is used: apparent
     * area, which scales with fx·fy, is the cue the network sees.
     */
    public static double effectiveFocalPx(CameraIntrinsics frame, double scaleX, double scaleY) {
        if (!(scaleX > 0) || !(scaleY > 0)) {
            throw new CalibrationException("resize scale must be positive, got " + scaleX + " x " + scaleY);
        }
        return Math.sqrt(frame.fx() * scaleX * frame.fy() * scaleY);
    }
}
