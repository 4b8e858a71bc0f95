package dev.trident.trainer.weighting;

import ai.djl.ndarray.NDArray;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.nn.GraphScalars;
import java.util.Map;

/** {@code Σ w_i L_i} over the tasks present. Stateless. */
final class Weighted {
    private Weighted() {
    }

    static NDArray sum(Map<Task, NDArray> losses, Map<Task, Double> weights) {
        NDArray total = null;
        for (Map.Entry<Task, NDArray> e : losses.entrySet()) {
            NDArray term = GraphScalars.mul(e.getValue(), weights.get(e.getKey()));
            total = total == null ? term : total.add(term);
        }
        if (total == null) {
            throw new IllegalArgumentException("no task losses to combine");
        }
        return total;
    }
}
