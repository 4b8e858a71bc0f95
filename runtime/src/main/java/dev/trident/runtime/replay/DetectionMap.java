package dev.trident.runtime.replay;

import dev.trident.runtime.result.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Detection mean average precision at one IoU threshold, PASCAL VOC style: per class, predictions
 * of all frames ranked by score, each matched greedily to the unmatched ground-truth box of its
 * class with the highest IoU (a true positive when that IoU ≥ the threshold), precision made
 * monotone from the right, AP = area under that precision/recall curve (all points). mAP = mean
 * AP over the evaluated classes (those with at least one ground-truth box that the model knows).
 *
 * <p>Not thread-safe.
 */
public final class DetectionMap {
    private final double iouThreshold;
    private final Map<String, List<double[]>> ranked = new TreeMap<>(); // class → {score, 1 if TP}
    private final Map<String, Integer> truthCount = new TreeMap<>();

    public DetectionMap(double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
    }

    /** Adds one frame: its predictions and its ground truth. */
    public void add(List<Detection> predictions, List<GroundTruth.Box> truth) {
        for (GroundTruth.Box b : truth) {
            truthCount.merge(b.label(), 1, Integer::sum);
        }
        List<Detection> sorted = new ArrayList<>(predictions);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        boolean[] matched = new boolean[truth.size()];
        for (Detection d : sorted) {
            int best = -1;
            double bestIou = 0;
            for (int i = 0; i < truth.size(); i++) {
                GroundTruth.Box b = truth.get(i);
                if (matched[i] || !b.label().equals(d.label())) {
                    continue;
                }
                double iou = iou(d, b);
                if (iou > bestIou) {
                    bestIou = iou;
                    best = i;
                }
            }
            boolean tp = best >= 0 && bestIou >= iouThreshold;
            if (tp) {
                matched[best] = true;
            }
            ranked.computeIfAbsent(d.label(), k -> new ArrayList<>()).add(new double[] {d.score(), tp ? 1 : 0});
        }
    }

    static double iou(Detection d, GroundTruth.Box b) {
        double ix = Math.min(d.x2(), b.x2()) - Math.max(d.x1(), b.x1());
        double iy = Math.min(d.y2(), b.y2()) - Math.max(d.y1(), b.y1());
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        double union = (double) (d.x2() - d.x1()) * (d.y2() - d.y1()) + (double) (b.x2() - b.x1()) * (b.y2() - b.y1()) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** AP of each evaluated class: ground-truth classes the model knows ({@code modelClasses}). */
    public Map<String, Double> averagePrecision(Set<String> modelClasses) {
        Map<String, Double> out = new TreeMap<>();
        for (var e : truthCount.entrySet()) {
            if (modelClasses.contains(e.getKey())) {
                out.put(e.getKey(), ap(ranked.getOrDefault(e.getKey(), List.of()), e.getValue()));
            }
        }
        return out;
    }

    /** Mean of {@link #averagePrecision}; NaN when no class can be evaluated. */
    public double meanAveragePrecision(Set<String> modelClasses) {
        return averagePrecision(modelClasses).values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public Map<String, Integer> truthCounts() {
        return truthCount;
    }

    public double iouThreshold() {
        return iouThreshold;
    }

    /** VOC all-point AP of one class. */
    static double ap(List<double[]> predictions, int truths) {
        if (truths == 0) {
            return Double.NaN;
        }
        List<double[]> sorted = new ArrayList<>(predictions);
        sorted.sort((a, b) -> Double.compare(b[0], a[0])); // stable: ties keep the order they were added in
        int n = sorted.size();
        double[] recall = new double[n];
        double[] precision = new double[n];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            tp += (int) sorted.get(i)[1];
            recall[i] = (double) tp / truths;
            precision[i] = (double) tp / (i + 1);
        }
        for (int i = n - 2; i >= 0; i--) {
            precision[i] = Math.max(precision[i], precision[i + 1]);
        }
        double ap = 0;
        double previousRecall = 0;
        for (int i = 0; i < n; i++) {
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
        }
        return ap;
    }
}
