package dev.trident.trainer.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * COCO-style detection AP: per class, detections over all images sorted by score, each matched
 * greedily to the unmatched ground-truth box of highest IoU ≥ t; AP = area under the
 * monotone precision envelope sampled at 101 recall points. mAP = mean over classes with ground
 * truth; mAP@[.5:.95] = mean over t = 0.50, 0.55, …, 0.95. Boxes are {x1, y1, x2, y2, class}
 * (+ score for detections).
 *
 * <p>A minimum box height (pixels) gives the size-filtered figure that driving benchmarks report
 * (KITTI's difficulty levels, Caltech's "reasonable" set): ground truth shorter than it is
 * <i>ignored</i> — not counted in recall, and a detection matching it (IoU ≥ t, once no counted box
 * is left to match) is dropped, neither true nor false positive, as is an unmatched detection
 * shorter than the minimum (COCO's area-range rule, by height). A minimum of 0 ignores nothing.
 * Not thread-safe: accumulate from one thread.
 */
public final class DetectionMetrics {
    /**
     * KITTI's "moderate" minimum box height as a fraction of the image height: 25 px of its 375-px
     * rows (6.67%; 12.8 px at 192 rows, 48 px at 720).
     */
    public static final double KITTI_MODERATE_HEIGHT = 25.0 / 375.0;

    private final int classes;
    private final List<float[][]> gts = new ArrayList<>();
    private final List<float[][]> dets = new ArrayList<>();

    public DetectionMetrics(int classes) {
        this.classes = classes;
    }

    /** Adds one image: ground truth {x1,y1,x2,y2,cls}, detections {x1,y1,x2,y2,cls,score}. */
    public void add(List<float[]> groundTruth, List<float[]> detections) {
        gts.add(groundTruth.toArray(new float[0][]));
        dets.add(detections.toArray(new float[0][]));
    }

    public int images() {
        return gts.size();
    }

    /** AP per class at one IoU threshold (NaN for a class without ground truth). */
    public double[] apPerClass(double iouThreshold) {
        return apPerClass(iouThreshold, 0);
    }

    /**
     * AP per class at one IoU threshold counting only boxes at least {@code minHeight} pixels tall
     * (see the class comment); NaN for a class without such ground truth.
     */
    public double[] apPerClass(double iouThreshold, double minHeight) {
        double[] ap = new double[classes];
        for (int c = 0; c < classes; c++) {
            ap[c] = ap(c, iouThreshold, minHeight);
        }
        return ap;
    }

    /** Mean AP over classes with ground truth at one IoU threshold. */
    public double map(double iouThreshold) {
        return nanMean(apPerClass(iouThreshold));
    }

    /** Mean AP at one IoU threshold over boxes at least {@code minHeight} pixels tall. */
    public double map(double iouThreshold, double minHeight) {
        return nanMean(apPerClass(iouThreshold, minHeight));
    }

    /** mAP averaged over IoU 0.50:0.05:0.95. */
    public double map5095() {
        double s = 0;
        for (int i = 0; i < 10; i++) {
            s += map(0.5 + 0.05 * i);
        }
        return s / 10;
    }

    /** AP per class averaged over IoU 0.50:0.05:0.95. */
    public double[] apPerClass5095() {
        double[] a = new double[classes];
        for (int i = 0; i < 10; i++) {
            double[] t = apPerClass(0.5 + 0.05 * i);
            for (int c = 0; c < classes; c++) {
                a[c] += t[c] / 10;
            }
        }
        return a;
    }

    static double nanMean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private double ap(int cls, double thr, double minHeight) {
        int nGt = 0;
        List<float[]> all = new ArrayList<>(); // {image, score, index}
        for (int i = 0; i < gts.size(); i++) {
            for (float[] g : gts.get(i)) {
                nGt += (int) g[4] == cls && !shorter(g, minHeight) ? 1 : 0;
            }
            float[][] d = dets.get(i);
            for (int k = 0; k < d.length; k++) {
                if ((int) d[k][4] == cls) {
                    all.add(new float[] {i, d[k][5], k});
                }
            }
        }
        if (nGt == 0) {
            return Double.NaN;
        }
        all.sort(Comparator.comparingDouble((float[] a) -> -a[1]));
        boolean[][] used = new boolean[gts.size()][];
        for (int i = 0; i < gts.size(); i++) {
            used[i] = new boolean[gts.get(i).length];
        }
        List<double[]> curve = new ArrayList<>(all.size()); // {precision, recall} per counted detection
        int tp = 0;
        int counted = 0;
        for (float[] entry : all) {
            int img = (int) entry[0];
            float[] d = dets.get(img)[(int) entry[2]];
            float[][] g = gts.get(img);
            int best = -1;
            double bestIou = thr;
            boolean matchesIgnored = false;
            for (int j = 0; j < g.length; j++) {
                if ((int) g[j][4] != cls) {
                    continue;
                }
                double iou = iou(d, g[j]);
                if (shorter(g[j], minHeight)) {
                    matchesIgnored |= iou >= thr;
                } else if (!used[img][j] && iou >= bestIou) {
                    bestIou = iou;
                    best = j;
                }
            }
            if (best >= 0) {
                used[img][best] = true;
                tp++;
            } else if (matchesIgnored || shorter(d, minHeight)) {
                continue; // neither a true nor a false positive
            }
            counted++;
            curve.add(new double[] {tp / (double) counted, tp / (double) nGt});
        }
        double[] precision = new double[curve.size()];
        double[] recall = new double[curve.size()];
        for (int k = 0; k < curve.size(); k++) {
            precision[k] = curve.get(k)[0];
            recall[k] = curve.get(k)[1];
        }
        for (int k = precision.length - 2; k >= 0; k--) {
            precision[k] = Math.max(precision[k], precision[k + 1]);
        }
        double sum = 0;
        int k = 0;
        for (int r = 0; r <= 100; r++) {
            double level = r / 100.0;
            while (k < recall.length && recall[k] < level) {
                k++;
            }
            sum += k < recall.length ? precision[k] : 0;
        }
        return sum / 101;
    }

    private static boolean shorter(float[] box, double minHeight) {
        return minHeight > 0 && box[3] - box[1] < minHeight;
    }

    /** Intersection over union of two {x1,y1,x2,y2,…} boxes. */
    public static double iou(float[] a, float[] b) {
        double iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return inter / union;
    }
}
