package dev.trident.runtime.replay;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segmentation intersection-over-union per ground-truth class, accumulated over frames:
 * IoU_c = TP / (TP + FP + FN) over the pixels whose ground truth is labelled (not 255). Model
 * classes are matched to ground-truth classes by name; a pixel the model gives a class without a
 * ground-truth counterpart counts against the true class only. mIoU = mean over the classes that
 * both sides know and that occur (in the prediction or the ground truth).
 *
 * <p>Not thread-safe.
 */
public final class SegmentationIou {
    private final List<String> truthClasses;
    private final int[] modelToTruth;
    private final boolean[] evaluated;
    private final long[] tp;
    private final long[] fp;
    private final long[] fn;

    /**
     * @param modelClasses class names of the model's segmentation head (ids 0..n−1)
     * @param truthClasses class names of the ground truth (ids 0..m−1)
     */
    public SegmentationIou(List<String> modelClasses, List<String> truthClasses) {
        this.truthClasses = List.copyOf(truthClasses);
        this.modelToTruth = new int[256];
        Arrays.fill(modelToTruth, -1);
        this.evaluated = new boolean[truthClasses.size()];
        for (int m = 0; m < modelClasses.size(); m++) {
            int t = truthClasses.indexOf(modelClasses.get(m));
            modelToTruth[m] = t;
            if (t >= 0) {
                evaluated[t] = true;
            }
        }
        tp = new long[truthClasses.size()];
        fp = new long[truthClasses.size()];
        fn = new long[truthClasses.size()];
    }

    public List<String> truthClasses() {
        return truthClasses;
    }

    /** Adds one frame: predicted model class ids and ground-truth ids, same size, row-major. */
    public void add(byte[] predicted, byte[] truth, int pixels) {
        for (int i = 0; i < pixels; i++) {
            int t = truth[i] & 0xff;
            if (t == 255 || t >= tp.length) {
                continue;
            }
            int p = modelToTruth[predicted[i] & 0xff];
            if (p == t) {
                tp[t]++;
            } else {
                fn[t]++;
                if (p >= 0) {
                    fp[p]++;
                }
            }
        }
    }

    /** IoU of every class both sides know and that occurs. */
    public Map<String, Double> iou() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; c < tp.length; c++) {
            long union = tp[c] + fp[c] + fn[c];
            if (evaluated[c] && union > 0) {
                out.put(truthClasses.get(c), (double) tp[c] / union);
            }
        }
        return out;
    }

    /** Mean of {@link #iou()}; NaN when nothing could be evaluated. */
    public double meanIou() {
        return iou().values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
