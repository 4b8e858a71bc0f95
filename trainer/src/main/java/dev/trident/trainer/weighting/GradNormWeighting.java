package dev.trident.trainer.weighting;

import ai.djl.ndarray.NDArray;
import dev.trident.runtime.contract.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GradNorm (Chen et al., ICML 2018) on the last shared layer W (the neck's output conv1×1).
 * With task weights w_i: {@code G_i = ||∇_W w_i L_i|| = w_i·n_i}, {@code Ḡ = mean G_i},
 * {@code L̃_i = L_i(t)/L_i(0)}, {@code r_i = L̃_i / mean L̃}, target {@code Ḡ·r_i^α} (held constant),
 * {@code L_grad = Σ |G_i − Ḡ r_i^α|}, so {@code ∂L_grad/∂w_i = sign(G_i − Ḡ r_i^α)·n_i}. The w_i take an
 * Adam step on that gradient and are renormalised to {@code Σ w_i = K}. The training loss is
 * {@code Σ w_i L_i} with the w_i as constants. L_i(0) is each task's first observed batch loss.
 * Not thread-safe (see {@link TaskWeighting}).
 */
public final class GradNormWeighting implements TaskWeighting {
    private final List<Task> tasks;
    private final double alpha;
    private final double lr;
    private final Map<Task, Double> weights = new LinkedHashMap<>();
    private final Map<Task, Double> initialLoss = new LinkedHashMap<>();
    private final Map<Task, double[]> adam = new LinkedHashMap<>(); // m, v
    private long step;

    public GradNormWeighting(List<Task> tasks, double alpha, double lr) {
        this.tasks = List.copyOf(tasks);
        this.alpha = alpha;
        this.lr = lr;
        for (Task t : tasks) {
            weights.put(t, 1.0);
            adam.put(t, new double[2]);
        }
    }

    @Override
    public String name() {
        return "gradnorm";
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
    public boolean needsGradientNorms() {
        return true;
    }

    /**
     * The gradient of L_grad w.r.t. each w_i (the paper's formula, targets held constant).
     *
     * @param weights   current w_i
     * @param norms     n_i = ||∇_W L_i|| (unweighted)
     * @param lossRatio L̃_i = L_i(t)/L_i(0)
     */
    public static Map<Task, Double> gradient(Map<Task, Double> weights, Map<Task, Double> norms,
                                             Map<Task, Double> lossRatio, double alpha) {
        double gMean = 0;
        double rMean = 0;
        for (Task t : norms.keySet()) {
            gMean += weights.get(t) * norms.get(t);
            rMean += lossRatio.get(t);
        }
        gMean /= norms.size();
        rMean /= norms.size();
        Map<Task, Double> grad = new LinkedHashMap<>();
        for (Task t : norms.keySet()) {
            double g = weights.get(t) * norms.get(t);
            double target = gMean * Math.pow(lossRatio.get(t) / rMean, alpha);
            grad.put(t, Math.signum(g - target) * norms.get(t));
        }
        return grad;
    }

    @Override
    public void afterBackward(Map<Task, Double> losses, Map<Task, Double> gradientNorms) {
        for (Map.Entry<Task, Double> e : losses.entrySet()) {
            initialLoss.putIfAbsent(e.getKey(), Math.max(e.getValue(), 1e-8));
        }
        if (gradientNorms.size() < 2) {
            return; // balancing needs at least two tasks in the batch
        }
        Map<Task, Double> ratio = new LinkedHashMap<>();
        gradientNorms.keySet().forEach(t -> ratio.put(t, losses.get(t) / initialLoss.get(t)));
        Map<Task, Double> grad = gradient(weights, gradientNorms, ratio, alpha);
        step++;
        double b1 = 0.9;
        double b2 = 0.999;
        for (Map.Entry<Task, Double> e : grad.entrySet()) {
            double[] mv = adam.get(e.getKey());
            mv[0] = b1 * mv[0] + (1 - b1) * e.getValue();
            mv[1] = b2 * mv[1] + (1 - b2) * e.getValue() * e.getValue();
            double mHat = mv[0] / (1 - Math.pow(b1, step));
            double vHat = mv[1] / (1 - Math.pow(b2, step));
            weights.put(e.getKey(), Math.max(1e-3, weights.get(e.getKey()) - lr * mHat / (Math.sqrt(vHat) + 1e-8)));
        }
        renormalise(weights);
    }

    /** Scales the weights so they sum to the number of tasks K. */
    public static void renormalise(Map<Task, Double> w) {
        double sum = w.values().stream().mapToDouble(Double::doubleValue).sum();
        int k = w.size();
        w.replaceAll((t, v) -> v * k / sum);
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", step);
        Map<String, Object> w = new LinkedHashMap<>();
        weights.forEach((t, v) -> w.put(t.name(), v));
        s.put("weights", w);
        Map<String, Object> l0 = new LinkedHashMap<>();
        initialLoss.forEach((t, v) -> l0.put(t.name(), v));
        s.put("initialLoss", l0);
        Map<String, Object> a = new LinkedHashMap<>();
        adam.forEach((t, v) -> a.put(t.name(), List.of(v[0], v[1])));
        s.put("adam", a);
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Map<String, Object> state) {
        step = ((Number) state.getOrDefault("step", 0)).longValue();
        ((Map<String, Object>) state.getOrDefault("weights", Map.of()))
                .forEach((k, v) -> weights.put(Task.valueOf(k), ((Number) v).doubleValue()));
        ((Map<String, Object>) state.getOrDefault("initialLoss", Map.of()))
                .forEach((k, v) -> initialLoss.put(Task.valueOf(k), ((Number) v).doubleValue()));
        ((Map<String, Object>) state.getOrDefault("adam", Map.of())).forEach((k, v) -> {
            List<Number> l = (List<Number>) v;
            adam.put(Task.valueOf(k), new double[] {l.get(0).doubleValue(), l.get(1).doubleValue()});
        });
    }
}
