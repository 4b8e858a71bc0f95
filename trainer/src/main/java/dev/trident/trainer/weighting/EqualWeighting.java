package dev.trident.trainer.weighting;

import ai.djl.ndarray.NDArray;
import dev.trident.runtime.contract.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixed weights: {@code L = Σ w_i L_i} (w_i = 1 unless configured). Not thread-safe (see {@link TaskWeighting}). */
public final class EqualWeighting implements TaskWeighting {
    private final Map<Task, Double> weights;

    public EqualWeighting(List<Task> tasks, Map<Task, Double> weights) {
        this.weights = new LinkedHashMap<>();
        for (Task t : tasks) {
            this.weights.put(t, weights.getOrDefault(t, 1.0));
        }
    }

    @Override
    public String name() {
        return "equal";
    }

    @Override
    public NDArray combine(Map<Task, NDArray> losses) {
        return Weighted.sum(losses, weights);
    }

    @Override
    public Map<Task, Double> weights() {
        return Map.copyOf(weights);
    }

    @Override
    public Map<String, Object> state() {
        return Map.of();
    }

    @Override
    public void restore(Map<String, Object> state) {
    }
}
