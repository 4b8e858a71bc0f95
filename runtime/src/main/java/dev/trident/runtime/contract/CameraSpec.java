package dev.trident.runtime.contract;

/**
 * The camera the model was trained for, at the model's input size. Used to rescale metric
 * depth on a camera with another focal length.
 *
 * @param focalLengthPx focal length in pixels at the model input resolution
 * @param heightM       optional camera height above the road, metres
 * @param pitchDeg      optional camera pitch, degrees, positive nose-down
 */
public record CameraSpec(double focalLengthPx, Double heightM, Double pitchDeg) {
    public CameraSpec {
        if (!(focalLengthPx > 0)) {
            throw new IllegalArgumentException("camera.focalLengthPx must be positive, got " + focalLengthPx);
        }
    }
}
