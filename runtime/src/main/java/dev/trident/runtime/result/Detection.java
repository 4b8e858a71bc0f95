package dev.trident.runtime.result;

/**
 * One detected object, in source-frame pixel coordinates (continuous: pixel (i, j) spans
 * [i, i+1)×[j, j+1)), clipped to the frame.
 *
 * @param classId index into the head's class list
 * @param label   class name
 * @param score   confidence in [0, 1]
 * @param x1      left edge
 * @param y1      top edge
 * @param x2      right edge (≥ x1)
 * @param y2      bottom edge (≥ y1)
 */
public record Detection(int classId, String label, float score, float x1, float y1, float x2, float y2) {

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float area() {
        return Math.max(0f, x2 - x1) * Math.max(0f, y2 - y1);
    }

    /** Intersection over union with another box (0 when either is empty). */
    public float iou(Detection o) {
        float ix = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        float iy = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (ix <= 0 || iy <= 0) {
            return 0f;
        }
        float inter = ix * iy;
        float union = area() + o.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }
}
