package dev.trident.runtime.decode;

import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.Detection;
import java.util.List;

/**
 * The last step of every detection decoder: takes candidate boxes in model-input pixels, best
 * first, maps them to the source frame, clips them to it, drops the ones left empty, applies
 * class-aware NMS against the boxes kept so far and emits at most {@code topK} detections.
 *
 * <p>Not thread-safe; one per decoder, reused every frame.
 */
final class DetectionSink {
    private final List<String> labels;
    private final int topK;
    private final double nmsIou;
    private final boolean nms;
    private final float[] kx1;
    private final float[] ky1;
    private final float[] kx2;
    private final float[] ky2;
    private final int[] kClass;
    private int kept;
    private InputTransform transform;
    private List<Detection> out;

    /**
     * @param nmsIou class-aware NMS IoU threshold; ≥ 1 disables NMS
     */
    DetectionSink(List<String> labels, int topK, double nmsIou) {
        this.labels = List.copyOf(labels);
        this.topK = topK;
        this.nmsIou = nmsIou;
        this.nms = nmsIou < 1.0;
        kx1 = new float[topK];
        ky1 = new float[topK];
        kx2 = new float[topK];
        ky2 = new float[topK];
        kClass = new int[topK];
    }

    /** Starts a frame: clears {@code out}, which receives the detections. */
    void begin(InputTransform frameTransform, List<Detection> target) {
        this.transform = frameTransform;
        this.out = target;
        target.clear();
        kept = 0;
    }

    boolean full() {
        return kept >= topK;
    }

    /** Offers one box in input pixels; candidates must come best first. Returns whether it was kept. */
    boolean offer(int classId, float score, double ix1, double iy1, double ix2, double iy2) {
        if (full()) {
            return false;
        }
        float x1 = clip(transform.toSourceX(ix1), transform.sourceWidth());
        float y1 = clip(transform.toSourceY(iy1), transform.sourceHeight());
        float x2 = clip(transform.toSourceX(ix2), transform.sourceWidth());
        float y2 = clip(transform.toSourceY(iy2), transform.sourceHeight());
        if (!(x2 > x1) || !(y2 > y1)) {
            return false; // nothing left inside the frame (or a degenerate box)
        }
        if (nms) {
            for (int k = 0; k < kept; k++) {
                if (kClass[k] == classId && Nms.iou(kx1[k], ky1[k], kx2[k], ky2[k], x1, y1, x2, y2) > nmsIou) {
                    return false;
                }
            }
        }
        kx1[kept] = x1;
        ky1[kept] = y1;
        kx2[kept] = x2;
        ky2[kept] = y2;
        kClass[kept] = classId;
        kept++;
        out.add(new Detection(classId, labels.get(classId), score, x1, y1, x2, y2));
        return true;
    }

    private static float clip(double v, int max) {
        return (float) (v < 0 ? 0 : Math.min(v, max));
    }
}
