package dev.trident.runtime.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trident.runtime.contract.ContractException;
import dev.trident.runtime.contract.DepthEncoding;
import dev.trident.runtime.contract.DepthSpec;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.DepthMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DepthDecoderTest {
    private static final InputTransform IDENTITY = InputTransform.stretch(8, 1, 8, 1);

    private static DepthDecoder decoder(DepthEncoding encoding) {
        return new DepthDecoder(new HeadSpec("depth", Task.DEPTH, Map.of("depth", "d"), List.of(), 1, null, null,
                new DepthSpec(encoding, 0.5, 80)));
    }

    /** Decodes one row of 8 raw values, returns the metres; {@code counted[0]} receives the non-finite count. */
    private static float[] decode(DepthEncoding encoding, float[] raw, int[] counted) {
        DepthDecoder d = decoder(encoding);
        DepthMap map = d.newMap(8, 1);
        counted[0] = d.decode(Tensors.of("d", raw, 1, 1, 1, 8), IDENTITY, map);
        return map.metres().clone();
    }

    @Test
    void metricIsClampedAndNonPositiveOrNonFiniteIsInvalid() {
        int[] n = new int[1];
        float[] m = decode(DepthEncoding.METRIC,
                new float[] {10f, 100f, 0.1f, 0f, -3f, Float.NaN, Float.POSITIVE_INFINITY, 0.5f}, n);
        assertThat(m).containsExactly(10f, 80f, 0.5f, Float.NaN, Float.NaN, Float.NaN, Float.NaN, 0.5f);
        assertThat(n[0]).isEqualTo(2);
    }

    @Test
    void inverseIsOneOverTheValue() {
        int[] n = new int[1];
        float[] m = decode(DepthEncoding.INVERSE,
                new float[] {0.1f, 0.5f, 0.001f, 0f, -1f, 4f, Float.NEGATIVE_INFINITY, 0.0125f}, n);
        // 1/0.1f in double then rounded to float is 10 (to float precision)
        assertThat(m).containsExactly(new float[] {10f, 2f, 80f, Float.NaN, Float.NaN, 0.5f, Float.NaN, 80f}, within(1e-5f));
        assertThat(n[0]).isEqualTo(1);
    }

    @Test
    void logIsTheExponential() {
        int[] n = new int[1];
        float[] m = decode(DepthEncoding.LOG,
                new float[] {(float) Math.log(20), 0f, -5f, 10f, Float.NaN, 1f, (float) Math.log(0.75), 2f}, n);
        assertThat(m).containsExactly(new float[] {20f, 1f, 0.5f, 80f, Float.NaN, (float) Math.E, 0.75f, (float) Math.exp(2)},
                within(1e-5f));
        assertThat(n[0]).isEqualTo(1);
    }

    @Test
    void disparityFollowsTheScaledDisparityFormula() {
        int[] n = new int[1];
        float[] m = decode(DepthEncoding.DISPARITY,
                new float[] {0f, 1f, 0.5f, 0.01f, 1.5f, -0.5f, Float.NaN, 0.1f}, n);
        // depth = 1 / (1/80 + (1/0.5 − 1/80)·v)
        double inv = 1 / 0.5 - 1 / 80.0;
        assertThat(m[0]).isEqualTo(80f);
        assertThat(m[1]).isEqualTo(0.5f);
        assertThat(m[2]).isCloseTo((float) (1 / (0.0125 + inv * 0.5)), within(1e-6f)); // 0.99379
        assertThat(m[2]).isCloseTo(0.993789f, within(1e-5f));
        assertThat(m[3]).isCloseTo(30.888f, within(1e-3f));                           // 1 / 0.032375
        assertThat(m[4]).isEqualTo(0.5f);                                             // beyond 1 → clamped to min
        assertThat(m[5]).isNaN();                                                     // negative denominator
        assertThat(m[6]).isNaN();
        assertThat(m[7]).isCloseTo((float) (1 / (0.0125 + inv * 0.1)), within(1e-5f));
        assertThat(n[0]).isEqualTo(1);
    }

    @Test
    void acceptsRankThreeAndCountsValidCells() {
        DepthDecoder d = decoder(DepthEncoding.METRIC);
        DepthMap map = d.newMap(8, 1);
        d.decode(Tensors.of("d", new float[] {1, 2, 3, Float.NaN, 0, 6, 7, 8}, 1, 1, 8), IDENTITY, map);
        assertThat(map.validCount()).isEqualTo(6);
        assertThat(map.depthAt(5, 0)).isEqualTo(6f);
    }

    @Test
    void shapeAndMapMismatchesAreClearErrors() {
        DepthDecoder d = decoder(DepthEncoding.METRIC);
        assertThatThrownBy(() -> d.decode(Tensors.zeros("d", 1, 2, 1, 8), IDENTITY, d.newMap(8, 1)))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("[1, 2, 1, 8]");
        assertThatThrownBy(() -> d.decode(Tensors.zeros("d", 1, 1, 1, 8), IDENTITY, d.newMap(4, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newMap(8, 1)");
        assertThatThrownBy(() -> d.decode(Tensors.zeros("d", 1, 1, 1, 8), IDENTITY, new DepthMap(8, 1, 1, 50)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
