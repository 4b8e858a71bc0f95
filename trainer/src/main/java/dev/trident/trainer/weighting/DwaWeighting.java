package dev.trident.trainer.weighting;

import ai.djl.ndarray.NDArray;
import dev.trident.runtime.contract.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic Weight Average (Liu, Johns &amp; Davison, CVPR 2019):
 * {@code w_i(t) = K·exp(r_i(t−1)/T) / Σ_j exp(r_j(t−1)/T)}, {@code r_i(t−1) = L_i(t−1)/L_i(t−2)}
 * with L_i the epoch-mean loss, K the number of tasks, T the temperature (2); w_i = 1 for the
 * first two epochs. Not thread-safe (see {@link TaskWeighting}).
 */
public final class DwaWeighting implements TaskWeighting {
    private final List<Task> tasks;
    private final double temperature;
    private final List<Map<Task, Double>> history = new ArrayList<>();
    private Map<Task, Double> weights;

    public DwaWeighting(List<Task> tasks, double temperature) {
        this.tasks = List.copyOf(tasks);
        this.temperature = temperature;
        this.weights = ones();
    }

    private Map<Task, Double> ones() {
        Map<Task, Double> m = new LinkedHashMap<>();
        tasks.forEach(t -> m.put(t, 1.0));
        return m;
    }

    /** The DWA weights from the two previous epochs' mean losses. */
    public static Map<Task, Double> weightsFrom(Map<Task, Double> previous, Map<Task, Double> beforePrevious,
                                                double temperature) {
        Map<Task, Double> e = new LinkedHashMap<>();
        double sum = 0;
        for (Map.Entry<Task, Double> p : previous.entrySet()) {
            double r = p.getValue() / beforePrevious.get(p.getKey());
            double v = Math.exp(r / temperature);
            e.put(p.getKey(), v);
            sum += v;
        }
        int k = e.size();
        double total = sum;
        e.replaceAll((t, v) -> k * v / total);
        return e;
    }

    @Override
    public String name() {
        return "dwa";
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
    public void endEpoch(Map<Task, Double> meanLosses) {
        history.add(new LinkedHashMap<>(meanLosses));
        int n = history.size();
        boolean usable = n >= 2 && tasks.stream().allMatch(t -> history.get(n - 1).get(t) != null
                && history.get(n - 2).get(t) != null && history.get(n - 2).get(t) > 0);
        weights = usable ? weightsFrom(history.get(n - 1), history.get(n - 2), temperature) : ones();
    }

    @Override
    public Map<String, Object> state() {
        List<Map<String, Double>> h = new ArrayList<>();
        for (Map<Task, Double> m : history) {
            Map<String, Double> s = new LinkedHashMap<>();
            m.forEach((t, v) -> s.put(t.name(), v));
            h.add(s);
        }
        return Map.of("history", h);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Map<String, Object> state) {
        history.clear();
        weights = ones();
        Object h = state.get("history");
        if (h instanceof List<?> list) {
            for (Object o : list) {
                Map<Task, Double> m = new LinkedHashMap<>();
                ((Map<String, Object>) o).forEach((k, v) -> m.put(Task.valueOf(k), ((Number) v).doubleValue()));
                endEpoch(m);
            }
        }
    }
}
