package dev.trident.trainer.weighting;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.trident.runtime.contract.Task;
import java.util.List;
import java.util.Map;

/**
 * How the per-task losses become one training loss. Implementations: {@link EqualWeighting},
 * {@link UncertaintyWeighting}, {@link DwaWeighting}, {@link GradNormWeighting}.
 *
 * <p>Per step the trainer calls {@link #combine} (inside the gradient recording), then, when
 * {@link #needsGradientNorms()}, {@link #afterBackward} with each task's gradient norm at the last
 * shared layer; after each epoch {@link #endEpoch} with the epoch's mean task losses.
 *
 * <p>Not thread-safe: used by the one training thread.
 */
public interface TaskWeighting {

    /** Config name: equal, uncertainty, dwa, gradnorm. */
    String name();

    /**
     * The combined loss for the tasks present in this batch (tasks without labels are absent).
     * Must be differentiable w.r.t. {@link #parameters()}.
     */
    NDArray combine(Map<Task, NDArray> losses);

    /** The effective weight on each task's loss right now (for logging). */
    Map<Task, Double> weights();

    /** Learnable arrays (trained by the main optimizer, no weight decay); empty by default. */
    default Map<String, NDArray> parameters() {
        return Map.of();
    }

    /** Whether {@link #afterBackward} needs the per-task gradient norms. */
    default boolean needsGradientNorms() {
        return false;
    }

    /**
     * After the backward pass: the batch's task losses and ||∇_W L_i|| (unweighted) at the last
     * shared layer W, for the tasks present in the batch.
     */
    default void afterBackward(Map<Task, Double> losses, Map<Task, Double> gradientNorms) {
    }

    /** At the end of an epoch, with the epoch's mean loss per task. */
    default void endEpoch(Map<Task, Double> meanLosses) {
    }

    /** Serialisable state for checkpoints. */
    Map<String, Object> state();

    /** Restores {@link #state()}. */
    void restore(Map<String, Object> state);

    /** Builds a weighting from its config for these tasks. */
    static TaskWeighting create(WeightingConfig c, List<Task> tasks, NDManager manager) {
        return switch (c.type()) {
            case "equal" -> new EqualWeighting(tasks, c.fixedWeights(tasks));
            case "uncertainty" -> new UncertaintyWeighting(tasks, manager);
            case "dwa" -> new DwaWeighting(tasks, c.dwaTemperature());
            case "gradnorm" -> new GradNormWeighting(tasks, c.gradnormAlpha(), c.gradnormLr());
            default -> throw new IllegalArgumentException("unknown weighting '" + c.type()
                    + "'; use equal, uncertainty, dwa or gradnorm");
        };
    }
}
