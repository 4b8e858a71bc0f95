package dev.trident.runtime.decode;

import static dev.trident.runtime.decode.Tensors.set;
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

class CenterNetDecoderTest {
    // 1280×720 letterboxed into 640×384: scale 0.5, padY 12; stride 4 → 160×96 cells
    private static final InputTransform LETTERBOX = InputTransform.letterbox(1280, 720, 640, 384);
    private static final int W = 160;
    private static final int H = 96;

    private final TensorView heatmap = Tensors.zeros("hm", 1, 2, H, W);
    private final TensorView size = Tensors.zeros("wh", 1, 2, H, W);
    private final TensorView offset = Tensors.zeros("reg", 1, 2, H, W);
    private final List<Detection> out = new ArrayList<>();

    private static HeadSpec head(int stride, DetectionSpec spec) {
        return new HeadSpec("objects", Task.DETECTION, Map.of("heatmap", "hm", "size", "wh", "offset", "reg"),
                List.of("car", "person"), stride, spec, null, null);
    }

    private static DetectionSpec spec(Integer topK, Double nms, Boolean logits, Boolean sizeInCells) {
        return new DetectionSpec(DetectionDecoderType.CENTERNET, 0.3, topK, nms, logits, sizeInCells, null);
    }

    private Map<String, TensorView> outputs() {
        return Map.of("heatmap", heatmap, "size", size, "offset", offset);
    }

    private void box(int x, int y, float dx, float dy, float w, float h) {
        set(offset, 0, y, x, dx);
        set(offset, 1, y, x, dy);
        set(size, 0, y, x, w);
        set(size, 1, y, x, h);
    }

    private int decode(DetectionSpec spec, InputTransform t) {
        return DetectionDecoder.forHead(head(4, spec)).decode(outputs(), t, out);
    }

    private static void assertBox(Detection d, int classId, float score, double x1, double y1, double x2, double y2) {
        assertThat(d.classId()).isEqualTo(classId);
        assertThat(d.score()).isEqualTo(score);
        assertThat(new double[] {d.x1(), d.y1(), d.x2(), d.y2()})
                .containsExactly(new double[] {x1, y1, x2, y2}, within(1e-3));
    }

    @Test
    void decodesPeaksIntoSourceBoxesThroughTheLetterbox() {
        // car at cell (50, 30): centre ((50.25)·4, (30.5)·4) = (201, 122), size 40×20 → input (181, 112, 221, 132)
        set(heatmap, 0, 30, 50, 0.9f);
        box(50, 30, 0.25f, 0.5f, 40, 20);
        // person at cell (10, 80): centre (40, 320), 8×12 → input (36, 314, 44, 326)
        set(heatmap, 1, 80, 10, 0.6f);
        box(10, 80, 0, 0, 8, 12);

        int nonFinite = decode(spec(null, null, null, null), LETTERBOX);

        assertThat(nonFinite).isZero();
        assertThat(out).hasSize(2);
        // source = ((x − 0)/0.5, (y − 12)/0.5)
        assertBox(out.get(0), 0, 0.9f, 362, 200, 442, 240);
        assertThat(out.get(0).label()).isEqualTo("car");
        assertBox(out.get(1), 1, 0.6f, 72, 604, 88, 628);
        assertThat(out.get(1).label()).isEqualTo("person");
    }

    @Test
    void stretchMapsEachAxisByItsOwnScale() {
        set(heatmap, 0, 30, 50, 0.9f);
        box(50, 30, 0.25f, 0.5f, 40, 20);
        decode(spec(null, null, null, null), InputTransform.stretch(1280, 720, 640, 384));
        // y scale 384/720: 112 → 210, 132 → 247.5
        assertBox(out.get(0), 0, 0.9f, 362, 210, 442, 247.5);
    }

