package dev.trident.runtime.engine;

import static dev.trident.runtime.TestModels.roles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.TestModels.ConstOutput;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.config.HeadRate;
import dev.trident.runtime.contract.ColorOrder;
import dev.trident.runtime.contract.ContractException;
import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.DepthEncoding;
import dev.trident.runtime.contract.DepthSpec;
import dev.trident.runtime.contract.DetectionDecoderType;
import dev.trident.runtime.contract.DetectionSpec;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.ResizeSpec;
import dev.trident.runtime.contract.SegmentationActivation;
import dev.trident.runtime.contract.SegmentationSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class EngineTest {
    private static final DeviceConfig CPU = DeviceConfig.defaults().withWarmupRuns(1);

    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }

    /**
     * Input 64×64, letterbox; a 128×64 source frame maps with scale 0.5 and 16 px padding top and
     * bottom. Heads at stride 4 (16×16 cells): CenterNet with 2 classes, 3-class segmentation, metric depth.
     */
    public static ModelContract exactContract() {
        InputSpec in = new InputSpec("image", "NCHW", 64, 64, ColorOrder.RGB, null, null, null, ResizeSpec.letterbox(0));
        HeadSpec det = new HeadSpec("det", Task.DETECTION, roles("heatmap", "hm", "size", "wh", "offset", "reg"),
                List.of("a", "b"), 4, DetectionSpec.of(DetectionDecoderType.CENTERNET), null, null);
        HeadSpec seg = new HeadSpec("seg", Task.SEGMENTATION, roles("mask", "seg"), List.of("road", "car", "sky"), 4, null,
                SegmentationSpec.logits(), null);
        HeadSpec depth = new HeadSpec("depth", Task.DEPTH, roles("depth", "d"), List.of(), 4, null, null,
                new DepthSpec(DepthEncoding.METRIC, 1, 80));
        return new ModelContract(1, "exact", in, List.of(det, seg, depth), null, null);
    }

    public static List<ConstOutput> exactOutputs(float depthValue) {
        float[] hm = new float[2 * 16 * 16];
        hm[256 + 6 * 16 + 5] = 0.9f;   // class 1 peak at cell (x 5, y 6)
        hm[256 + 6 * 16 + 6] = 0.5f;   // its lower neighbour: suppressed by the 3x3 max
        hm[0 * 256 + 9 * 16 + 10] = 0.2f; // below the 0.3 threshold
        float[] wh = new float[2 * 256];
        wh[6 * 16 + 5] = 8f;           // width, input pixels
        wh[256 + 6 * 16 + 5] = 4f;     // height
        float[] reg = new float[2 * 256];
        reg[6 * 16 + 5] = 0.25f;
        reg[256 + 6 * 16 + 5] = 0.5f;
        float[] seg = new float[3 * 256];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                boolean top = y >= 4 && y < 8; // first half of the content rows 4..11
                seg[(top ? 2 : 0) * 256 + y * 16 + x] = 5f;
            }
        }
        float[] d = new float[256];
        Arrays.fill(d, depthValue);
        return List.of(new ConstOutput("hm", hm, 1, 2, 16, 16), new ConstOutput("wh", wh, 1, 2, 16, 16),
                new ConstOutput("reg", reg, 1, 2, 16, 16), new ConstOutput("seg", seg, 1, 3, 16, 16),
                new ConstOutput("d", d, 1, 1, 16, 16));
    }

    private Path exactModel(float depthValue) throws Exception {
        return TestModels.write(dir, "exact.onnx", TestModels.constantOutputs(64, 64, exactContract(), exactOutputs(depthValue)));
    }

    private static Mat grey(int w, int h) {
        return new Mat(h, w, CvType.CV_8UC3, new Scalar(90, 100, 110));
    }

    @Test
    void decodesKnownOutputsIntoSourceCoordinates() throws Exception {
        Mat frame = grey(128, 64);
        try (Engine engine = Engine.open(exactModel(10f), CPU)) {
            PerceptionResult r = engine.process(Frame.of(frame, 42));
            assertThat(r.seq()).isEqualTo(42);
            assertThat(r.headsRunMask()).isEqualTo(0b111);
            // centre in input = ((5 + 0.25)·4, (6 + 0.5)·4) = (21, 26); box 17..25 × 24..28;
            // source = input / 0.5 with y − 16 padding first: 34..50 × 16..24
            List<Detection> dets = r.detections("det");
            assertThat(dets).hasSize(1);
            Detection d = dets.get(0);
            assertThat(d.classId()).isEqualTo(1);
            assertThat(d.label()).isEqualTo("b");
            assertThat(d.score()).isCloseTo(0.9f, within(1e-6f));
            assertThat(new float[] {d.x1(), d.y1(), d.x2(), d.y2()}).containsExactly(new float[] {34, 16, 50, 24}, within(1e-4f));

            SegmentationMap seg = r.segmentation("seg").orElseThrow();
            assertThat(seg.fraction(2)).isCloseTo(0.5, within(1e-9));
            assertThat(seg.fraction(0)).isCloseTo(0.5, within(1e-9));
            assertThat(seg.classAtSource(10, 5)).isEqualTo(2);   // top half of the frame
            assertThat(seg.classAtSource(10, 60)).isEqualTo(0);

            assertThat(r.depth("depth").orElseThrow().depthAtSource(64, 32)).isEqualTo(10f);
            assertThat(r.hasNonFinite()).isFalse();
            assertThat(r.preprocessNanos()).isPositive();
            assertThat(r.inferenceNanos()).isPositive();
            assertThat(r.decodeNanos("det")).isPositive();
        } finally {
            frame.release();
        }
    }

    @Test
    void nonFiniteOutputsAreFlaggedNotThrown() throws Exception {
        Mat frame = grey(64, 64);
        try (Engine engine = Engine.open(exactModel(Float.NaN), CPU)) {
            PerceptionResult r = engine.process(Frame.of(frame, 0));
            assertThat(r.hasNonFinite()).isTrue();
            assertThat(r.nonFinite("depth")).isEqualTo(256);
            assertThat(r.nonFinite("det")).isZero();
            assertThat(r.depth("depth").orElseThrow().validCount()).isZero();
            assertThat(r.detections("det")).hasSize(1);
        } finally {
            frame.release();
        }
    }

    @Test
    void headsRunOnTheirOwnSchedule() throws Exception {
        Path model = GeneratedModel.write(dir.resolve("tiny.onnx"), GeneratedModel.Spec.tiny());
        DeviceConfig cfg = CPU.withHeads(Map.of("depth", new HeadRate(2, true), "segmentation", new HeadRate(3, true)));
        Mat frame = grey(320, 180);
        try (Engine engine = Engine.open(model, cfg)) {
            PerceptionResult r = engine.newResult();
            for (int k = 0; k < 12; k++) {
                engine.process(Frame.of(frame, k), r);
                assertThat(r.ran("detection")).as("detection on frame %d", k).isTrue();
                assertThat(r.ran("depth")).as("depth on frame %d", k).isEqualTo(k % 2 == 0);
                assertThat(r.ran("segmentation")).as("segmentation on frame %d", k).isEqualTo(k % 3 == 0);
                assertThat(r.depth().isPresent()).isEqualTo(k % 2 == 0);
            }
            // switched off at runtime, back on later
            engine.schedule().setEnabled("depth", false);
            engine.process(Frame.of(frame, 12), r);
            assertThat(r.ran("depth")).isFalse();
            engine.schedule().setEnabled("depth", true);
            engine.schedule().setEvery("depth", 1);
            engine.process(Frame.of(frame, 13), r);
            assertThat(r.ran("depth")).isTrue();

            // a detection-only frame runs a pruned graph: fewer operators and weights than the full one
            SubsetInfo full = engine.subset(List.of("detection", "segmentation", "depth")).orElseThrow();
            SubsetInfo detOnly = engine.subset(List.of("detection")).orElseThrow();
            assertThat(detOnly.nodeCount()).isLessThan(full.nodeCount());
            assertThat(detOnly.parameterCount()).isLessThan(full.parameterCount());
        } finally {
            frame.release();
        }
    }

    @Test
    void subsetResultsEqualFullModelResults() throws Exception {
        Path model = GeneratedModel.write(dir.resolve("tiny.onnx"), GeneratedModel.Spec.tiny());
        List<Mat> frames = realFrames();
        try (Engine all = Engine.open(model, CPU);
             Engine detOnly = Engine.open(model, CPU.withHeads(Map.of("depth", new HeadRate(1, false),
                     "segmentation", new HeadRate(1, false))))) {
            for (Mat f : frames) {
                PerceptionResult a = all.process(Frame.of(f, 0));
                PerceptionResult b = detOnly.process(Frame.of(f, 0));
                assertThat(b.ran("depth")).isFalse();
                assertThat(b.detections()).isEqualTo(a.detections());
            }
        } finally {
            frames.forEach(Mat::release);
        }
    }

    @Test
    void realFramesRunThroughTheGeneratedModel() throws Exception {
        Path model = GeneratedModel.write(dir.resolve("demo.onnx"), GeneratedModel.Spec.tiny());
        List<Mat> frames = realFrames();
        assertThat(frames).hasSize(6);
        try (Engine engine = Engine.open(model, CPU)) {
            PerceptionResult r = engine.newResult();
            for (Mat f : frames) {
                engine.process(Frame.of(f, 0), r);
                assertThat(r.transform().sourceWidth()).isEqualTo(1280);
                assertThat(r.hasNonFinite()).isFalse();
                SegmentationMap seg = r.segmentation().orElseThrow();
                double total = 0;
                for (double v : seg.fractions()) {
                    total += v;
                }
                assertThat(total).isCloseTo(1.0, within(1e-6));
                float near = r.depth().orElseThrow().depthAtSource(640, 700);
                float far = r.depth().orElseThrow().depthAtSource(640, 340);
                assertThat(near).isBetween(1f, 80f);
                assertThat(far).isGreaterThan(near); // road further up the image is further away
                for (Detection d : r.detections()) {
                    assertThat(d.x1()).isBetween(0f, 1280f);
                    assertThat(d.y2()).isBetween(0f, 720f);
                }
            }
        } finally {
            frames.forEach(Mat::release);
        }
    }

    @Test
    void cudaOnACpuMachineFallsBackAndSaysSo() throws Exception {
        DeviceConfig cfg = CPU.withProviders(List.of(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA, ExecutionProvider.CPU));
        try (Engine engine = Engine.open(exactModel(10f), cfg)) {
            assertThat(engine.activeProviders()).containsExactly(ExecutionProvider.CPU);
            assertThat(engine.providerNotes()).hasSize(2);
            assertThat(engine.providerNotes().get(0)).contains("tensorrt").contains("falling back to");
            assertThat(engine.providerNotes().get(1)).contains("cuda").contains("falling back to cpu");
            Mat frame = grey(64, 64);
            try {
                assertThat(engine.process(Frame.of(frame, 0)).detections()).hasSize(1);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void badFrameGivesOneLineErrorAndTheEngineKeepsWorking() throws Exception {
        Mat empty = new Mat();
        Mat good = grey(128, 64);
        try (Engine engine = Engine.open(exactModel(10f), CPU)) {
            assertThatThrownBy(() -> engine.process(Frame.of(empty, 0))).isInstanceOf(TridentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThatThrownBy(() -> engine.process(new Frame(null, 1, 0, 0))).isInstanceOf(TridentException.class);
            assertThat(engine.process(Frame.of(good, 2)).detections()).hasSize(1);
        } finally {
            good.release();
        }
    }

    @Test
    void missingOrCorruptModelFilesAreNamed() throws Exception {
        assertThatThrownBy(() -> Engine.open(dir.resolve("nope.onnx"), CPU))
                .isInstanceOf(TridentException.class).hasMessageContaining("does not exist");
        Path garbage = dir.resolve("garbage.onnx");
        byte[] junk = new byte[4096];
        new java.util.Random(1).nextBytes(junk);
        Files.write(garbage, junk);
        assertThatThrownBy(() -> Engine.open(garbage, CPU))
                .isInstanceOf(TridentException.class).hasMessageContaining("garbage.onnx");
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertThatThrownBy(() -> Engine.open(empty, CPU)).hasMessageContaining("is empty");
    }

    @Test
    void modelWithoutContractNeedsASidecarWhichThenWins() throws Exception {
        Path bare = TestModels.write(dir, "foreign.onnx", TestModels.constantOutputs(64, 64, null, exactOutputs(10f)));
        assertThatThrownBy(() -> Engine.open(bare, CPU))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("no 'trident.contract' metadata")
                .hasMessageContaining("foreign.trident.json");
        Files.writeString(dir.resolve("foreign.trident.json"), ContractJson.write(exactContract()));
        try (Engine engine = Engine.open(bare, CPU)) {
            assertThat(engine.contractOrigin()).contains("sidecar").contains("foreign.trident.json");
        }
    }

    @Test
    void contractNamingAMissingTensorListsTheModelsOutputs() throws Exception {
        ModelContract c = exactContract();
        HeadSpec depth = new HeadSpec("depth", Task.DEPTH, roles("depth", "depth_out"), List.of(), 4, null, null,
                new DepthSpec(DepthEncoding.METRIC, 1, 80));
        ModelContract wrong = new ModelContract(1, "x", c.input(), List.of(c.heads().get(0), c.heads().get(1), depth), null, null);
        Path m = TestModels.write(dir, "m.onnx", TestModels.constantOutputs(64, 64, wrong, exactOutputs(10f)));
        assertThatThrownBy(() -> Engine.open(m, CPU))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("heads[2] 'depth' outputs.depth names tensor 'depth_out'")
                .hasMessageContaining("d [1, 1, 16, 16]")
                .hasMessageContaining("fix the contract");
    }

    @Test
    void contractWithWrongShapesIsExplained() throws Exception {
        ModelContract c = exactContract();
        HeadSpec seg = new HeadSpec("seg", Task.SEGMENTATION, roles("mask", "seg"), List.of("road", "car"), 4, null,
                SegmentationSpec.logits(), null);
        ModelContract wrongClasses = new ModelContract(1, "x", c.input(), List.of(c.heads().get(0), seg, c.heads().get(2)), null, null);
        Path m1 = TestModels.write(dir, "m1.onnx", TestModels.constantOutputs(64, 64, wrongClasses, exactOutputs(10f)));
        assertThatThrownBy(() -> Engine.open(m1, CPU)).isInstanceOf(ContractException.class)
                .hasMessageContaining("one channel per class (2)");

        HeadSpec argmax = new HeadSpec("seg", Task.SEGMENTATION, roles("mask", "seg"), List.of("road", "car", "sky"), 4, null,
                new SegmentationSpec(SegmentationActivation.ARGMAX, null, null), null);
        ModelContract logitsForArgmax = new ModelContract(1, "x", c.input(), List.of(c.heads().get(0), argmax, c.heads().get(2)),
                null, null);
        Path m3 = TestModels.write(dir, "m3.onnx", TestModels.constantOutputs(64, 64, logitsForArgmax, exactOutputs(10f)));
        assertThatThrownBy(() -> Engine.open(m3, CPU)).isInstanceOf(ContractException.class)
                .hasMessageContaining("1 channel of class indices (activation argmax)");

        InputSpec bigger = new InputSpec("image", "NCHW", 128, 128, ColorOrder.RGB, null, null, null, null);
        ModelContract wrongInput = new ModelContract(1, "x", bigger, c.heads(), null, null);
        Path m2 = TestModels.write(dir, "m2.onnx", TestModels.constantOutputs(64, 64, wrongInput, exactOutputs(10f)));
        assertThatThrownBy(() -> Engine.open(m2, CPU)).isInstanceOf(ContractException.class)
                .hasMessageContaining("[1, 3, 128, 128]").hasMessageContaining("image [1, 3, 64, 64]");
    }

    static List<Mat> realFrames() throws Exception {
        List<Mat> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestModels.realFrames())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                Mat m = Imgcodecs.imread(p.toString());
                assertThat(m.empty()).as("decodes %s", p).isFalse();
                out.add(m);
            }
        }
        return out;
    }
}
