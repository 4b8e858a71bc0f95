package dev.trident.trainer.metrics;

/**
 * Segmentation confusion matrix → per-class IoU = TP / (TP + FP + FN) and mIoU over the classes
 * that occur (in ground truth or prediction). Ignore-index pixels are skipped.
 * Not thread-safe: accumulate from one thread.
 */
public final class SegmentationMetrics {
    private final int classes;
    private final int ignore;
    private final long[] confusion; // [gt * classes + pred]

    public SegmentationMetrics(int classes, int ignore) {
        this.classes = classes;
        this.ignore = ignore;
        this.confusion = new long[classes * classes];
    }

    /** Adds one image: ground-truth ids (bytes, unsigned) and predicted ids, same length. */
    public void add(byte[] gt, byte[] pred) {
        for (int i = 0; i < gt.length; i++) {
            int g = gt[i] & 0xff;
            int p = pred[i] & 0xff;
            if (g == ignore || g >= classes || p >= classes) {
                continue;
            }
            confusion[g * classes + p]++;
        }
    }

    /** IoU per class (NaN where the class never occurs). */
    public double[] iouPerClass() {
        double[] iou = new double[classes];
        for (int c = 0; c < classes; c++) {
            long tp = confusion[c * classes + c];
            long fn = 0;
            long fp = 0;
            for (int k = 0; k < classes; k++) {
                if (k != c) {
                    fn += confusion[c * classes + k];
                    fp += confusion[k * classes + c];
                }
            }
            long union = tp + fp + fn;
            iou[c] = union == 0 ? Double.NaN : tp / (double) union;
        }
        return iou;
    }

    public double miou() {
        return DetectionMetrics.nanMean(iouPerClass());
    }

    /** Pixel accuracy over labelled pixels. */
    public double pixelAccuracy() {
        long tp = 0;
        long all = 0;
        for (int g = 0; g < classes; g++) {
            for (int p = 0; p < classes; p++) {
                all += confusion[g * classes + p];
                tp += g == p ? confusion[g * classes + p] : 0;
            }
        }
        return all == 0 ? Double.NaN : tp / (double) all;
    }
}
