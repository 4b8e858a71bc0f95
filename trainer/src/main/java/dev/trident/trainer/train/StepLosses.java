package dev.trident.trainer.train;

import dev.trident.runtime.contract.Task;
import java.util.Map;

/**
 * One training step's outcome: each present task's loss, the combined loss, the weights used, and
 * (GradNorm) the per-task gradient norms at the last shared layer, and the global gradient norm of
 * all trainable parameters before clipping (NaN when no update was made). Immutable value.
 */
public record StepLosses(Map<Task, Double> losses, double total, Map<Task, Double> weights,
                         Map<Task, Double> gradientNorms, double gradNorm) {

    /** The same outcome with the global gradient norm filled in. */
    public StepLosses withGradNorm(double norm) {
        return new StepLosses(losses, total, weights, gradientNorms, norm);
    }
}
