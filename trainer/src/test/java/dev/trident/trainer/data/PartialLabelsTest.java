package dev.trident.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.contract.Task;
import org.junit.jupiter.api.Test;

class PartialLabelsTest {
    @Test
    void parsesTasksAndFractions() {
        PartialLabels p = PartialLabels.parse("detection=0.5, depth=0.3");
        assertThat(p.fraction(Task.DETECTION)).isEqualTo(0.5);
        assertThat(p.fraction(Task.DEPTH)).isEqualTo(0.3);
        assertThat(p.fraction(Task.SEGMENTATION)).isEqualTo(1.0);
    }

    @Test
    void rejectsMalformedSpecsWithAnExample() {
        for (String bad : new String[] {"detection", "detection=", "=0.5", "detection=half", "detection=1.5",
            "lidar=0.5", "detection=0.5,detection=0.2", "detection=0.5,,depth=0.1"}) {
            assertThatThrownBy(() -> PartialLabels.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("detection=0.5,depth=0.3");
        }
    }

    @Test
    void selectsExactlyTheRequestedFractionDeterministically() {
        PartialLabels p = PartialLabels.parse("detection=0.5,depth=0.3,segmentation=0");
        boolean[] det = p.select(Task.DETECTION, 101, 7);
        assertThat(count(det)).isEqualTo(51);
        assertThat(count(p.select(Task.DEPTH, 101, 7))).isEqualTo(30);
        assertThat(count(p.select(Task.SEGMENTATION, 101, 7))).isZero();
        assertThat(p.select(Task.DETECTION, 101, 7)).isEqualTo(det);
        assertThat(p.select(Task.DETECTION, 101, 8)).isNotEqualTo(det);
        assertThat(p.select(Task.DEPTH, 101, 7)).isNotEqualTo(p.select(Task.DETECTION, 101, 7));
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }
}
