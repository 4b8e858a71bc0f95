package dev.trident.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.nn.BilinearUpsample;
import org.junit.jupiter.api.Test;

class PixelSamplingTest {
    @Test
    void sampledPixelsEqualThoseOfTheFullUpsampling() {
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 7));
            float[] full = new BilinearUpsample(4).forward(x, false).toFloatArray(); // [2, 3, 20, 28]
            for (int phase = 0; phase < 4; phase++) {
                int py = phase / 2;
                int px = phase % 2;
                NDArray s = PixelSampling.bilinear(x, m, 4, py, px, 2);
                assertThat(s.getShape()).isEqualTo(new Shape(2, 3, 10, 14));
                float[] got = s.toFloatArray();
                for (int p = 0; p < 6; p++) {
                    for (int y = 0; y < 10; y++) {
                        for (int xx = 0; xx < 14; xx++) {
                            float want = full[(p * 20 + py + 2 * y) * 28 + px + 2 * xx];
                            assertThat(got[(p * 10 + y) * 14 + xx]).isCloseTo(want, within(1e-5f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void weightsInterpolateBetweenNeighboursAndClampAtTheEdges() {
        // 2 inputs, x2, every pixel: sources -0.25 (clamped: all on 0), 0.25, 0.75, 1.25 (all on 1)
        float[] a = PixelSampling.weights(2, 2, 0, 1);
        assertThat(a).containsExactly(1f, 0f, 0.75f, 0.25f, 0.25f, 0.75f, 0f, 1f);
    }
}
