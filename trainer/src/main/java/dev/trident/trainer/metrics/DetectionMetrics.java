package dev.trident.trainer.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * COCO-style detection AP: per class, detections over all images sorted by score, each matched
 * greedily to the unmatched ground-truth box of highest IoU ≥ t; AP = area under the
 * monotone precision envelope sampled at 101 recall points. mAP = mean over classes with ground
 * truth; mAP@[.5:.95] = mean over t = 0.50, 0.55, …, 0.95. Boxes are {x1, y1, x2, y2, class}
 * (+ score for detections). Not thread-safe: accumulate from one thread.
 */
public final class DetectionMetrics {
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
        double[] ap = new double[classes];
        for (int c = 0; c < classes; c++) {
            ap[c] = ap(c, iouThreshold);
        }
        return ap;
    }

    /** Mean AP over classes with ground truth at one IoU threshold. */
    public double map(double iouThreshold) {
        return nanMean(apPerClass(iouThreshold));
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

    private double ap(int cls, double thr) {
        int nGt = 0;
        List<float[]> all = new ArrayList<>(); // {image, score, index}
        for (int i = 0; i < gts.size(); i++) {
            for (float[] g : gts.get(i)) {
                nGt += (int) g[4] == cls ? 1 : 0;
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
        double[] precision = new double[all.size()];
        double[] recall = new double[all.size()];
        int tp = 0;
        for (int k = 0; k < all.size(); k++) {
            int img = (int) all.get(k)[0];
            float[] d = dets.get(img)[(int) all.get(k)[2]];
            float[][] g = gts.get(img);
            int best = -1;
            double bestIou = thr;
            for (int j = 0; j < g.length; j++) {
                if ((int) g[j][4] != cls || used[img][j]) {
                    continue;
                }
                double iou = iou(d, g[j]);
                if (iou >= bestIou) {
                    bestIou = iou;
                    best = j;
                }
            }
            if (best >= 0) {
                used[img][best] = true;
                tp++;
            }
            precision[k] = tp / (double) (k + 1);
            recall[k] = tp / (double) nGt;
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
