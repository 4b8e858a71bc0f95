package dev.trident.runtime.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.preprocess.InputTransform;
import org.junit.jupiter.api.Test;

class DepthMapTest {
    // 1280×720 letterboxed into 64×48: scale 0.05, padY 6, stride 4 → 16×12 cells.
    // Cell centres in source pixels: x = (c + 0.5)·80, y = (r + 0.5)·80 − 120.
    private static final InputTransform LETTERBOX = InputTransform.letterbox(1280, 720, 64, 48);

    /** Depth of cell (x, y) = 100·y + x, clamped to the range [0.5, 2000]. */
    private static DepthMap ramp() {
        DepthMap map = new DepthMap(16, 12, 0.5, 2000);
        float[] m = map.metres();
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                m[y * 16 + x] = 100 * y + x;
            }
        }
        m[0] = Float.NaN;
        map.onDecoded(LETTERBOX);
        return map;
    }

    @Test
    void robustDepthIsTheMedianOfTheCellsInTheLowerPartOfTheBox() {
        DepthMap map = ramp();
        // box (0, 0)–(320, 360), lower half y ∈ [180, 360]: columns 0..3 (centres 40..280), rows 4, 5 (centres 240, 320)
        // depths 400..403 and 500..503: median (403 + 500) / 2
        assertThat(map.robustDepthInSourceBox(0, 0, 320, 360, 0.5)).isEqualTo(451.5f);
        // whole box: rows 1..5 (centres 0..320, closed range) × columns 0..3 → 100..103, …, 500..503: median (301 + 302) / 2
        assertThat(map.robustDepthInSourceBox(0, 0, 320, 360, 1.0)).isEqualTo(301.5f);
        // invalid cells are skipped: make 400 and 401 NaN → 6 left: 402, 403, 500..503 → (500 + 501)/2
        map.metres()[4 * 16] = Float.NaN;
        map.metres()[4 * 16 + 1] = Float.NaN;
        assertThat(map.robustDepthInSourceBox(0, 0, 320, 360, 0.5)).isEqualTo(500.5f);
        // odd count: column 0 (centre 40), rows 4..7 (centres 240..480): 400 is NaN, so 500, 600, 700 → 600
        assertThat(map.robustDepthInSourceBox(0, 200, 50, 500, 1.0)).isEqualTo(600f);
    }

    @Test
    void robustDepthIsNaNWhenNoValidCellCentreIsInside() {
        DepthMap map = ramp();
        assertThat(map.robustDepthInSourceBox(45, 250, 110, 300, 1.0)).isNaN(); // between centres 40 and 120
        assertThat(map.robustDepthInSourceBox(0, -120, 30, 0, 1.0)).isNaN();    // first column centre 40 > 30
        assertThat(map.robustDepthInSourceBox(200, 200, 100, 300, 1.0)).isNaN(); // x2 < x1
        assertThatThrownBy(() -> map.robustDepthInSourceBox(0, 0, 10, 10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowerFraction");
    }

    @Test
    void sourceLookupsAndScale() {
        DepthMap map = ramp();
        assertThat(map.depthAtSource(85, 45)).isEqualTo(201f);  // input (4.25, 8.25): cell (1, 2)
        assertThat(map.depthAtSource(-1, 45)).isNaN();
        assertThat(map.depthAtSource(85, 720)).isNaN();
        assertThat(map.validCount()).isEqualTo(191);

        DepthMap copy = map.copy();
        map.scale(1.5);
        assertThat(map.depthAt(1, 2)).isEqualTo(301.5f);
        assertThat(map.depthAt(0, 0)).isNaN();
        assertThat(map.validCount()).isEqualTo(191);
        assertThat(copy.depthAt(1, 2)).isEqualTo(201f);
        assertThat(copy.transform()).isEqualTo(LETTERBOX);
        assertThatThrownBy(() -> map.scale(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.scale(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUndecodedMapIsAllInvalid() {
        DepthMap map = new DepthMap(4, 3, 1, 10);
        assertThat(map.validCount()).isZero();
        assertThat(map.depthAt(0, 0)).isNaN();
        assertThat(map.depthAt(3, 2)).isNaN();
        assertThatThrownBy(() -> map.depthAtSource(0, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new DepthMap(4, 3, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
