package dev.trident.runtime.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.result.Detection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {
    private static Detection box(int classId, float score, float x1, float y1, float x2, float y2) {
        return new Detection(classId, "c" + classId, score, x1, y1, x2, y2);
    }

    private final List<Detection> out = new ArrayList<>();

    @Test
    void suppressesOverlapsOfTheSameClassAndKeepsOtherClasses() {
        Detection a = box(0, 0.9f, 0, 0, 100, 100);
        Detection b = box(0, 0.8f, 10, 0, 110, 100);  // IoU with a = 90/110 = 0.818
        Detection c = box(1, 0.7f, 10, 0, 110, 100);  // same box, other class
        Detection d = box(0, 0.6f, 200, 0, 300, 100); // no overlap
        Nms.classAware(List.of(a, b, c, d), 0.5, 10, out);
        assertThat(out).containsExactly(a, c, d);
    }

    @Test
    void keepsABoxAtExactlyTheThreshold() {
        Detection a = box(0, 0.9f, 0, 0, 100, 100);
        Detection half = box(0, 0.8f, 0, 0, 100, 50); // IoU exactly 0.5
        assertThat(a.iou(half)).isEqualTo(0.5f);
        Nms.classAware(List.of(a, half), 0.5, 10, out);
        assertThat(out).containsExactly(a, half);
        Nms.classAware(List.of(a, half), 0.4999, 10, out);
        assertThat(out).containsExactly(a);
    }

    @Test
    void aSuppressedBoxDoesNotSuppressOthers() {
        Detection a = box(0, 0.9f, 0, 0, 100, 100);
        Detection b = box(0, 0.8f, 50, 0, 150, 100);  // IoU with a 1/3 → suppressed at 0.3
        Detection c = box(0, 0.7f, 100, 0, 200, 100); // IoU with a 0, with b 1/3: kept, since b is gone
        Nms.classAware(List.of(a, b, c), 0.3, 10, out);
        assertThat(out).containsExactly(a, c);
    }

    @Test
    void stopsAtMaxOutAndClearsTheOutput() {
        out.add(box(3, 1f, 0, 0, 1, 1));
        List<Detection> in = List.of(box(0, 0.9f, 0, 0, 10, 10), box(0, 0.8f, 20, 0, 30, 10), box(0, 0.7f, 40, 0, 50, 10));
        Nms.classAware(in, 0.5, 2, out);
        assertThat(out).containsExactly(in.get(0), in.get(1));
    }

    @Test
    void rejectsUnsortedInput() {
        List<Detection> in = List.of(box(0, 0.5f, 0, 0, 10, 10), box(0, 0.8f, 20, 0, 30, 10));
        assertThatThrownBy(() -> Nms.classAware(in, 0.5, 10, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("descending");
    }
}
