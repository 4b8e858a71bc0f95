package dev.trident.runtime.decode;

import static dev.trident.runtime.decode.Tensors.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trident.runtime.contract.ContractException;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.SegmentationActivation;
import dev.trident.runtime.contract.SegmentationSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.SegmentationMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentationDecoderTest {
    // 1280×720 letterboxed into 64×48: scale 0.05, content 64×36 at padY 6; stride 4 → 16×12 cells,
    // content rows 1..9 (centres 6..38 in [6, 42)), padding rows 0, 10, 11; 144 content cells
    static final InputTransform LETTERBOX = InputTransform.letterbox(1280, 720, 64, 48);
    static final int W = 16;
    static final int H = 12;

    static HeadSpec head(List<String> classes, SegmentationSpec spec) {
        return new HeadSpec("seg", Task.SEGMENTATION, Map.of("mask", "mask"), classes, 4, null, spec, null);
    }

    /** Logits whose argmax is: padding rows class 2, row 1 class 1, rows 2..9 class 0 left of x = 8 and 1 right of it. */
    static TensorView stripedLogits() {
        TensorView t = Tensors.zeros("mask", 1, 3, H, W);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int cls = y == 0 || y >= 10 ? 2 : y == 1 ? 1 : x < 8 ? 0 : 1;
                for (int c = 0; c < 3; c++) {
                    set(t, c, y, x, c == cls ? 1.5f + 0.01f * x : -0.5f - c);
                }
            }
        }
        return t;
    }

    @Test
    void fullResolutionMapSpanningSeveralTilesDecodesEveryCell() {
        // a stride-1 head (logits upsampled in the graph): 96×64 = 6,144 cells, more than one tile
        InputTransform t = InputTransform.letterbox(96, 64, 96, 64);
        HeadSpec h = new HeadSpec("seg", Task.SEGMENTATION, Map.of("mask", "mask"), List.of("a", "b", "c"), 1, null, null, null);
        SegmentationDecoder decoder = new SegmentationDecoder(h);
        SegmentationMap map = decoder.newMap(96, 64);
        TensorView mask = Tensors.zeros("mask", 1, 3, 64, 96);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                int cls = (x * 7 + y * 3) % 3;
                for (int c = 0; c < 3; c++) {
                    set(mask, c, y, x, c == cls ? 2f : -1f - c);
                }
            }
        }
        set(mask, 1, 63, 95, Float.NaN); // the last cell: a non-finite value is skipped and counted
        set(mask, 0, 10, 10, Float.NaN); // a NaN first channel in a middle tile (the cell's class is 1)
        set(mask, 0, 30, 40, Float.NEGATIVE_INFINITY); // -Inf counts too (class 1)

        assertThat(decoder.decode(mask, t, map)).isEqualTo(3);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                assertThat(map.classAt(x, y)).as("cell %d,%d", x, y).isEqualTo((x * 7 + y * 3) % 3);
            }
        }
    }

    @Test
    void argmaxOfLogitsWithFractionsOverTheImageContentOnly() {
        SegmentationDecoder decoder = new SegmentationDecoder(head(List.of("road", "car", "sky"), null));
        SegmentationMap map = decoder.newMap(W, H);
        TensorView mask = stripedLogits();

        int nonFinite = decoder.decode(mask, LETTERBOX, map);

        assertThat(nonFinite).isZero();
        assertThat(map.multiLabel()).isFalse();
        assertThat(map.classAt(0, 0)).isEqualTo(2);
        assertThat(map.classAt(5, 1)).isEqualTo(1);
        assertThat(map.classAt(7, 2)).isEqualTo(0);
        assertThat(map.classAt(8, 9)).isEqualTo(1);
        assertThat(map.classAt(15, 11)).isEqualTo(2);
        // content rows 1..9: class 0 = 8 rows × 8 = 64, class 1 = 16 + 64 = 80, class 2 only in padding
        assertThat(map.fractions()).containsExactly(new double[] {64 / 144.0, 80 / 144.0, 0}, within(1e-12));
        assertThat(map.fraction(1)).isEqualTo(80 / 144.0);
        assertThat(map.channelOn(0, 7, 2)).isTrue();
        assertThat(map.channelOn(1, 7, 2)).isFalse();
        assertThat(map.classIds()[2 * W + 7]).isEqualTo((byte) 0);
        assertThat(map.transform()).isEqualTo(LETTERBOX);
    }

    @Test
    void nonFiniteLogitsAreSkippedAndACellWithNoneIsNone() {
        SegmentationDecoder decoder = new SegmentationDecoder(head(List.of("road", "car", "sky"), null));
        SegmentationMap map = decoder.newMap(W, H);
        TensorView mask = stripedLogits();
        for (int c = 0; c < 3; c++) {
            set(mask, c, 3, 3, Float.NaN); // content cell of class 0: now no class
        }
        set(mask, 0, 4, 3, Float.POSITIVE_INFINITY); // the winning channel of (3, 4) is Inf: the best finite one wins
        int nonFinite = decoder.decode(mask, LETTERBOX, map);

        assertThat(nonFinite).isEqualTo(4);
        assertThat(map.classAt(3, 3)).isEqualTo(SegmentationMap.NONE);
        assertThat(map.classAt(3, 4)).isEqualTo(1); // −1.5 (car) > −2.5 (sky)
        assertThat(map.fraction(0)).isEqualTo(62 / 144.0);
        assertThat(map.fraction(1)).isEqualTo(81 / 144.0);
    }

    @Test
    void sigmoidHeadsKeepOneBinaryMapPerChannel() {
        // drivable: logit 1 (p 0.73) in columns 0..7, −1 elsewhere; lane: logit 3 in column 4, −2 elsewhere
        SegmentationDecoder decoder = new SegmentationDecoder(head(List.of("drivable", "lane"),
                new SegmentationSpec(SegmentationActivation.SIGMOID, 0.5, false)));
        SegmentationMap map = decoder.newMap(W, H);
        TensorView mask = Tensors.zeros("mask", 1, 2, H, W);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                set(mask, 0, y, x, x < 8 ? 1f : -1f);
                set(mask, 1, y, x, x == 4 ? 3f : -2f);
            }
        }
        decoder.decode(mask, LETTERBOX, map);

        assertThat(map.multiLabel()).isTrue();
        assertThat(map.channelOn(0, 4, 5)).isTrue();
        assertThat(map.channelOn(1, 4, 5)).isTrue();
        assertThat(map.classAt(4, 5)).isEqualTo(1); // both on: the higher output wins
        assertThat(map.classAt(2, 5)).isEqualTo(0);
        assertThat(map.channelOn(1, 2, 5)).isFalse();
        assertThat(map.classAt(12, 5)).isEqualTo(SegmentationMap.NONE);
        assertThat(map.channelOn(0, 12, 5)).isFalse();
        // content: 9 rows; drivable 8 columns of 16, lane 1 column
        assertThat(map.fraction(0)).isEqualTo(0.5);
        assertThat(map.fraction(1)).isEqualTo(1 / 16.0);
    }

    @Test
    void sigmoidProbabilitiesUseTheThresholdInclusively() {
        SegmentationDecoder decoder = new SegmentationDecoder(head(List.of("drivable"),
                new SegmentationSpec(SegmentationActivation.SIGMOID, 0.6, true)));
        SegmentationMap map = decoder.newMap(W, H);
        TensorView mask = Tensors.zeros("mask", 1, 1, H, W);
        set(mask, 0, 5, 5, 0.6f);
        set(mask, 0, 5, 6, 0.59f);
        set(mask, 0, 5, 7, Float.NaN);
        int nonFinite = decoder.decode(mask, LETTERBOX, map);
        assertThat(nonFinite).isEqualTo(1);
        assertThat(map.channelOn(0, 5, 5)).isTrue();
        assertThat(map.channelOn(0, 6, 5)).isFalse();
        assertThat(map.channelOn(0, 7, 5)).isFalse();
        assertThat(map.fraction(0)).isEqualTo(1 / 144.0);
    }

    @Test
    void argmaxHeadsTakeTheClassIndexComputedInTheGraphAndCountValuesThatAreNoIndex() {
        SegmentationDecoder logits = new SegmentationDecoder(head(List.of("road", "car", "sky"), null));
        SegmentationMap expected = logits.newMap(W, H);
        logits.decode(stripedLogits(), LETTERBOX, expected);
        SegmentationDecoder decoder = new SegmentationDecoder(head(List.of("road", "car", "sky"),
                new SegmentationSpec(SegmentationActivation.ARGMAX, null, null)));
        SegmentationMap map = decoder.newMap(W, H);
        TensorView classes = Tensors.zeros("mask", 1, 1, H, W);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                set(classes, 0, y, x, expected.classAt(x, y)); // what ONNX ArgMax + Cast gives
            }
        }

        assertThat(decoder.decode(classes, LETTERBOX, map)).isZero();
        assertThat(map.classIds()).containsExactly(expected.classIds());
        assertThat(map.fractions()).containsExactly(expected.fractions(), within(1e-12));
        assertThat(map.multiLabel()).isFalse();

        set(classes, 0, 3, 3, Float.NaN);
        set(classes, 0, 3, 4, 3f);  // one past the last class
        set(classes, 0, 3, 5, -1f);
        set(classes, 0, 3, 6, 1.5f); // not a whole number
        assertThat(decoder.decode(classes, LETTERBOX, map)).isEqualTo(4);
        for (int x = 3; x <= 6; x++) {
            assertThat(map.classAt(x, 3)).as("cell %d,3", x).isEqualTo(SegmentationMap.NONE);
        }
        assertThat(map.classAt(7, 3)).isEqualTo(0);
        assertThat(map.fraction(0)).isEqualTo(60 / 144.0);

        assertThatThrownBy(() -> decoder.decode(stripedLogits(), LETTERBOX, map))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("[1, 3, 12, 16]")
                .hasMessageContaining("one channel of class indices");
    }

    @Test
    void mismatchedTensorsAndMapsAreClearErrors() {
        SegmentationDecoder decoder = new SegmentationDecoder(head(List.of("road", "car", "sky"), null));
        SegmentationMap map = decoder.newMap(W, H);
        assertThatThrownBy(() -> decoder.decode(Tensors.zeros("mask", 1, 4, H, W), LETTERBOX, map))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("[1, 4, 12, 16]");
        assertThatThrownBy(() -> decoder.decode(Tensors.zeros("mask", 1, 3, 6, 8), LETTERBOX, decoder.newMap(8, 6)))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("stride 8")
                .hasMessageContaining("set the head's stride to 8");
        assertThatThrownBy(() -> decoder.decode(stripedLogits(), LETTERBOX, decoder.newMap(8, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newMap(16, 12)");
    }
}
