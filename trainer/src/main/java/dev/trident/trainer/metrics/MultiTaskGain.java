package dev.trident.trainer.metrics;

import java.util.Map;

/**
 * The multi-task gain Δm (Maninis, Radosavovic &amp; Kokkinos, CVPR 2019):
 * {@code Δm = (1/n) Σ_i (−1)^{l_i} (M_m,i − M_b,i) / M_b,i}, over the n metrics i, with l_i = 1
 * when lower is better; reported in percent. Stateless; thread-safe.
 */
public final class MultiTaskGain {
    private MultiTaskGain() {
    }

    /** A metric value with its direction. */
    public record Metric(double value, boolean lowerIsBetter) {
    }

    /**
     * Δm in percent of {@code model} against {@code baseline}, over the metrics both have (same keys).
     */
    public static double deltaM(Map<String, Metric> model, Map<String, Double> baseline) {
        double sum = 0;
        int n = 0;
        for (Map.Entry<String, Metric> e : model.entrySet()) {
            Double b = baseline.get(e.getKey());
            if (b == null || b == 0 || Double.isNaN(b) || Double.isNaN(e.getValue().value())) {
                continue;
            }
            double rel = (e.getValue().value() - b) / b;
            sum += e.getValue().lowerIsBetter() ? -rel : rel;
            n++;
        }
        return n == 0 ? Double.NaN : 100 * sum / n;
    }
}
