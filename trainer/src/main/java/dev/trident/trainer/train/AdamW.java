package dev.trident.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov &amp; Hutter 2019) with decoupled weight decay:
 * {@code m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; w −= lr·( m̂/(√v̂ + ε) + λ·w )} with bias
 * corrections m̂ = m/(1−β1^t), v̂ = v/(1−β2^t). No decay on parameters with fewer than 2 dimensions
 * (biases, BatchNorm, task weights). Moments are kept per parameter name and saved with
 * {@link #state()} for exact resume. Not thread-safe: the training thread only, outside gradient
 * recording.
 */
public final class AdamW {
    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps = 1e-8;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    private long step;

    public AdamW(NDManager manager, double weightDecay) {
        this.manager = manager;
        this.weightDecay = weightDecay;
    }

    public long step() {
        return step;
    }

    /** One update of every parameter that has a gradient, then zeroes the gradients. */
    public void update(Map<String, NDArray> parameters, double lr) {
        update(parameters, lr, 0);
    }

    /**
     * One update with global gradient-norm clipping: when the L2 norm of all gradients together
     * exceeds {@code maxNorm} (> 0), every gradient is scaled by maxNorm/norm before it enters the
     * moments (PyTorch's {@code clip_grad_norm_}). Zeroes the gradients afterwards.
     *
     * @return the global gradient norm before clipping
     */
    public double update(Map<String, NDArray> parameters, double lr, double maxNorm) {
        double norm = gradientNorm(parameters);
        float scale = maxNorm > 0 && norm > maxNorm ? (float) (maxNorm / norm) : 1f;
        step++;
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray w = e.getValue();
            try (NDManager tmp = manager.newSubManager()) {
                // every temporary starts from an array of tmp, so all of them are freed with it
                NDArray raw = w.getGradient();
                raw.attach(tmp);
                NDArray g = scale != 1f ? raw.mul(scale) : raw;
                NDArray[] mv = moments.computeIfAbsent(e.getKey(), k -> new NDArray[] {
                        manager.zeros(w.getShape()), manager.zeros(w.getShape())});
                mv[0].muli(beta1).addi(g.mul(1 - beta1));
                mv[1].muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray vHat = tmp.zeros(w.getShape()).addi(mv[1]).divi(c2);
                NDArray upd = tmp.zeros(w.getShape()).addi(mv[0]).divi(c1).divi(vHat.sqrt().addi(eps));
                if (weightDecay > 0 && w.getShape().dimension() >= 2) {
                    upd.addi(tmp.zeros(w.getShape()).addi(w).muli(weightDecay));
                }
                w.subi(upd.muli(lr));
                raw.subi(raw); // zero the gradient in place for the next step
            }
        }
        return norm;
    }

    /** The L2 norm of all gradients together (one value read back from the engine). */
    public double gradientNorm(Map<String, NDArray> parameters) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray sum = null;
            for (NDArray w : parameters.values()) {
                NDArray g = w.getGradient();
                g.attach(tmp); // so the wrapper and every temporary below are freed with tmp
                NDArray sq = g.square().sum();
                sum = sum == null ? sq : sum.add(sq);
            }
            return sum == null ? 0 : Math.sqrt(sum.getFloat());
        }
    }

    /** Moments by name (m then v) for checkpoints. */
    public NDList state() {
        NDList l = new NDList();
        moments.forEach((k, mv) -> {
            mv[0].setName(k + ".m");
            mv[1].setName(k + ".v");
            l.add(mv[0]);
            l.add(mv[1]);
        });
        return l;
    }

    /** Restores {@link #state()} and the step count. */
    public void restore(NDList state, long steps) {
        moments.clear();
        for (int i = 0; i + 1 < state.size(); i += 2) {
            String name = state.get(i).getName();
            String key = name.substring(0, name.length() - 2);
            NDArray m = state.get(i).duplicate();
            NDArray v = state.get(i + 1).duplicate();
            m.attach(manager);
            v.attach(manager);
            moments.put(key, new NDArray[] {m, v});
        }
        step = steps;
    }
}
