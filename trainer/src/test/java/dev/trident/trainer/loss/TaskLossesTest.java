package dev.trident.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskLossesTest {
    static NDManager m;

    @BeforeAll
    static void engine() {
        m = Engine.getEngine("PyTorch").newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void focalMatchesCenterNetFormulaByHand() {
        // one sample, one class, 3 cells: a centre (y=1), a near cell (y=0.5), a background cell (y=0)
        float[] x = {0.5f, -1f, -2f};
        NDArray logits = m.create(x, new Shape(1, 1, 1, 3));
        NDArray target = m.create(new float[] {1f, 0.5f, 0f}, new Shape(1, 1, 1, 3));
        double p0 = sig(0.5);
        double p1 = sig(-1);
        double p2 = sig(-2);
        double pos = Math.pow(1 - p0, 2) * Math.log(p0);
        double neg = Math.pow(1 - 0.5, 4) * p1 * p1 * Math.log(1 - p1) + p2 * p2 * Math.log(1 - p2);
        double expected = -(pos + neg) / 1; // one centre
        assertThat(TaskLosses.focal(logits, target).getFloat(0)).isCloseTo((float) expected, within(1e-5f));
    }

    @Test
    void giouMatchesTheFormulaByHand() {
        // two samples, one cell each (cell (0, 0)), boxes in cells:
        // 1: predicted centre (0.5, 0.5) size 2x2 = [-0.5, -0.5, 1.5, 1.5] vs [0, 0, 1, 1]:
        //    IoU 1/4, hull = union = 4, GIoU 1/4, loss 3/4 (weight 1)
        // 2: predicted [0, 0, 1, 1] vs disjoint [2, 0, 3, 1]: IoU 0, union 2, hull 3, GIoU -1/3,
        //    loss 4/3, weight 0.5 -> 0.5 * 4/3 / max(0.5, 1)
        NDArray size = m.create(new float[] {2f, 2f, 1f, 1f}, new Shape(2, 2, 1, 1));
        NDArray offset = m.create(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new Shape(2, 2, 1, 1));
        NDArray target = m.create(new float[] {0f, 0f, 1f, 1f, 2f, 0f, 3f, 1f}, new Shape(2, 4, 1, 1));
        NDArray weight = m.create(new float[] {1f, 0.5f}, new Shape(2, 1, 1, 1));
        float[] loss = TaskLosses.giou(size, offset, target, weight).toFloatArray();
        assertThat(loss[0]).isCloseTo(0.75f, within(1e-5f));
        assertThat(loss[1]).isCloseTo((float) (0.5 * 4.0 / 3.0), within(1e-5f));
    }

    @Test
    void giouIsZeroForAPerfectBoxAndWithoutRegressionCells() {
        NDArray size = m.create(new float[] {3f, 1f, 1f, 1f}, new Shape(1, 2, 1, 2)); // w per cell, then h
        NDArray offset = m.create(new float[] {0.25f, 0.5f, 0.5f, 0.5f}, new Shape(1, 2, 1, 2)); // dx, then dy
        // cell 0 predicts [-1.25, 0, 1.75, 1]: exactly its target; cell 1 has weight 0
        NDArray target = m.create(new float[] {-1.25f, 0f, 0f, 0f, 1.75f, 0f, 1f, 0f}, new Shape(1, 4, 1, 2));
        assertThat(TaskLosses.giou(size, offset, target, m.create(new float[] {1f, 0f}, new Shape(1, 1, 1, 2)))
                .getFloat(0)).isCloseTo(0f, within(1e-6f));
        assertThat(TaskLosses.giou(size, offset, target, m.zeros(new Shape(1, 1, 1, 2))).getFloat(0)).isEqualTo(0f);
    }

    @Test
    void crossEntropySkipsIgnoredPixels() {
        // two pixels, two classes; second pixel ignored
        NDArray logits = m.create(new float[] {2f, 0f, 0f, 5f}, new Shape(1, 2, 1, 2)); // [c][x]
        NDArray labels = m.create(new long[] {1, 255}, new Shape(1, 1, 1, 2));
        double expected = -Math.log(Math.exp(0) / (Math.exp(2) + Math.exp(0)));
        assertThat(TaskLosses.crossEntropy(logits, labels, 255).getFloat(0)).isCloseTo((float) expected, within(1e-5f));
    }

    @Test
    void logDepthL1UsesValidPixelsOnly() {
        NDArray logPred = m.create(new float[] {(float) Math.log(10), (float) Math.log(3), 7f}, new Shape(1, 1, 1, 3));
        NDArray target = m.create(new float[] {20f, 3f, 0f}, new Shape(1, 1, 1, 3));
        assertThat(TaskLosses.logDepthL1(logPred, target).getFloat(0)).isCloseTo((float) (Math.log(2) / 2), within(1e-5f));
    }

    @Test
    void silogIsZeroForAGlobalScaleError() {
        NDArray target = m.create(new float[] {2f, 4f, 8f}, new Shape(1, 1, 1, 3));
        NDArray logPred = target.mul(3f).log();
        assertThat(TaskLosses.silog(logPred, target, 1f).getFloat(0)).isCloseTo(0f, within(1e-5f));
    }

    @Test
    void maskedMeanAveragesLabelledSamplesAndIsZeroWithoutLabels() {
        NDArray perSample = m.create(new float[] {1f, 3f, 100f});
        assertThat(TaskLosses.maskedMean(perSample, m.create(new float[] {1f, 1f, 0f})).getFloat()).isEqualTo(2f);
        NDArray none = TaskLosses.maskedMean(perSample, m.zeros(new Shape(3), DataType.FLOAT32));
        assertThat(none.getFloat()).isEqualTo(0f);
    }

    @Test
    void unlabelledSamplesGiveFiniteLosses() {
        NDArray zeros = m.zeros(new Shape(2, 1, 4, 4));
        for (float f : TaskLosses.logDepthL1(zeros, zeros).toFloatArray()) {
            assertThat(Math.abs(f)).isEqualTo(0f);
        }
        NDArray ignore = m.full(new Shape(2, 1, 4, 4), 255L);
        for (float f : TaskLosses.crossEntropy(m.zeros(new Shape(2, 3, 4, 4)), ignore, 255).toFloatArray()) {
            assertThat(Math.abs(f)).isEqualTo(0f);
        }
        float[] focal = TaskLosses.focal(m.zeros(new Shape(2, 2, 4, 4)), m.zeros(new Shape(2, 2, 4, 4))).toFloatArray();
        for (float f : focal) {
            assertThat(f).isFinite();
        }
    }
}
