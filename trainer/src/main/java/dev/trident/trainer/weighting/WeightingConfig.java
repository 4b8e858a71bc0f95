package dev.trident.trainer.weighting;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.trident.runtime.contract.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code weighting:} section of a training config. Immutable value; thread-safe.
 *
 * @param type           equal | uncertainty | dwa | gradnorm
 * @param weights        fixed weights for {@code equal} by task name (default 1 each)
 * @param dwaTemperature DWA's T (default 2)
 * @param gradnormAlpha  GradNorm's α (default 1.5)
 * @param gradnormLr     learning rate of GradNorm's task weights (Adam; default 0.025)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record WeightingConfig(String type, Map<String, Double> weights, Double dwaTemperature,
                              Double gradnormAlpha, Double gradnormLr) {
    public static final List<String> TYPES = List.of("equal", "uncertainty", "dwa", "gradnorm");

    public WeightingConfig {
        type = type == null ? "equal" : type.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown weighting '" + type + "'; use one of " + TYPES);
        }
        weights = weights == null ? Map.of() : Map.copyOf(weights);
        dwaTemperature = dwaTemperature == null ? 2.0 : dwaTemperature;
        gradnormAlpha = gradnormAlpha == null ? 1.5 : gradnormAlpha;
        gradnormLr = gradnormLr == null ? 0.025 : gradnormLr;
        if (dwaTemperature <= 0 || gradnormAlpha < 0 || gradnormLr <= 0) {
            throw new IllegalArgumentException("weighting: dwaTemperature and gradnormLr must be > 0, gradnormAlpha >= 0");
        }
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            if (!List.of("detection", "segmentation", "depth").contains(e.getKey()) || e.getValue() < 0) {
                throw new IllegalArgumentException("weighting.weights: '" + e.getKey() + "' = " + e.getValue()
                        + "; keys are detection, segmentation, depth and weights >= 0");
            }
        }
    }

    public static WeightingConfig of(String type) {
        return new WeightingConfig(type, null, null, null, null);
    }

    /** The fixed weights per task (1 when not given). */
    public Map<Task, Double> fixedWeights(List<Task> tasks) {
        Map<Task, Double> m = new LinkedHashMap<>();
        for (Task t : tasks) {
            m.put(t, weights.getOrDefault(t.name().toLowerCase(Locale.ROOT), 1.0));
        }
        return m;
    }
}
