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

    @Test
    void regressionCellsRegressTheirOwnBoxNearItsCentre() {
        Batch b = encode(Augmentation.NONE);
        int hw = b.headWidth();
        int cells = b.headHeight() * hw;
        List<float[]> boxes = b.boxes().get(0);
        double total = 0;
        int used = 0;
        for (int cell = 0; cell < cells; cell++) {
            float w = b.regressionWeight()[cell];
            if (w == 0) {
                continue;
            }
            used++;
            total += w;
            float[] t = new float[4];
            for (int k = 0; k < 4; k++) {
                t[k] = b.regressionBox()[k * cells + cell] * 4; // back to pixels
            }
            float[] owner = boxes.stream().filter(x -> Math.abs(x[0] - t[0]) < 1e-3 && Math.abs(x[1] - t[1]) < 1e-3
                    && Math.abs(x[2] - t[2]) < 1e-3 && Math.abs(x[3] - t[3]) < 1e-3).findFirst().orElse(null);
            assertThat(owner).as("cell %d regresses one of the sample's boxes", cell).isNotNull();
            double cx = (owner[0] + owner[2]) / 8;
            double cy = (owner[1] + owner[3]) / 8;
            double ax = Math.max(1, BatchEncoder.REGRESSION_BETA * (owner[2] - owner[0]) / 8);
            double ay = Math.max(1, BatchEncoder.REGRESSION_BETA * (owner[3] - owner[1]) / 8);
            assertThat(Math.abs(cell % hw + 0.5 - cx)).isLessThanOrEqualTo(ax + 0.5);
            assertThat(Math.abs(cell / hw + 0.5 - cy)).isLessThanOrEqualTo(ay + 0.5);
        }
        assertThat(used).isGreaterThan(boxes.size()); // neighbours regress too, not only the centres
        assertThat(total).isPositive().isLessThanOrEqualTo(boxes.size() + 1e-4); // each object's weights sum to ≤ 1
    }
}
