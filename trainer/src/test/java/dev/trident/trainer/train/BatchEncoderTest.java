package dev.trident.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.LabelledSample;
import dev.trident.trainer.data.OpenCvNatives;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchEncoderTest {
    static Dataset data;

    @BeforeAll
    static void setUp() throws Exception {
        OpenCvNatives.load();
        data = Dataset.open(TinyData.get());
    }

    private static Batch encode(Augmentation aug) {
        try (LabelledSample s = data.load(data.samples().get(0));
             BatchEncoder enc = new BatchEncoder(96, 64, 4, 7, data.manifest().depthScale())) {
            return enc.encode(List.of(s), aug, new Random(1));
        }
    }

    @Test
    void horizontalFlipMirrorsImageSegmentationDepthAndBoxesTogether() {
        Batch plain = encode(new Augmentation(0.0, 1.0, 0.0));
        Batch flipped = encode(new Augmentation(1.0, 1.0, 0.0));
        int w = 96;
        int h = 64;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = y * w + x;
                int b = y * w + (w - 1 - x);
                assertThat(flipped.segmentationFull()[0][a]).isEqualTo(plain.segmentationFull()[0][b]);
                assertThat(flipped.depthFull()[0][a]).isEqualTo(plain.depthFull()[0][b]);
                assertThat(flipped.image()[a]).isCloseTo(plain.image()[b], within(1e-5f));
            }
        }
        assertThat(plain.boxes().get(0)).isNotEmpty().hasSameSizeAs(flipped.boxes().get(0));
        for (int i = 0; i < plain.boxes().get(0).size(); i++) {
            float[] p = plain.boxes().get(0).get(i);
            float[] f = flipped.boxes().get(0).get(i);
            assertThat(f[0]).isCloseTo(w - p[2], within(1e-4f));
            assertThat(f[2]).isCloseTo(w - p[0], within(1e-4f));
            assertThat(f[1]).isEqualTo(p[1]);
            assertThat(f[4]).isEqualTo(p[4]);
        }
    }

    @Test
    void centreNetTargetsPeakAtEveryBoxCentre() {
        Batch b = encode(Augmentation.NONE);
        int hw = b.headWidth();
        int cells = b.headHeight() * hw;
        for (float[] box : b.boxes().get(0)) {
            int cx = Math.min(hw - 1, (int) ((box[0] + box[2]) / 2 / 4));
            int cy = Math.min(b.headHeight() - 1, (int) ((box[1] + box[3]) / 2 / 4));
            assertThat(b.heatmap()[(int) box[4] * cells + cy * hw + cx]).isEqualTo(1f);
            assertThat(b.centreMask()[cy * hw + cx]).isEqualTo(1f);
        }
        assertThat(BatchEncoder.gaussianRadius(10, 10, 0.7)).isPositive().isLessThan(5);
    }
}
