package dev.trident.runtime.decode;

import dev.trident.runtime.result.Detection;
import java.util.List;

/**
 * Greedy class-aware non-maximum suppression.
 *
 * <p>Stateless; thread-safe.
 */
public final class Nms {
    private Nms() {
    }

    /**
     * Clears {@code out}, then walks {@code sortedCandidates} (descending score) and keeps each box
     * unless an already kept box of the same class overlaps it with IoU strictly greater than
     * {@code iou}; stops once {@code maxOut} boxes are kept. An {@code iou} ≥ 1 keeps everything
     * (up to {@code maxOut}).
     *
     * @throws IllegalArgumentException when the candidates are not sorted by descending score, when
     *                                  {@code out} is the candidate list, or when an argument is out of range
     */
    public static void classAware(List<Detection> sortedCandidates, double iou, int maxOut, List<Detection> out) {
        if (sortedCandidates == out) {
            throw new IllegalArgumentException("Nms.classAware needs distinct candidate and output lists");
        }
        if (!(iou >= 0)) {
            throw new IllegalArgumentException("NMS IoU threshold must be >= 0, got " + iou);
        }
        if (maxOut < 0) {
            throw new IllegalArgumentException("NMS maxOut must be >= 0, got " + maxOut);
        }
        out.clear();
        float previous = Float.POSITIVE_INFINITY;
        for (Detection d : sortedCandidates) {
            if (d.score() > previous) {
                throw new IllegalArgumentException("NMS candidates must be sorted by descending score; "
                        + d.score() + " follows " + previous);
            }
            previous = d.score();
        }
        for (Detection d : sortedCandidates) {
            if (out.size() >= maxOut) {
                return;
            }
            if (!suppressed(d, out, iou)) {
                out.add(d);
            }
        }
    }

    private static boolean suppressed(Detection d, List<Detection> kept, double iou) {
        for (Detection k : kept) {
            if (k.classId() == d.classId()
                    && iou(k.x1(), k.y1(), k.x2(), k.y2(), d.x1(), d.y1(), d.x2(), d.y2()) > iou) {
                return true;
            }
        }
        return false;
    }

    /** Intersection over union of two boxes (0 when they do not overlap or one is empty); same arithmetic as {@link Detection#iou}. */
    static float iou(float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
        float ix = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        float iy = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (ix <= 0 || iy <= 0) {
            return 0f;
        }
        float inter = ix * iy;
        float union = Math.max(0f, ax2 - ax1) * Math.max(0f, ay2 - ay1)
                + Math.max(0f, bx2 - bx1) * Math.max(0f, by2 - by1) - inter;
        return union <= 0 ? 0f : inter / union;
    }
}
