package dev.trident.trainer.world;

/**
 * Ground truth for one visible object in a rendered frame. Immutable; thread-safe.
 *
 * <p>The 2-D box encloses exactly the object's visible pixels, in continuous pixel coordinates
 * (pixel (i, j) spans [i, i+1)×[j, j+1)). Positions are in the ego vehicle frame (x forward,
 * y left, z up, metres).
 *
 * @param kind          object class
 * @param id            object id (track id within a drive)
 * @param x1            left edge of the visible box, pixels
 * @param y1            top edge
 * @param x2            right edge (exclusive)
 * @param y2            bottom edge (exclusive)
 * @param visiblePixels pixels showing this object
 * @param occlusion     fraction of the object's in-image pixels hidden by nearer things (0–1)
 * @param truncation    fraction of the object's projected extent outside the image (0–1)
 * @param x             3-D box centre, vehicle frame
 * @param y             3-D box centre, vehicle frame
 * @param z             3-D box centre, vehicle frame
 * @param length        3-D box size along the object's heading, metres
 * @param width         3-D box size across, metres
 * @param height        3-D box height, metres
 * @param yaw           heading relative to the ego, radians
 * @param depth         camera depth (optical-axis distance) of the 3-D box centre, metres
 */
public record ObjectLabel(ObjectKind kind, int id, int x1, int y1, int x2, int y2, int visiblePixels,
                          double occlusion, double truncation, double x, double y, double z,
                          double length, double width, double height, double yaw, double depth) {
}
