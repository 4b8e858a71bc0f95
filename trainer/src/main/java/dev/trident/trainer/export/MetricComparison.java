package dev.trident.trainer.export;

import dev.trident.runtime.contract.Task;
import dev.trident.trainer.train.EvalResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Compares two evaluations metric by metric. "Points" are hundredths of a [0, 1] metric (mAP,
 * mIoU, δ1, AbsRel); RMSE, in metres, is compared relatively (0.5 points ≙ 0.5 %). Stateless.
 */
public final class MetricComparison {
    /** Pipeline parity: the engine's metrics within 0.5 points of the trainer's. */
    public static final double PIPELINE_POINTS = 0.5;
    /** FP16 target: each metric within 1 % (relative) of FP32. */
    public static final double FP16_RELATIVE = 0.01;

    private MetricComparison() {
    }

    /** The headline metrics of the given tasks that either evaluation has, by name: {a, b}. */
    public static Map<String, double[]> pairs(EvalResult a, EvalResult b, Set<Task> tasks) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Map<String, Double> ha = ordered(a);
        Map<String, Double> hb = ordered(b);
        for (String k : ha.keySet()) {
            double x = ha.get(k);
            double y = hb.get(k);
            if (tasks.contains(task(k)) && (!Double.isNaN(x) || !Double.isNaN(y))) {
                out.put(k, new double[] {x, y});
            }
        }
        return out;
    }

    /** The task a headline metric belongs to. */
    public static Task task(String metric) {
        return metric.startsWith("det_") ? Task.DETECTION : metric.startsWith("seg_") ? Task.SEGMENTATION : Task.DEPTH;
    }

    /** Stable order: det_map50, det_map5095, seg_miou, depth_absrel, depth_rmse, depth_delta1. */
    public static Map<String, Double> ordered(EvalResult r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("det_map50", r.map50());
        m.put("det_map5095", r.map5095());
        m.put("seg_miou", r.miou());
        m.put("depth_absrel", r.absRel());
        m.put("depth_rmse", r.rmse());
        m.put("depth_delta1", r.delta1());
        return m;
    }

    /** The difference in points (relative percent for RMSE) between {@code b} and {@code a}. */
    public static double points(String metric, double a, double b) {
        if (metric.equals("depth_rmse")) {
            return a == 0 ? Math.abs(b - a) * 100 : Math.abs(b - a) / Math.abs(a) * 100;
        }
        return Math.abs(b - a) * 100;
    }

    /** |b − a| / |a| (0 when both are 0). */
    public static double relative(double a, double b) {
        if (a == b) {
            return 0;
        }
        return Math.abs(b - a) / Math.max(Math.abs(a), 1e-12);
    }

    /** The first metric whose difference exceeds the points limit (or is NaN on one side), or null. */
    public static String firstOverPoints(EvalResult a, EvalResult b, Set<Task> tasks, double limit) {
        for (Map.Entry<String, double[]> e : pairs(a, b, tasks).entrySet()) {
            double p = points(e.getKey(), e.getValue()[0], e.getValue()[1]);
            if (!(p <= limit)) {
                return e.getKey();
            }
        }
        return null;
    }
}
