package dev.trident.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfTest {
    @Test
    void knownValues() {
        assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xc000);
        assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(Half.fromFloat(65520f)).as("rounds up to infinity").isEqualTo((short) 0x7c00);
        assertThat(Half.fromFloat(0x1p-24f)).as("smallest subnormal").isEqualTo((short) 0x0001);
        assertThat(Half.fromFloat(0x1p-26f)).as("below half the smallest subnormal").isEqualTo((short) 0);
        assertThat(Half.fromFloat(Float.NaN) & 0x7c00).isEqualTo(0x7c00);
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1)
        assertThat(Half.fromFloat(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
    }

    @Test
    void everyHalfRoundTrips() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            if (Float.isNaN(f)) {
                continue;
            }
            assertThat(Half.fromFloat(f) & 0xffff).as("half 0x%04x", h).isEqualTo(h);
        }
    }

    @Test
    void roundingIsToTheNearestHalf() {
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 100_000; i++) {
            float f = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(8) - 4));
            float r = Half.round(f);
            short h = Half.fromFloat(f);
            float up = Half.toFloat((short) (h + 1));
            float down = Half.toFloat((short) (h - 1));
            if (Float.isNaN(up) || Float.isNaN(down) || (h & 0x7fff) == 0) {
                continue; // no neighbour on one side (zero or the largest finite value)
            }
            assertThat(Math.abs(r - f)).as("%s", f).isLessThanOrEqualTo(Math.abs(up - f)).isLessThanOrEqualTo(Math.abs(down - f));
        }
    }
}
