package dev.trident.runtime.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.TridentException;
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

class BoxesDecoderTest {
    private static final InputTransform LETTERBOX = InputTransform.letterbox(1280, 720, 640, 384);
    private final List<Detection> out = new ArrayList<>();

    private static DetectionDecoder decoder(Double nms, Integer topK) {
        return DetectionDecoder.forHead(new HeadSpec("boxes", Task.DETECTION, Map.of("boxes", "dets"), List.of("car", "sign"), null,
                new DetectionSpec(DetectionDecoderType.BOXES, 0.3, topK, nms, null, null, null), null, null));
    }

    private static final float[] ROWS = {
        // x1, y1, x2, y2, score, class
        100, 112, 200, 212, 0.5f, 0,
        110, 112, 210, 212, 0.9f, 0,   // overlaps the first (IoU 0.818)
        110, 112, 210, 212, 0.7f, 1,
        300, 50, 700, 100, 0.4f, 1,    // right edge beyond the 640 input → clipped to 1280
        0, 0, 0, 0, 0f, -1,            // padding row
    };

    @Test
    void decodesRowsBestFirstInSourcePixelsWithoutNmsByDefault() {
        int nonFinite = decoder(null, null).decode(Map.of("boxes", Tensors.of("dets", ROWS, 1, 5, 6)), LETTERBOX, out);
        assertThat(nonFinite).isZero();
        assertThat(out).extracting(Detection::score).containsExactly(0.9f, 0.7f, 0.5f, 0.4f);
        Detection best = out.get(0);
        assertThat(new float[] {best.x1(), best.y1(), best.x2(), best.y2()}).containsExactly(220, 200, 420, 400);
        assertThat(best.label()).isEqualTo("car");
        Detection clipped = out.get(3);
        assertThat(new float[] {clipped.x1(), clipped.y1(), clipped.x2(), clipped.y2()}).containsExactly(600, 76, 1280, 176);
    }

    @Test
    void optionalNmsAndTopK() {
        decoder(0.5, null).decode(Map.of("boxes", Tensors.of("dets", ROWS, 1, 5, 6)), LETTERBOX, out);
        assertThat(out).extracting(Detection::score).containsExactly(0.9f, 0.7f, 0.4f);
        decoder(0.5, 2).decode(Map.of("boxes", Tensors.of("dets", ROWS, 5, 6)), LETTERBOX, out);
        assertThat(out).extracting(Detection::score).containsExactly(0.9f, 0.7f);
    }

    @Test
    void nonFiniteRowsAreSkippedAndCounted() {
        float[] rows = {
            100, 112, 200, 212, Float.NaN, 0,
            100, Float.NaN, 200, 212, 0.8f, 0,
            100, 112, 200, 212, 0.6f, Float.POSITIVE_INFINITY,
            100, 112, 200, 212, 0.5f, 1,
        };
        int nonFinite = decoder(null, null).decode(Map.of("boxes", Tensors.of("dets", rows, 1, 4, 6)), LETTERBOX, out);
        assertThat(nonFinite).isEqualTo(3);
        assertThat(out).extracting(Detection::classId).containsExactly(1);
    }

    @Test
    void aClassOutsideTheContractIsAClearError() {
        float[] rows = {100, 112, 200, 212, 0.8f, 5};
        assertThatThrownBy(() -> decoder(null, null).decode(Map.of("boxes", Tensors.of("dets", rows, 1, 1, 6)), LETTERBOX, out))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining("class 5.0")
                .hasMessageContaining("2 classes");
    }

    @Test
    void aWrongShapeIsAClearError() {
        assertThatThrownBy(() -> decoder(null, null).decode(Map.of("boxes", Tensors.zeros("dets", 1, 5, 7)), LETTERBOX, out))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("[1, 5, 7]")
                .hasMessageContaining("[1, N, 6]");
    }
}
