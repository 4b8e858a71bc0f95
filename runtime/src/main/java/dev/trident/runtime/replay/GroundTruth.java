package dev.trident.runtime.replay;

import java.util.List;

/**
 * Ground truth of one camera frame of a synthetic drive, as logged on
 * {@link DriveLog#GROUND_TRUTH_TOPIC} (schema {@code trident.GroundTruth}, see
 * {@link GroundTruthJson}). Each task is optional: a null field means "not labelled".
 *
 * @param timeNanos           log time, equal to the camera frame's
 * @param width               image width the labels refer to
 * @param height              image height the labels refer to
 * @param boxes               labelled objects (null: no detection labels; empty: none in view)
 * @param segmentationClasses class name per class id of {@code segmentationPng}
 * @param segmentationPng     8-bit PNG, one class id per pixel, 255 = ignore
 * @param depthPng            16-bit PNG, metres × {@code depthScale}, 0 = invalid
 * @param depthScale          pixel value per metre of {@code depthPng} (256 by convention)
 */
public record GroundTruth(long timeNanos, int width, int height, List<Box> boxes, List<String> segmentationClasses,
                          byte[] segmentationPng, byte[] depthPng, double depthScale) {

    /** Pixel value per metre of depth PNGs: 1/256 m steps up to 255.99 m. */
    public static final double DEPTH_SCALE = 256.0;

    public GroundTruth {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("ground truth image size must be positive, got " + width + "x" + height);
        }
        boxes = boxes == null ? null : List.copyOf(boxes);
        segmentationClasses = segmentationClasses == null ? null : List.copyOf(segmentationClasses);
        if ((segmentationPng == null) != (segmentationClasses == null)) {
            throw new IllegalArgumentException("segmentation ground truth needs both its class names and its PNG");
        }
        if (depthPng != null && !(depthScale > 0)) {
            throw new IllegalArgumentException("depth ground truth needs a positive scale, got " + depthScale);
        }
    }

    /**
     * One labelled object: class name and box in pixels.
     */
    public record Box(String label, float x1, float y1, float x2, float y2) {
    }
}
