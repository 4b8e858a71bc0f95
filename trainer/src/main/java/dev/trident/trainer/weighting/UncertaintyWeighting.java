package dev.trident.trainer.weighting;

import static dev.trident.trainer.nn.GraphScalars.mul;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.trident.runtime.contract.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Homoscedastic uncertainty weighting (Kendall, Gal &amp; Cipolla, CVPR 2018), with one learnable
 * log-variance s_i = log σ_i² per task: {@code L = Σ_i ( ½·exp(−s_i)·L_i + ½·s_i )} — the paper's
 * {@code L/(2σ²) + log σ}, written in s for stability (s_i starts at 0: weight ½). The s_i are
 * trained by the main optimizer; the effective weight logged is ½·exp(−s_i).
 * Not thread-safe (see {@link TaskWeighting}).
 */
public final class UncertaintyWeighting implements TaskWeighting {
    private final Map<Task, NDArray> logVars = new LinkedHashMap<>();

    public UncertaintyWeighting(List<Task> tasks, NDManager manager) {
        for (Task t : tasks) {
            NDArray s = manager.zeros(new ai.djl.ndarray.types.Shape(1));
            s.setRequiresGradient(true);
            logVars.put(t, s);
        }
    }

    @Override
    public String name() {
        return "uncertainty";
    }

    @Override
    public NDArray combine(Map<Task, NDArray> losses) {
        NDArray total = null;
        for (Map.Entry<Task, NDArray> e : losses.entrySet()) {
            // start from an array of the loss's (per-step) manager so every intermediate, and the
            // autograd graph it holds, is freed with the step; s itself lives in the run's manager
            NDArray s = e.getValue().zerosLike().add(logVars.get(e.getKey())); // shape [1]
            NDArray term = mul(s.neg().exp().mul(e.getValue()), 0.5).add(mul(s, 0.5));
            total = total == null ? term : total.add(term);
        }
        if (total == null) {
            throw new IllegalArgumentException("no task losses to combine");
        }
        return total;
    }

    /** Current log-variances s_i. */
    public Map<Task, Double> logVariances() {
        Map<Task, Double> m = new LinkedHashMap<>();
        logVars.forEach((t, s) -> m.put(t, (double) s.getFloat(0)));
        return m;
    }

    @Override
    public Map<Task, Double> weights() {
        Map<Task, Double> m = new LinkedHashMap<>();
        logVariances().forEach((t, s) -> m.put(t, 0.5 * Math.exp(-s)));
        return m;
    }

    @Override
    public Map<String, NDArray> parameters() {
        Map<String, NDArray> m = new LinkedHashMap<>();
        logVars.forEach((t, s) -> m.put("uncertainty." + t.name().toLowerCase(Locale.ROOT), s));
        return m;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        logVariances().forEach((t, s) -> m.put(t.name(), s));
        return m;
    }

    @Override
    public void restore(Map<String, Object> state) {
        logVars.forEach((t, s) -> {
            Object v = state.get(t.name());
            if (v != null) {
                s.set(new float[] {((Number) v).floatValue()});
            }
        });
    }
}
