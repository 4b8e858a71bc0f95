package dev.trident.runtime.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trident.runtime.contract.ContractException;
import dev.trident.runtime.contract.DetectionDecoderType;
import dev.trident.runtime.contract.DetectionSpec;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YoloDecoderTest {
    private static final InputTransform LETTERBOX = InputTransform.letterbox(1280, 720, 640, 384);
    private static final InputTransform IDENTITY = InputTransform.stretch(640, 384, 640, 384);
    private final List<Detection> out = new ArrayList<>();

    private static HeadSpec head(Boolean objectness, Double nms, Integer topK) {
        return new HeadSpec("yolo", Task.DETECTION, Map.of("rows", "output0"), List.of("car", "truck", "bus"), null,
                new DetectionSpec(DetectionDecoderType.YOLO, 0.3, topK, nms, null, null, objectness), null, null);
    }

    private static void assertBox(Detection d, int classId, float score, double x1, double y1, double x2, double y2) {
        assertThat(d.classId()).isEqualTo(classId);
        assertThat(d.score()).isCloseTo(score, within(1e-6f));
        assertThat(new double[] {d.x1(), d.y1(), d.x2(), d.y2()})
                .containsExactly(new double[] {x1, y1, x2, y2}, within(1e-3));
    }

    @Test
    void objectnessTimesBestClassScoreWithClassAwareNms() {
        float[] rows = {
            // cx, cy, w, h, obj, car, truck, bus
            320, 192, 100, 50, 0.9f, 0.1f, 0.8f, 0.3f,   // truck 0.72: input (270, 167, 370, 217)
            325, 192, 100, 50, 0.8f, 0.1f, 0.75f, 0f,    // truck 0.6, overlaps the first → suppressed
            325, 192, 100, 50, 0.8f, 0f, 0f, 0.75f,      // bus 0.6, same box, other class → kept
            100, 100, 20, 20, 0.5f, 0.5f, 0f, 0f,        // 0.25 < 0.3 → dropped
            200, 200, 20, 20, Float.NaN, 0.9f, 0f, 0f,   // NaN objectness → skipped, counted
        };
        TensorView t = Tensors.of("output0", rows, 1, 5, 8);

        int nonFinite = DetectionDecoder.forHead(head(null, null, null)).decode(Map.of("rows", t), LETTERBOX, out);

        assertThat(nonFinite).isEqualTo(1);
        assertThat(out).hasSize(2);
        // source = (x / 0.5, (y − 12) / 0.5)
        assertBox(out.get(0), 1, 0.72f, 540, 310, 740, 410);
        assertBox(out.get(1), 2, 0.6f, 550, 310, 750, 410);
        assertThat(out.get(1).label()).isEqualTo("bus");
    }

    @Test
    void rowsWithoutObjectnessScoreByTheBestClass() {
        float[] rows = {
            320, 192, 100, 50, 0.2f, 0.7f, 0.1f,
            100, 100, 40, 40, 0.35f, 0.1f, 0.2f,
            500, 300, 40, 40, 0.1f, 0.2f, 0.29f,
        };
        TensorView t = Tensors.of("output0", rows, 1, 3, 7);
        DetectionDecoder.forHead(head(false, null, null)).decode(Map.of("rows", t), IDENTITY, out);
        assertThat(out).hasSize(2);
        assertBox(out.get(0), 1, 0.7f, 270, 167, 370, 217);
        assertBox(out.get(1), 0, 0.35f, 80, 80, 120, 120);
    }

    @Test
    void readsTheTransposedLayout() {
        // [1, 7, 3]: column k of row r at k·3 + r; same rows as above
        float[][] rows = {
            {320, 192, 100, 50, 0.2f, 0.7f, 0.1f},
            {100, 100, 40, 40, 0.35f, 0.1f, 0.2f},
            {500, 300, 40, 40, 0.1f, 0.2f, 0.29f},
        };
        float[] data = new float[21];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 7; k++) {
                data[k * 3 + r] = rows[r][k];
            }
        }
        DetectionDecoder.forHead(head(false, null, null)).decode(Map.of("rows", Tensors.of("output0", data, 1, 7, 3)), IDENTITY, out);
        assertThat(out).extracting(Detection::score).containsExactly(0.7f, 0.35f);
        assertBox(out.get(0), 1, 0.7f, 270, 167, 370, 217);
    }

    @Test
    void nmsKeepsABoxAtExactlyTheIouThreshold() {
        // (0, 0, 100, 100) and (0, 0, 100, 50): IoU exactly 0.5
        float[] rows = {
            50, 50, 100, 100, 1f, 0.9f, 0f, 0f,
            50, 25, 100, 50, 1f, 0.8f, 0f, 0f,
        };
        TensorView t = Tensors.of("output0", rows, 1, 2, 8);
        DetectionDecoder.forHead(head(null, 0.5, null)).decode(Map.of("rows", t), IDENTITY, out);
        assertThat(out).hasSize(2);
        DetectionDecoder.forHead(head(null, 0.49, null)).decode(Map.of("rows", t), IDENTITY, out);
        assertThat(out).hasSize(1);
        DetectionDecoder.forHead(head(null, 1.0, null)).decode(Map.of("rows", t), IDENTITY, out);
        assertThat(out).hasSize(2); // ≥ 1 disables NMS
    }

    @Test
    void topKCountsKeptBoxesAfterNms() {
        float[] rows = {
            50, 50, 100, 100, 1f, 0.9f, 0f, 0f,
            52, 50, 100, 100, 1f, 0.8f, 0f, 0f,   // suppressed by the first
            400, 300, 50, 50, 1f, 0.7f, 0f, 0f,
            200, 300, 50, 50, 1f, 0.6f, 0f, 0f,
        };
        TensorView t = Tensors.of("output0", rows, 1, 4, 8);
        DetectionDecoder.forHead(head(null, null, 2)).decode(Map.of("rows", t), IDENTITY, out);
        assertThat(out).extracting(Detection::score).containsExactly(0.9f, 0.7f);
    }

    @Test
    void nonFiniteClassScoresAndBoxesAreSkippedAndCounted() {
        float[] rows = {
            320, 192, 100, 50, 1f, Float.NaN, 0.8f, Float.NEGATIVE_INFINITY, // NaN and −Inf ignored: truck 0.8
            Float.POSITIVE_INFINITY, 100, 40, 40, 1f, 0.9f, 0f, 0f,            // box not finite → row skipped
        };
        TensorView t = Tensors.of("output0", rows, 1, 2, 8);
        int nonFinite = DetectionDecoder.forHead(head(null, null, null)).decode(Map.of("rows", t), IDENTITY, out);
        assertThat(nonFinite).isEqualTo(3);
        assertThat(out).hasSize(1);
        assertBox(out.get(0), 1, 0.8f, 270, 167, 370, 217);
    }

    @Test
    void aRowWidthThatDoesNotMatchTheClassesIsAClearError() {
        TensorView t = Tensors.zeros("output0", 1, 10, 9);
        assertThatThrownBy(() -> DetectionDecoder.forHead(head(null, null, null)).decode(Map.of("rows", t), IDENTITY, out))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("[1, 10, 9]")
                .hasMessageContaining("[1, N, 8]")
                .hasMessageContaining("objectness");
    }
}
