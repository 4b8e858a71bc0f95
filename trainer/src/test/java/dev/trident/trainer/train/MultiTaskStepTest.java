package dev.trident.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.LabelledSample;
import dev.trident.trainer.data.OpenCvNatives;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.weighting.TaskWeighting;
import dev.trident.trainer.weighting.WeightingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MultiTaskStepTest {
    static Dataset data;

    @BeforeAll
    static void setUp() throws Exception {
        OpenCvNatives.load();
        Engine.getEngine("PyTorch").setRandomSeed(3);
        data = Dataset.open(TinyData.get());
    }

    static ModelConfig tiny() {
        return tiny(null);
    }

    static ModelConfig tiny(String segmentationUpsample) {
        return new ModelConfig("n", null, 0.25, 0.5, 4, null, 96, 64, null, null, null, null, segmentationUpsample);
    }

    static Batch batch(int n) {
        List<LabelledSample> loaded = new ArrayList<>();
        data.samples().subList(0, n).forEach(s -> loaded.add(data.load(s)));
        try (BatchEncoder enc = new BatchEncoder(96, 64, 4, 7, data.manifest().depthScale())) {
            return enc.encode(loaded, Augmentation.NONE, new Random(1));
        } finally {
            loaded.forEach(LabelledSample::close);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"none", "bilinear"})
    void tinyConfigTrainsAFewStepsWithEveryLossDecreasing(String segmentationUpsample) {
        Batch b = batch(4);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            MultiTaskNet net = MultiTaskNet.create(tiny(segmentationUpsample), m);
            assertThat(net.stride(Task.SEGMENTATION)).isEqualTo(segmentationUpsample.equals("bilinear") ? 1 : 4);
            TaskWeighting w = TaskWeighting.create(WeightingConfig.of("gradnorm"), new ArrayList<>(net.heads().keySet()), m);
            MultiTaskStep step = new MultiTaskStep(net, w, new AdamW(m, 1e-4), new TrainConfig.Loss(null, null, null, null));
            Map<Task, Double> first = step.step(b, 3e-3).losses();
            Map<Task, Double> last = first;
            for (int i = 0; i < 14; i++) {
                last = step.step(b, 3e-3).losses();
            }
            assertThat(first.keySet()).containsExactlyInAnyOrder(Task.values());
            for (Task t : Task.values()) {
                assertThat(last.get(t)).as(t + " loss").isFinite().isLessThan(first.get(t));
            }
        }
    }

    @Test
    void batchWithoutDetectionLabelsHasAFiniteLossAndNoGradientForTheDetectionHead() {
        Batch b = batch(2);
        Arrays.fill(b.hasDetection(), 0f);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            MultiTaskNet net = MultiTaskNet.create(tiny(), m);
            TaskWeighting w = TaskWeighting.create(WeightingConfig.of("uncertainty"), new ArrayList<>(net.heads().keySet()), m);
            MultiTaskStep step = new MultiTaskStep(net, w, new AdamW(m, 1e-4), new TrainConfig.Loss(null, null, null, null));
            StepLosses s = step.computeGradients(b);
            assertThat(s.total()).isFinite();
            assertThat(s.losses()).containsOnlyKeys(Task.SEGMENTATION, Task.DEPTH);
            assertThat(maxAbsGradient(net, Task.DETECTION)).isEqualTo(0.0);
            assertThat(maxAbsGradient(net, Task.SEGMENTATION)).isGreaterThan(0.0);
            assertThat(w.parameters().get("uncertainty.detection").getGradient().getFloat(0)).isEqualTo(0f);
        }
    }

    @Test
    void gradientEqualsThatOfTheWeightedSum() {
        // the two-pass backward (heads on detached feature copies) must equal plain backprop
        Batch b = batch(2);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            MultiTaskNet net = MultiTaskNet.create(tiny(), m);
            TaskWeighting w = TaskWeighting.create(WeightingConfig.of("equal"), new ArrayList<>(net.heads().keySet()), m);
            MultiTaskStep step = new MultiTaskStep(net, w, new AdamW(m, 0), new TrainConfig.Loss(null, null, null, null));
            step.computeGradients(b);
            NDArray stem = net.backbone().getParameters().get(0).getValue().getArray();
            float[] twoPass = stem.getGradient().toFloatArray();
            stem.getGradient().subi(stem.getGradient());
            zeroAll(net);
            try (NDManager s = m.newSubManager();
                 ai.djl.training.GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray f = net.forward(b.image(s), true);
                Map<Task, NDArray> leaves = new java.util.LinkedHashMap<>();
                net.heads().keySet().forEach(t -> leaves.put(t, f));
                gc.backward(w.combine(step.taskLosses(leaves, b, s, true)));
            }
            float[] direct = stem.getGradient().toFloatArray();
            for (int i = 0; i < direct.length; i++) {
                assertThat(twoPass[i]).isCloseTo(direct[i], org.assertj.core.api.Assertions.within(1e-4f * (1 + Math.abs(direct[i]))));
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"equal, none", "uncertainty, none", "dwa, none", "gradnorm, none",
        "uncertainty, bilinear"})
    void stepsLeaveNoArraysBehind(String weighting, String segmentationUpsample) {
        Batch b = batch(2);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            MultiTaskNet net = MultiTaskNet.create(tiny(segmentationUpsample), m);
            TaskWeighting w = TaskWeighting.create(WeightingConfig.of(weighting), new ArrayList<>(net.heads().keySet()), m);
            MultiTaskStep step = new MultiTaskStep(net, w, new AdamW(m, 1e-4), new TrainConfig.Loss(null, null, null, 2.0));
            step.step(b, 1e-3);
            step.step(b, 1e-3);
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                step.step(b, 1e-3);
            }
            assertThat(m.getManagedArrays()).hasSize(before);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"equal", "uncertainty", "gradnorm"})
    void gradientsDoNotDependOnWhenTheGarbageCollectorRuns(String weighting) {
        // DJL's NDArray.mul(Number) etc. hand autograd a tensor over a Java buffer that a GC frees
        // before the backward pass (see GraphScalars): with a GC and fresh allocations between the
        // forward and the backward pass, every gradient must come out the same
        Batch b = batch(2);
        TrainConfig.Loss loss = new TrainConfig.Loss("silog", null, null, 2.0);
        float[][] plain = gradients(b, weighting, loss, null);
        float[][] churned = gradients(b, weighting, loss, GcChurn::run);
        for (int p = 0; p < plain.length; p++) {
            for (int i = 0; i < plain[p].length; i++) {
                assertThat(churned[p][i]).as("parameter %d element %d", p, i)
                        .isCloseTo(plain[p][i], org.assertj.core.api.Assertions.within(1e-5f * (1 + Math.abs(plain[p][i]))));
            }
        }
    }

    private static float[][] gradients(Batch b, String weighting, TrainConfig.Loss loss, Runnable beforeBackward) {
        Engine.getEngine("PyTorch").setRandomSeed(5);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            MultiTaskNet net = MultiTaskNet.create(tiny(), m);
            TaskWeighting w = TaskWeighting.create(WeightingConfig.of(weighting), new ArrayList<>(net.heads().keySet()), m);
            MultiTaskStep step = new MultiTaskStep(net, w, new AdamW(m, 0), loss);
            if (beforeBackward != null) {
                step.beforeBackward(beforeBackward);
            }
            step.computeGradients(b);
            List<float[]> out = new ArrayList<>();
            for (NDArray a : step.trainable().values()) {
                out.add(a.getGradient().toFloatArray());
            }
            return out.toArray(new float[0][]);
        } finally {
            GcChurn.release();
        }
    }

    private static void zeroAll(MultiTaskNet net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.subi(g);
            }
        }
    }

    private static double maxAbsGradient(MultiTaskNet net, Task t) {
        double max = 0;
        for (Pair<String, Parameter> p : net.head(t).getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                max = Math.max(max, g.abs().max().getFloat());
            }
        }
        return max;
    }
}
