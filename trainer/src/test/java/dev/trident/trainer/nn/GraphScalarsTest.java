package dev.trident.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.trident.trainer.train.GcChurn;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GraphScalarsTest {
    @AfterEach
    void release() {
        GcChurn.release();
    }

    /** d/dx of sum(op(x)) at x = {0.5, 2}, with a GC and memory reuse between forward and backward. */
    private static float[] gradient(Function<NDArray, NDArray> op) {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = m.create(new float[] {0.5f, 2f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x).sum();
                GcChurn.run();
                gc.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void gradientsSurviveAGarbageCollectionBeforeBackward() {
        assertThat(gradient(x -> GraphScalars.mul(x, 3))).containsExactly(3f, 3f);
        assertThat(gradient(x -> GraphScalars.div(x, 4))).containsExactly(0.25f, 0.25f);
        assertThat(gradient(x -> GraphScalars.add(x, 7))).containsExactly(1f, 1f);
        assertThat(gradient(x -> GraphScalars.rsub(7, x))).containsExactly(-1f, -1f);
        assertThat(gradient(x -> GraphScalars.maximum(x, 1))).containsExactly(0f, 1f);
        assertThat(gradient(x -> GraphScalars.minimum(x, 1))).containsExactly(1f, 0f);
        float[] pow = gradient(x -> GraphScalars.pow(x, 3)); // 3x²
        assertThat(pow[0]).isCloseTo(0.75f, within(1e-6f));
        assertThat(pow[1]).isCloseTo(12f, within(1e-5f));
    }

    @Test
    void valuesMatchTheArithmetic() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = m.create(new float[] {0.5f, 2f});
            assertThat(GraphScalars.mul(x, 3).toFloatArray()).containsExactly(1.5f, 6f);
            assertThat(GraphScalars.rsub(1, x).toFloatArray()).containsExactly(0.5f, -1f);
            assertThat(GraphScalars.maximum(x, 1).toFloatArray()).containsExactly(1f, 2f);
            assertThat(GraphScalars.pow(x, -1).toFloatArray()).containsExactly(2f, 0.5f);
        }
    }
}
