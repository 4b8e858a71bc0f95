package dev.trident.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;

    /** Sets w's gradient to {@code g} (the gradient of Σ g·w). */
    private static void gradient(NDArray w, float[] g) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.mul(w.getManager().create(g)).sum());
        }
    }

    @Test
    void gradientNormIsTheL2NormOverAllParameters() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2});
            NDArray b = m.create(new float[] {1, 1, 1});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            gradient(a, new float[] {3, 0});
            gradient(b, new float[] {0, 4, 12});
            assertThat(new AdamW(m, 0).gradientNorm(Map.of("a", a, "b", b))).isCloseTo(13.0, within(1e-5));
        }
    }

    @Test
    void aGradientAboveTheLimitIsScaledDownBeforeItEntersTheMoments() {
        // second gradient (30, 40), norm 50: scaled to norm 1 → (0.6, 0.8); the first, norm 0.5, is kept
        float[] clipped = twoSteps(1.0);
        float[] raw = twoSteps(0);
        double[][] scaled = {{0.3, 0.4}, {0.6, 0.8}};
        double[][] unscaled = {{0.3, 0.4}, {30, 40}};
        for (int i = 0; i < 2; i++) {
            assertThat((double) clipped[i]).as("clipped w[" + i + "]").isCloseTo(adam(i, scaled), within(1e-5));
            assertThat((double) raw[i]).as("unclipped w[" + i + "]").isCloseTo(adam(i, unscaled), within(1e-5));
        }
        assertThat(clipped[0]).isNotCloseTo(raw[0], within(1e-3f));
    }

    /** w = (1, 2) after AdamW steps (lr 0.1, no decay) with gradients (0.3, 0.4) then (30, 40). */
    private static float[] twoSteps(double maxNorm) {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray w = m.create(new float[] {1, 2});
            w.setRequiresGradient(true);
            AdamW opt = new AdamW(m, 0);
            gradient(w, new float[] {0.3f, 0.4f});
            assertThat(opt.update(Map.of("w", w), 0.1, maxNorm)).isCloseTo(0.5, within(1e-6));
            gradient(w, new float[] {30, 40});
            assertThat(opt.update(Map.of("w", w), 0.1, maxNorm)).isCloseTo(50, within(1e-4));
            // the gradient is zeroed for the next step
            assertThat(w.getGradient().toFloatArray()).containsExactly(0f, 0f);
            return w.toFloatArray();
        }
    }

    /** Adam by its formula, element {@code i}, from w = (1, 2), lr 0.1, ε 1e-8. */
    private static double adam(int i, double[][] grads) {
        double x = i + 1;
        double mo = 0;
        double v = 0;
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1][i];
            mo = B1 * mo + (1 - B1) * g;
            v = B2 * v + (1 - B2) * g * g;
            x -= 0.1 * (mo / (1 - Math.pow(B1, t))) / (Math.sqrt(v / (1 - Math.pow(B2, t))) + 1e-8);
        }
        return x;
    }
}
