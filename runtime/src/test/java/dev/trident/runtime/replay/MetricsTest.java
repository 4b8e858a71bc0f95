package dev.trident.runtime.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trident.runtime.result.Detection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** mAP, mIoU and AbsRel on hand-computed cases. */
class MetricsTest {
    static Detection det(String label, float score, float x1, float y1, float x2, float y2) {
        return new Detection(0, label, score, x1, y1, x2, y2);
    }

    @Test
    void vocAllPointApOnAHandComputedRanking() {
        DetectionMap m = new DetectionMap(0.5);
        List<GroundTruth.Box> truth = List.of(new GroundTruth.Box("car", 0, 0, 10, 10), new GroundTruth.Box("car", 20, 0, 30, 10),
                new GroundTruth.Box("bus", 0, 50, 40, 90));
        m.add(List.of(
                det("car", 0.9f, 0, 0, 10, 10),      // TP
                det("car", 0.85f, 0, 0, 10, 10),     // duplicate of a matched box: FP
                det("car", 0.7f, 21, 0, 31, 10),     // IoU 9/11 ≥ 0.5: TP
                det("car", 0.95f, 100, 100, 110, 110), // nothing there: FP, ranked first
                det("truck", 0.99f, 0, 50, 40, 90)   // wrong class for the bus
        ), truth);
        // ranking: FP(0.95) TP(0.9) FP(0.85) TP(0.7) → precision 0, 1/2, 1/3, 2/4; recall 0, .5, .5, 1
        // envelope: 0.5, 0.5, 0.5, 0.5 → AP = 0.5·0.5 + 0.5·0.5 = 0.5
        var ap = m.averagePrecision(Set.of("car", "bus", "truck"));
        assertThat(ap.get("car")).isCloseTo(0.5, within(1e-9));
        assertThat(ap.get("bus")).isZero();
        assertThat(ap).doesNotContainKey("truck"); // no ground truth
        assertThat(m.meanAveragePrecision(Set.of("car", "bus"))).isCloseTo(0.25, within(1e-9));
        assertThat(m.meanAveragePrecision(Set.of("car"))).isCloseTo(0.5, within(1e-9)); // a model without buses
        assertThat(DetectionMap.ap(List.of(new double[] {0.9, 1}, new double[] {0.8, 0}, new double[] {0.7, 1}), 2))
                .isCloseTo(0.5 + 0.5 * 2 / 3.0, within(1e-9));
    }

    @Test
    void iouPerClassMatchedByName() {
        SegmentationIou s = new SegmentationIou(List.of("road", "sky", "other"), List.of("sky", "road", "car"));
        // model ids: road 0, sky 1, other 2; truth ids: sky 0, road 1, car 2
        byte[] pred = {0, 0, 1, 1, 2, 0};
        byte[] truth = {1, 1, 0, 1, 2, (byte) 255};
        s.add(pred, truth, 6);
        // road: TP 2, FN 1 (a road pixel called sky) → 2/3; sky: TP 1, FP 1 → 1/2; car: unknown to the model
        assertThat(s.iou()).containsOnlyKeys("sky", "road");
        assertThat(s.iou().get("road")).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(s.iou().get("sky")).isCloseTo(0.5, within(1e-9));
        assertThat(s.meanIou()).isCloseTo((2 / 3.0 + 0.5) / 2, within(1e-9));
    }

    @Test
    void absRelAndDelta1() {
        DepthErrors d = new DepthErrors();
        d.add(11, 10);
        d.add(5, 10);
        d.add(Double.NaN, 10);
        d.add(3, 0); // no ground truth: ignored
        assertThat(d.absRel()).isCloseTo((0.1 + 0.5) / 2, within(1e-9));
        assertThat(d.delta1()).isCloseTo(0.5, within(1e-9));
        assertThat(d.pixels()).isEqualTo(2);
        assertThat(d.missing()).isEqualTo(1);
        assertThat(new DepthErrors().absRel()).isNaN();
    }
}
