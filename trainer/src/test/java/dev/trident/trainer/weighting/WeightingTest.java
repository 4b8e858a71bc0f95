package dev.trident.trainer.weighting;

import static dev.trident.runtime.contract.Task.DEPTH;
import static dev.trident.runtime.contract.Task.DETECTION;
import static dev.trident.runtime.contract.Task.SEGMENTATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.trident.runtime.contract.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WeightingTest {
    static NDManager m;

    @BeforeAll
    static void engine() {
        m = Engine.getEngine("PyTorch").newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void equalUsesFixedWeights() {
        EqualWeighting w = new EqualWeighting(List.of(DETECTION, DEPTH), Map.of(DEPTH, 2.0));
        Map<Task, NDArray> l = new LinkedHashMap<>();
        l.put(DETECTION, m.create(3f));
        l.put(DEPTH, m.create(0.5f));
        assertThat(w.combine(l).getFloat()).isEqualTo(3f + 2 * 0.5f);
    }

    @Test
    void uncertaintyIsKendallsFormulaAndLearnsTheLogVariance() {
        UncertaintyWeighting w = new UncertaintyWeighting(List.of(DETECTION, SEGMENTATION), m);
        w.restore(Map.of("DETECTION", 0.0, "SEGMENTATION", Math.log(2)));
        Map<Task, NDArray> l = new LinkedHashMap<>();
        l.put(DETECTION, m.create(2f));
        l.put(SEGMENTATION, m.create(1f));
        NDArray s = w.parameters().get("uncertainty.segmentation");
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray total = w.combine(l);
            // ½·e^0·2 + ½·0 + ½·e^{−ln2}·1 + ½·ln2 = 1 + 0.25 + 0.34657
            assertThat(total.getFloat()).isCloseTo((float) (1 + 0.25 + 0.5 * Math.log(2)), within(1e-5f));
            gc.backward(total);
        }
        // ∂/∂s = −½·e^{−s}·L + ½ = −0.25 + 0.5
        assertThat(s.getGradient().getFloat(0)).isCloseTo(0.25f, within(1e-5f));
        assertThat(w.weights().get(SEGMENTATION)).isCloseTo(0.25, within(1e-6));
    }

    @Test
    void dwaFollowsLiuEtAl() {
        DwaWeighting w = new DwaWeighting(List.of(DETECTION, DEPTH), 2.0);
        w.endEpoch(Map.of(DETECTION, 4.0, DEPTH, 1.0));
        assertThat(w.weights()).containsEntry(DETECTION, 1.0).containsEntry(DEPTH, 1.0); // < 2 epochs
        w.endEpoch(Map.of(DETECTION, 2.0, DEPTH, 1.0));
        // r = (0.5, 1); w_i = 2·exp(r_i/2) / (exp(0.25) + exp(0.5))
        double e1 = Math.exp(0.25);
        double e2 = Math.exp(0.5);
        assertThat(w.weights().get(DETECTION)).isCloseTo(2 * e1 / (e1 + e2), within(1e-12));
        assertThat(w.weights().get(DEPTH)).isCloseTo(2 * e2 / (e1 + e2), within(1e-12));
        DwaWeighting r = new DwaWeighting(List.of(DETECTION, DEPTH), 2.0);
        r.restore(w.state());
        assertThat(r.weights()).isEqualTo(w.weights());
    }

    @Test
    void gradNormGradientIsThePapersFormula() {
        Map<Task, Double> w = new LinkedHashMap<>(Map.of(DETECTION, 1.0, DEPTH, 1.0));
        Map<Task, Double> norms = Map.of(DETECTION, 3.0, DEPTH, 1.0);
        Map<Task, Double> ratio = Map.of(DETECTION, 0.5, DEPTH, 1.0);
        // G = (3, 1), Ḡ = 2; r = L̃/mean L̃ = (0.5/0.75, 1/0.75); targets 2·r^1.5
        Map<Task, Double> g = GradNormWeighting.gradient(w, norms, ratio, 1.5);
        double tDet = 2 * Math.pow(0.5 / 0.75, 1.5); // 1.089 < 3 → +n
        double tDepth = 2 * Math.pow(1 / 0.75, 1.5); // 3.079 > 1 → −n
        assertThat(tDet).isLessThan(3);
        assertThat(tDepth).isGreaterThan(1);
        assertThat(g.get(DETECTION)).isEqualTo(3.0);
        assertThat(g.get(DEPTH)).isEqualTo(-1.0);
        Map<Task, Double> uneven = new LinkedHashMap<>(Map.of(DETECTION, 3.0, DEPTH, 1.0));
        GradNormWeighting.renormalise(uneven);
        assertThat(uneven.get(DETECTION)).isEqualTo(1.5);
        assertThat(uneven.get(DEPTH)).isEqualTo(0.5);
    }

    @Test
    void gradNormMovesWeightTowardsTheSlowerTaskAndKeepsTheSum() {
        GradNormWeighting w = new GradNormWeighting(List.of(DETECTION, DEPTH), 1.5, 0.1);
        w.afterBackward(Map.of(DETECTION, 1.0, DEPTH, 1.0), Map.of(DETECTION, 3.0, DEPTH, 1.0)); // sets L(0)
        w.afterBackward(Map.of(DETECTION, 0.5, DEPTH, 1.0), Map.of(DETECTION, 3.0, DEPTH, 1.0));
        Map<Task, Double> now = w.weights();
        assertThat(now.get(DEPTH)).isGreaterThan(now.get(DETECTION));
        assertThat(now.get(DETECTION) + now.get(DEPTH)).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void unknownWeightingIsOneClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WeightingConfig.of("magic"))
                .hasMessage("unknown weighting 'magic'; use one of [equal, uncertainty, dwa, gradnorm]");
    }
}
