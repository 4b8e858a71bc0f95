package dev.trident.trainer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void apOfPerfectAndOfHalfRecall() {
        DetectionMetrics d = new DetectionMetrics(2);
        d.add(List.of(new float[] {0, 0, 10, 10, 0}, new float[] {20, 20, 30, 30, 0}),
                List.of(new float[] {0, 0, 10, 10, 0, 0.9f}, new float[] {50, 50, 60, 60, 0, 0.8f}));
        // class 0: the best detection is right, recall reaches 0.5 at precision 1 → 51 of 101 recall points
        assertThat(d.map(0.5)).isCloseTo(51 / 101.0, within(1e-9));
        DetectionMetrics p = new DetectionMetrics(1);
        p.add(List.of(new float[] {0, 0, 10, 10, 0}), List.of(new float[] {0, 0, 10, 10, 0, 0.5f}));
        assertThat(p.map(0.5)).isEqualTo(1.0);
        assertThat(p.map5095()).isEqualTo(1.0);
        // a box shifted by 2 px: IoU 8·10/(2·100 − 80) = 0.667 → counts for t ≤ 0.65 only (4 of 10 thresholds)
        DetectionMetrics s = new DetectionMetrics(1);
        s.add(List.of(new float[] {0, 0, 10, 10, 0}), List.of(new float[] {2, 0, 12, 10, 0, 0.5f}));
        assertThat(s.map5095()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void minimumHeightIgnoresShortBoxesInsteadOfMissingThem() {
        DetectionMetrics d = new DetectionMetrics(1);
        // image 1: a tall box found, a short box (5 px) found; image 2: a tall box missed, a short box missed,
        // one false positive 20 px tall and one false positive 4 px tall that matches nothing
        d.add(List.of(new float[] {0, 0, 10, 20, 0}, new float[] {40, 40, 45, 45, 0}),
                List.of(new float[] {0, 0, 10, 20, 0, 0.9f}, new float[] {40, 40, 45, 45, 0, 0.8f}));
        d.add(List.of(new float[] {0, 0, 10, 20, 0}, new float[] {40, 40, 45, 45, 0}),
                List.of(new float[] {60, 0, 70, 20, 0, 0.7f}, new float[] {80, 0, 84, 4, 0, 0.95f}));
        // all boxes: 4 ground truths; by score 0.95 FP, 0.9 TP, 0.8 TP, 0.7 FP → precision envelope
        // 2/3 up to recall 0.5 (51 points), 0 beyond
        assertThat(d.map(0.5)).isCloseTo(51 * (2 / 3.0) / 101, within(1e-9));
        assertThat(d.map(0.5, 0)).isEqualTo(d.map(0.5));
        // at least 10 px: 2 ground truths; the 4-px FP and the detection of the 5-px box are dropped →
        // 0.9 TP (recall 0.5, precision 1), 0.7 FP → 51 points at precision 1
        assertThat(d.map(0.5, 10)).isCloseTo(51 / 101.0, within(1e-9));
        // only short ground truth in an image of its own class → NaN (no counted ground truth)
        DetectionMetrics shortOnly = new DetectionMetrics(1);
        shortOnly.add(List.of(new float[] {0, 0, 5, 5, 0}), List.of());
        assertThat(shortOnly.map(0.5, 10)).isNaN();
    }

    @Test
    void segmentationUpsamplingNearestTakesTheCellBilinearInterpolatesTheLogits() {
        // one row of two cells at stride 2 (cell centres at x = 1 and 3), three classes:
        // class 0 = (3, -3), class 1 = (-3, 3), class 2 = (2, 2)
        float[] logits = {3, -3, -3, 3, 2, 2};
        byte[] near = new byte[8];
        byte[] bil = new byte[8];
        SegmentationUpsampling.NEAREST.argmax(logits, 0, 3, 1, 2, 2, 4, 2, near);
        SegmentationUpsampling.BILINEAR.argmax(logits, 0, 3, 1, 2, 2, 4, 2, bil);
        assertThat(near).containsExactly(0, 0, 1, 1, 0, 0, 1, 1);
        // pixel x = 1 (centre 1.5): class 0 = 0.75·3 + 0.25·(−3) = 1.5 < 2 → class 2; x = 0 is clamped to cell 0
        assertThat(bil).containsExactly(0, 2, 2, 1, 0, 2, 2, 1);
        assertThat(SegmentationUpsampling.parse(" Bilinear ")).isEqualTo(SegmentationUpsampling.BILINEAR);
        assertThatThrownBy(() -> SegmentationUpsampling.parse("cubic")).hasMessageContaining("nearest or bilinear");
    }

    @Test
    void iouPerClassFromConfusion() {
        SegmentationMetrics s = new SegmentationMetrics(3, 255);
        s.add(new byte[] {0, 0, 1, 1, (byte) 255}, new byte[] {0, 1, 1, 1, 2});
        double[] iou = s.iouPerClass();
        assertThat(iou[0]).isEqualTo(0.5);        // tp 1, fn 1
        assertThat(iou[1]).isCloseTo(2 / 3.0, within(1e-12)); // tp 2, fp 1
        assertThat(iou[2]).isNaN();               // ignored pixel does not count
        assertThat(s.miou()).isCloseTo((0.5 + 2 / 3.0) / 2, within(1e-12));
    }

    @Test
    void depthMetrics() {
        DepthMetrics d = new DepthMetrics();
        d.add(new float[] {10, 20, 0}, new float[] {11, 30, 5});
        assertThat(d.absRel()).isCloseTo((0.1 + 0.5) / 2, within(1e-9));
        assertThat(d.rmse()).isCloseTo(Math.sqrt((1 + 100) / 2.0), within(1e-9));
        assertThat(d.delta1()).isEqualTo(0.5);
    }

    @Test
    void deltaMIsSignCorrectedMeanRelativeDifference() {
        double dm = MultiTaskGain.deltaM(Map.of(
                "miou", new MultiTaskGain.Metric(0.66, false),
                "absrel", new MultiTaskGain.Metric(0.09, true)), Map.of("miou", 0.6, "absrel", 0.1));
        assertThat(dm).isCloseTo(100 * (0.1 + 0.1) / 2, within(1e-9));
    }
}