    @Test
    void lowerNeighboursAreSuppressedAndAPlateauGivesOnePeak() {
        // a ridge 0.9, 0.8, 0.7, 0.5 along a row: only the 0.9 is a peak
        set(heatmap, 0, 30, 50, 0.9f);
        set(heatmap, 0, 30, 51, 0.8f);
        set(heatmap, 0, 30, 52, 0.7f);
        set(heatmap, 0, 30, 53, 0.5f);
        set(heatmap, 0, 31, 51, 0.85f); // diagonal neighbour of 50 and below 51: still lower than 0.9
        // a 2×2 plateau of 0.5: one detection, at its first cell in row-major order
        for (int y = 60; y <= 61; y++) {
            for (int x = 100; x <= 101; x++) {
                set(heatmap, 0, y, x, 0.5f);
                box(x, y, 0, 0, 8, 8);
            }
        }
        box(50, 30, 0, 0, 8, 8);

        decode(spec(null, null, null, null), LETTERBOX);

        assertThat(out).hasSize(2);
        assertBox(out.get(0), 0, 0.9f, (200 - 4) * 2, (120 - 4 - 12) * 2, (200 + 4) * 2, (120 + 4 - 12) * 2);
        // plateau cell (100, 60): centre (400, 240)
        assertBox(out.get(1), 0, 0.5f, (400 - 4) * 2, (240 - 4 - 12) * 2, (400 + 4) * 2, (240 + 4 - 12) * 2);
    }

    @Test
    void peaksOfDifferentClassesAtTheSameCellAreIndependent() {
        set(heatmap, 0, 40, 40, 0.7f);
        set(heatmap, 1, 40, 40, 0.8f);
        box(40, 40, 0, 0, 10, 10);
        decode(spec(null, null, null, null), LETTERBOX);
        assertThat(out).extracting(Detection::classId).containsExactly(1, 0);
    }

    @Test
    void keepsTheTopKBestInDescendingOrder() {
        float[] scores = {0.5f, 0.95f, 0.4f, 0.8f, 0.65f};
        for (int i = 0; i < scores.length; i++) {
            set(heatmap, 0, 10 + 5 * i, 20, scores[i]);
            box(20, 10 + 5 * i, 0, 0, 4, 4);
        }
        decode(spec(3, null, null, null), LETTERBOX);
        assertThat(out).extracting(Detection::score).containsExactly(0.95f, 0.8f, 0.65f);
        // the 0.95 peak is row 15: centre y 60 → source (60 − 12)·2 = 96 ± 4
        assertThat(out.get(0).y1()).isEqualTo(92f);
    }

    @Test
    void theThresholdIsInclusive() {
        set(heatmap, 0, 10, 10, 0.3f);
        set(heatmap, 0, 10, 30, 0.29f);
        box(10, 10, 0, 0, 4, 4);
        box(30, 10, 0, 0, 4, 4);
        decode(spec(null, null, null, null), LETTERBOX);
        assertThat(out).extracting(Detection::score).containsExactly(0.3f);
    }

