package dev.trident.runtime.result;

/**
 * Where a detected object is, in metres in the vehicle frame (ISO 8855: x forward, y left, z up),
 * when the engine knows the camera (a calibration file). One per detection, same order.
 *
 * @param source   how the distance was found: {@code fused} (flat-ground geometry and the depth
 *                 head together), {@code ground} (flat ground only), {@code depth} (depth head only),
 *                 or {@code none}
 * @param distance distance from the camera along the ground, metres (NaN when unknown)
 * @param x        forward, metres
 * @param y        left, metres
 * @param z        up, metres (0 for the ground contact point)
 */
public record ObjectLocation(String source, float distance, float x, float y, float z) {
    public static final ObjectLocation UNKNOWN = new ObjectLocation("none", Float.NaN, Float.NaN, Float.NaN, Float.NaN);

    public boolean known() {
        return !Float.isNaN(distance);
    }
}
