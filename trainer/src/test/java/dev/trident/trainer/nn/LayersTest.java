package dev.trident.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.model.ModelComplexity;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.model.MultiTaskNet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The documented forward semantics of the layers (what the ONNX exporter relies on). */
class LayersTest {
    static NDManager m;

    @BeforeAll
    static void engine() {
        m = Engine.getEngine("PyTorch").newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void bilinearUpsampleSamplesAtHalfPixelCentresWithClampedEdges() {
        // input row [0, 4], x2: output x samples (x + 0.5)/2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (to 1)
        NDArray x = m.create(new float[] {0f, 4f}, new Shape(1, 1, 1, 2));
        assertThat(new BilinearUpsample(2).forward(x, false).toFloatArray()).containsExactly(0f, 1f, 3f, 4f, 0f, 1f, 3f, 4f);
        assertThat(new BilinearUpsample(4).outputShape(new Shape(2, 14, 48, 80))).isEqualTo(new Shape(2, 14, 192, 320));
    }

    @Test
    void batchNormUpdatesRunningStatisticsWithPyTorchMomentumAndUsesThemInEval() {
        BatchNorm2d bn = new BatchNorm2d(1);
        bn.initialize(m, DataType.FLOAT32, new Shape(2, 1, 2, 2));
        NDArray x = m.full(new Shape(2, 1, 2, 2), 10f);
        bn.forward(x, true);
        assertThat(bn.runningMean().getArray().getFloat(0)).isCloseTo(0.1f * 10f, within(1e-5f));
        // eval: (x − mean)/sqrt(var + eps)·gamma + beta with the running statistics
        float mean = bn.runningMean().getArray().getFloat(0);
        float var = bn.runningVar().getArray().getFloat(0);
        float y = bn.forward(m.full(new Shape(1, 1, 1, 1), 3f), false).getFloat(0);
        assertThat(y).isCloseTo((float) ((3 - mean) / Math.sqrt(var + BatchNorm2d.EPS)), within(1e-4f));
    }

    @Test
    void upsampleIsNearestNeighbour() {
        NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray y = new Upsample2x().forward(x, false);
        assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 4, 4));
        assertThat(y.toFloatArray()).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void convPadsByHalfTheKernelAndCountsMacs() {
        Conv2d c = new Conv2d(4, 8, 3, 2, 1, true);
        c.initialize(m, DataType.FLOAT32, new Shape(1, 4, 10, 16));
        NDArray y = c.forward(m.ones(new Shape(1, 4, 10, 16)), false);
        assertThat(y.getShape()).isEqualTo(new Shape(1, 8, 5, 8)).isEqualTo(c.outputShape(new Shape(1, 4, 10, 16)));
        assertThat(c.macs(new Shape(1, 4, 10, 16))).isEqualTo(5L * 8 * 8 * 4 * 9);
    }

    @Test
    void networkOutputsMatchTheirDeclaredShapesAndSizesAreAsReported() {
        ModelConfig c = new ModelConfig("n", "inverted", 0.25, 0.5, 8, null, 96, 64, null, null, null, null, null);
        MultiTaskNet net = MultiTaskNet.create(c, m);
        var out = net.predict(m.zeros(net.inputShape(2)), false);
        assertThat(out.get(dev.trident.runtime.contract.Task.DETECTION).get(0).getShape()).isEqualTo(new Shape(2, 7, 8, 12));
        assertThat(out.get(dev.trident.runtime.contract.Task.SEGMENTATION).get(0).getShape()).isEqualTo(new Shape(2, 14, 8, 12));
        float[] depth = out.get(dev.trident.runtime.contract.Task.DEPTH).get(0).toFloatArray();
        for (float v : depth) {
            assertThat(v).isBetween(0f, 1f);
        }
        // the documented sizes at 640x384 (docs/training.md)
        assertThat(ModelComplexity.gflops(ModelConfig.defaults().withInput(640, 384))).isCloseTo(0.487, within(0.001));
        assertThat(ModelComplexity.gflops(new ModelConfig("s", null, null, null, null, null, 640, 384, null, null, null, null, null)))
                .isCloseTo(2.077, within(0.001));
    }
}
