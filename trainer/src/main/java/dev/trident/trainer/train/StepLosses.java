package dev.trident.trainer.train;

import dev.trident.runtime.contract.Task;
import java.util.Map;

/**
 * One training step's outcome: each present task's loss, the combined loss, the weights used, and
 * (GradNorm) the per-task gradient norms at the last shared layer. Immutable value.
 */
public record StepLosses(Map<Task, Double> losses, double total, Map<Task, Double> weights,
                         Map<Task, Double> gradientNorms) {
}