    @Test
    void logitHeatmapsGoThroughASigmoid() {
        for (int i = 0; i < heatmap.size(); i++) {
            heatmap.data().put(i, -10f); // background: sigmoid ≈ 0
        }
        set(heatmap, 0, 10, 10, 2.0f);  // sigmoid 0.8808 ≥ 0.3
        set(heatmap, 1, 50, 50, -1.0f); // sigmoid 0.2689 < 0.3
        box(10, 10, 0, 0, 4, 4);
        box(50, 50, 0, 0, 4, 4);
        decode(spec(null, null, true, null), LETTERBOX);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).score()).isCloseTo((float) (1 / (1 + Math.exp(-2.0))), within(1e-6f));
    }

    @Test
    void sizeInCellsIsMultipliedByTheStride() {
        set(heatmap, 0, 30, 50, 0.9f);
        box(50, 30, 0.25f, 0.5f, 10, 5); // 10×5 cells = 40×20 input pixels
        decode(spec(null, null, null, true), LETTERBOX);
        assertBox(out.get(0), 0, 0.9f, 362, 200, 442, 240);
    }

    @Test
    void boxesAreClippedToTheFrame() {
        // cell (1, 3) + (0.5, 0.5): centre (6, 14), 40×20 → input (−14, 4, 26, 24) → source (−28, −16, 52, 24)
        set(heatmap, 0, 3, 1, 0.9f);
        box(1, 3, 0.5f, 0.5f, 40, 20);
        decode(spec(null, null, null, null), LETTERBOX);
        assertBox(out.get(0), 0, 0.9f, 0, 0, 52, 24);
    }

    @Test
    void aBoxEntirelyInThePaddingIsDropped() {
        // cell (50, 1): centre y 6 ± 2 lies in the top padding (input y < 12)
        set(heatmap, 0, 1, 50, 0.9f);
        box(50, 1, 0.5f, 0.5f, 8, 4);
        decode(spec(null, null, null, null), LETTERBOX);
        assertThat(out).isEmpty();
    }

    @Test
    void nonFiniteValuesAreSkippedAndCounted() {
        set(heatmap, 0, 30, 50, 0.9f);
        box(50, 30, 0.25f, 0.5f, 40, 20);
        set(heatmap, 0, 30, 51, Float.NaN);               // a NaN neighbour does not block the peak
        set(heatmap, 0, 31, 50, Float.POSITIVE_INFINITY); // nor does +Inf
        set(heatmap, 1, 70, 70, Float.NaN);
        // a peak whose size is NaN is dropped
        set(heatmap, 1, 80, 10, 0.6f);
        box(10, 80, 0, 0, 8, 8);
        set(size, 0, 80, 10, Float.NaN);

        int nonFinite = decode(spec(null, null, null, null), LETTERBOX);

        assertThat(nonFinite).isEqualTo(4);
        assertThat(out).hasSize(1);
        assertBox(out.get(0), 0, 0.9f, 362, 200, 442, 240);
    }

    @Test
    void optionalNmsSuppressesOverlapsOfTheSameClassOnly() {
        // two car peaks 3 cells apart with big boxes (IoU high), and a person peak overlapping them
        set(heatmap, 0, 30, 50, 0.9f);
        set(heatmap, 0, 30, 53, 0.8f);
        set(heatmap, 1, 30, 56, 0.7f);
        box(50, 30, 0, 0, 64, 64);
        box(53, 30, 0, 0, 64, 64);
        box(56, 30, 0, 0, 64, 64);

        decode(spec(null, null, null, null), LETTERBOX);
        assertThat(out).hasSize(3); // NMS off by default for centernet

        decode(spec(null, 0.5, null, null), LETTERBOX);
        assertThat(out).extracting(Detection::score).containsExactly(0.9f, 0.7f);
    }

    @Test
    void aStrideThatDoesNotMatchTheContractIsAClearError() {
        CenterNetDecoder decoder = new CenterNetDecoder(head(8, spec(null, null, null, null)));
        assertThatThrownBy(() -> decoder.decode(outputs(), LETTERBOX, out))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("stride 4")
                .hasMessageContaining("contract says stride 8");
    }

    @Test
    void wrongChannelCountsAndMissingRolesAreClearErrors() {
        TensorView threeClasses = Tensors.zeros("hm", 1, 3, H, W);
        DetectionDecoder decoder = DetectionDecoder.forHead(head(4, spec(null, null, null, null)));
        assertThatThrownBy(() -> decoder.decode(Map.of("heatmap", threeClasses, "size", size, "offset", offset), LETTERBOX, out))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("'hm'")
                .hasMessageContaining("[1, 3, 96, 160]");
        assertThatThrownBy(() -> decoder.decode(Map.of("heatmap", heatmap, "size", size), LETTERBOX, out))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("role 'offset'");
        TensorView smallSize = Tensors.zeros("wh", 1, 2, 48, 80);
        assertThatThrownBy(() -> decoder.decode(Map.of("heatmap", heatmap, "size", smallSize, "offset", offset), LETTERBOX, out))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("size output 'wh'");
    }

    @Test
    void outIsClearedAndTheDecoderIsReusable() {
        CenterNetDecoder decoder = new CenterNetDecoder(head(4, spec(null, null, null, null)));
        set(heatmap, 0, 30, 50, 0.9f);
        box(50, 30, 0.25f, 0.5f, 40, 20);
        decoder.decode(outputs(), LETTERBOX, out);
        set(heatmap, 0, 30, 50, 0f);
        set(heatmap, 1, 40, 60, 0.5f);
        box(60, 40, 0, 0, 4, 4);
        decoder.decode(outputs(), LETTERBOX, out);
        assertThat(out).extracting(Detection::classId).containsExactly(1);
    }
}
