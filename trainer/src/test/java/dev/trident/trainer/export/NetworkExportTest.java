package dev.trident.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.SegmentationActivation;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.nn.Layer;
import dev.trident.trainer.nn.Relu;
import dev.trident.trainer.nn.Sequential;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole multi-task network exported and compared with DJL; contract, shapes, failures. */
class NetworkExportTest {
    private static NDManager manager;
    private static MultiTaskNet net;
    private static final Set<Task> ALL = EnumSet.allOf(Task.class);

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() {
        manager = ExportTestSupport.manager();
        net = tinyNet("residual", manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static MultiTaskNet tinyNet(String block, NDManager m) {
        return tinyNet(block, null, m);
    }

    static MultiTaskNet tinyNet(String block, String segmentationUpsample, NDManager m) {
        ModelConfig c = new ModelConfig("n", block, 0.25, 0.5, 4, null, 96, 64, 0.5, 80.0, null, null, segmentationUpsample);
        MultiTaskNet n = MultiTaskNet.create(c, m);
        ExportTestSupport.randomiseBatchNorms(n, new java.util.Random(9));
        return n;
    }

    static ModelContract contract(MultiTaskNet n, Set<Task> heads) {
        return ContractFactory.contract("tiny", n.config(), heads, n.stride(), null, 0.3, 100);
    }

    @Test
    void multiTaskNetworkMatchesDjlWithNamedOutputsAndItsContract() throws Exception {
        OnnxExporter.Built b = OnnxExporter.network(net, ALL, contract(net, ALL), OnnxOps.Precision.FP32, false);
        OnnxMl.GraphProto g = b.model().getGraph();
        assertThat(g.getOutputList()).extracting(OnnxMl.ValueInfoProto::getName)
                .containsExactly("det_heatmap", "det_size", "det_offset", "seg_logits", "depth");
        assertThat(g.getInput(0).getType().getTensorType().getShape().getDimList())
                .extracting(OnnxMl.TensorShapeProto.Dimension::getDimValue).containsExactly(1L, 3L, 64L, 96L);
        assertThat(g.getNodeList()).extracting(OnnxMl.NodeProto::getOpType).doesNotContain("BatchNormalization");
        assertThat(g.getNodeList()).anyMatch(n -> n.getOutputList().contains(OutputNames.FEATURES));
        assertThat(b.model().getIrVersion()).isEqualTo(8);
        assertThat(b.model().getOpsetImport(0).getVersion()).isEqualTo(17);

        ParityCheck.Result r = ParityCheck.compare(net, ALL, b.model().toByteArray(), ParityCheck.randomInputs(2, 64, 96, 3));
        assertThat(r.maxAbs()).hasSize(5);
        assertThat(r.max()).isLessThanOrEqualTo(ParityCheck.FP32_TOLERANCE);

        // the runtime reads the embedded contract and validates it against the graph
        Path model = tmp.resolve("tiny.onnx");
        Files.write(model, b.model().toByteArray());
        ModelContract read = ContractJson.parse(OnnxModelFile.read(model).metadata(ModelContract.METADATA_KEY).orElseThrow(), "test");
        assertThat(read.heads()).extracting(h -> h.name()).containsExactly("detection", "segmentation", "depth");
        assertThat(read.heads().get(0).detection().heatmapLogits()).isTrue();
        assertThat(read.heads().get(0).detection().sizeInCells()).isTrue();
        try (Engine e = Engine.open(model, DeviceConfig.defaults().withWarmupRuns(0))) {
            assertThat(e.modelOutputs()).containsKeys("det_heatmap", "seg_logits", "depth");
        }
    }

    @Test
    void invertedResidualNetworkAndSingleHeadExportsMatchDjl() {
        try (NDManager m = ExportTestSupport.manager()) {
            MultiTaskNet inverted = tinyNet("inverted", m);
            for (Set<Task> heads : List.of(ALL, EnumSet.of(Task.DEPTH), EnumSet.of(Task.DETECTION))) {
                OnnxExporter.Built b = OnnxExporter.network(inverted, heads, contract(inverted, heads), OnnxOps.Precision.FP32, false);
                ParityCheck.Result r = ParityCheck.compare(inverted, heads, b.model().toByteArray(),
                        ParityCheck.randomInputs(1, 64, 96, 4));
                assertThat(r.maxAbs().keySet()).as("outputs of " + heads).hasSize(heads.contains(Task.DETECTION) ? heads.size() + 2 : heads.size());
                assertThat(r.max()).as("parity of " + heads).isLessThanOrEqualTo(ParityCheck.FP32_TOLERANCE);
            }
        }
    }

    @Test
    void upsampledSegmentationLogitsExportAsResizeAndTheEngineDecodesAClassPerPixel() throws Exception {
        try (NDManager m = ExportTestSupport.manager()) {
            MultiTaskNet up = tinyNet("residual", "bilinear", m);
            ModelContract c = contract(up, ALL);
            assertThat(c.heads().get(1).stride()).as("segmentation stride").isEqualTo(1);
            assertThat(c.heads().get(0).stride()).as("detection stride").isEqualTo(4);
            OnnxExporter.Built b = OnnxExporter.network(up, ALL, c, OnnxOps.Precision.FP32, false);
            OnnxMl.ValueInfoProto seg = b.model().getGraph().getOutputList().stream()
                    .filter(v -> v.getName().equals("seg_logits")).findFirst().orElseThrow();
            assertThat(seg.getType().getTensorType().getShape().getDimList())
                    .extracting(OnnxMl.TensorShapeProto.Dimension::getDimValue).containsExactly(1L, 14L, 64L, 96L);
            assertThat(b.model().getGraph().getNodeList()).filteredOn(n -> n.getOpType().equals("Resize"))
                    .anyMatch(n -> n.getAttributeList().stream().anyMatch(a -> a.getS().toStringUtf8().equals("linear")));
            ParityCheck.Result r = ParityCheck.compare(up, ALL, b.model().toByteArray(), ParityCheck.randomInputs(2, 64, 96, 5));
            assertThat(r.max()).isLessThanOrEqualTo(ParityCheck.FP32_TOLERANCE);

            Path model = tmp.resolve("tiny-seg-up.onnx");
            Files.write(model, b.model().toByteArray());
            dev.trident.trainer.data.OpenCvNatives.load();
            try (Engine e = Engine.open(model, DeviceConfig.defaults().withWarmupRuns(0))) {
                var result = e.newResult();
                org.opencv.core.Mat frame = new org.opencv.core.Mat(64, 96, org.opencv.core.CvType.CV_8UC3,
                        new org.opencv.core.Scalar(90, 120, 60));
                try {
                    e.process(new dev.trident.runtime.Frame(frame, 0, System.nanoTime(), System.currentTimeMillis()), result);
                } finally {
                    frame.release();
                }
                var map = result.segmentation("segmentation").orElseThrow();
                assertThat(map.width()).isEqualTo(96);
                assertThat(map.height()).isEqualTo(64);
            }
        }
    }

    @Test
    void theSegmentationClassMapIsTheArgmaxOfTheLogitsInFp32AndFp16() throws Exception {
        try (NDManager m = ExportTestSupport.manager()) {
            MultiTaskNet up = tinyNet("residual", "bilinear", m);
            ModelContract logits = contract(up, ALL);
            ModelContract classes = ContractFactory.contract("tiny", up.config(), ALL, up.stride(), null, 0.3, 100, true);
            HeadSpec segHead = classes.heads().get(1);
            assertThat(segHead.segmentation().activation()).isEqualTo(SegmentationActivation.ARGMAX);
            assertThat(segHead.output("mask")).isEqualTo(OutputNames.SEG_CLASSES);
            Shape s = up.inputShape(1);
            float[] x = ExportTestSupport.random(s, 3);
            float[] ref = ExportTestSupport.ort(OnnxExporter.network(up, ALL, logits, OnnxOps.Precision.FP32, false)
                    .model().toByteArray(), x, s.getShape()).get("seg_logits");
            int cells = 64 * 96;
            for (OnnxOps.Precision p : OnnxOps.Precision.values()) {
                OnnxExporter.Built b = OnnxExporter.network(up, ALL, classes, p, false);
                assertThat(b.model().getGraph().getOutputList()).extracting(OnnxMl.ValueInfoProto::getName)
                        .containsExactly("det_heatmap", "det_size", "det_offset", "seg_classes", "depth");
                assertThat(b.model().getGraph().getNodeList()).filteredOn(n -> n.getOpType().equals("ArgMax")).hasSize(1);
                float[] cls = ExportTestSupport.ort(b.model().toByteArray(), x, s.getShape()).get("seg_classes");
                assertThat(cls).hasSize(cells);
                int differ = 0;
                for (int i = 0; i < cells; i++) {
                    int best = 0;
                    for (int c = 1; c < 14; c++) {
                        if (ref[c * cells + i] > ref[best * cells + i]) {
                            best = c;
                        }
                    }
                    differ += cls[i] == best ? 0 : 1;
                }
                if (p == OnnxOps.Precision.FP32) {
                    assertThat(differ).as("FP32 pixels off the logits' argmax").isZero();
                    Path logitsModel = tmp.resolve("logits.onnx");
                    Path classesModel = tmp.resolve("classes.onnx");
                    Files.write(logitsModel, OnnxExporter.network(up, ALL, logits, p, false).model().toByteArray());
                    Files.write(classesModel, b.model().toByteArray());
                    byte[] fromGraph = engineClassIds(classesModel);
                    assertThat(fromGraph).as("every cell a class").doesNotContain((byte) 255);
                    assertThat(fromGraph).as("the engine's map from the graph's argmax")
                            .containsExactly(engineClassIds(logitsModel));
                    ParityCheck.Result r = ParityCheck.compare(up, ALL, b.model().toByteArray(), ParityCheck.randomInputs(2, 64, 96, 5));
                    assertThat(r.maxAbs()).containsKey("seg_classes").doesNotContainKey("seg_logits");
                    assertThat(r.max()).isLessThanOrEqualTo(ParityCheck.FP32_TOLERANCE);
                } else {
                    assertThat(differ).as("FP16 pixels off the FP32 argmax (near-ties only)").isLessThan(cells / 50);
                }
            }
        }
    }

    /** The class map the runtime engine decodes from a model on one fixed noise frame. */
    private static byte[] engineClassIds(Path model) throws Exception {
        dev.trident.trainer.data.OpenCvNatives.load();
        byte[] pixels = new byte[64 * 96 * 3];
        new java.util.Random(17).nextBytes(pixels);
        try (Engine e = Engine.open(model, DeviceConfig.defaults().withWarmupRuns(0))) {
            var result = e.newResult();
            org.opencv.core.Mat frame = new org.opencv.core.Mat(64, 96, org.opencv.core.CvType.CV_8UC3);
            try {
                frame.put(0, 0, pixels);
                e.process(new dev.trident.runtime.Frame(frame, 0, System.nanoTime(), System.currentTimeMillis()), result);
            } finally {
                frame.release();
            }
            return result.segmentation("segmentation").orElseThrow().classIds().clone();
        }
    }

    @Test
    void logitShortfallIsZeroOnTheArgmaxAndTheGapOtherwise() {
        // 2 channels x 3 cells: argmax 0, 1, 0
        float[] logits = {2f, 0f, 1f, /* channel 1 */ 1f, 3f, 0.75f};
        assertThat(ParityCheck.logitShortfall(logits, new float[] {0, 1, 0})).isZero();
        assertThat(ParityCheck.logitShortfall(logits, new float[] {0, 1, 1})).isEqualTo(0.25);
        assertThat(ParityCheck.logitShortfall(logits, new float[] {1, 0, 0})).isEqualTo(3.0);
        assertThat(ParityCheck.logitShortfall(logits, new float[] {0, 2, 0})).isInfinite();
        assertThat(ParityCheck.logitShortfall(logits, new float[] {0, Float.NaN, 0})).isInfinite();
    }

    @Test
    void dynamicExportRunsAtAnotherSize() {
        OnnxExporter.Built b = OnnxExporter.network(net, ALL, contract(net, ALL), OnnxOps.Precision.FP32, true);
        OnnxMl.TensorShapeProto in = b.model().getGraph().getInput(0).getType().getTensorType().getShape();
        assertThat(in.getDim(0).getDimParam()).isEqualTo("batch");
        assertThat(in.getDim(2).hasDimParam()).isTrue();
        Shape s = new Shape(1, 3, 128, 64);
        float[] x = ExportTestSupport.random(s, 1);
        Map<String, float[]> ort = ExportTestSupport.ort(b.model().toByteArray(), x, s.getShape());
        try (NDManager sub = manager.newSubManager()) {
            NDArray in2 = sub.create(x, s);
            float[] ref = net.predict(in2, false).get(Task.SEGMENTATION).get(0).toFloatArray();
            assertThat(ExportTestSupport.maxAbsDiff(ort.get("seg_logits"), ref)).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void aDivergingNodeIsNamed() {
        OnnxExporter.Built b = OnnxExporter.network(net, ALL, contract(net, ALL), OnnxOps.Precision.FP32, false);
        String victim = "neck.smooth2.bn.bias";
        OnnxMl.GraphProto.Builder g = b.model().getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(victim)) {
                OnnxMl.TensorProto t = g.getInitializer(i);
                ByteBuffer raw = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                raw.putFloat(0, raw.getFloat(0) + 0.5f);
                g.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(raw.array())));
            }
        }
        OnnxExporter.Built broken = new OnnxExporter.Built(b.model().toBuilder().setGraph(g).build(), b.trace());
        List<ParityCheck.Input> in = ParityCheck.randomInputs(1, 64, 96, 8);
        ParityCheck.Result r = ParityCheck.compare(net, ALL, broken.model().toByteArray(), in);
        assertThat(r.firstOver(ParityCheck.FP32_TOLERANCE)).isNotNull();
        assertThat(ParityCheck.locate(net, broken, in.get(0), ParityCheck.FP32_TOLERANCE))
                .contains("first diverging node: 'neck.smooth2.bn'");
    }

    @Test
    void anUnsupportedLayerIsNamedWithItsPath() {
        Layer custom = new Layer() {
            @Override
            public NDArray forward(NDArray x, boolean training) {
                return x.exp();
            }

            @Override
            public Shape outputShape(Shape input) {
                return input;
            }

            @Override
            public String onnxOps() {
                return "Exp";
            }
        };
        Sequential s = new Sequential().add("relu", new Relu()).add("mystery", custom);
        assertThatThrownBy(() -> OnnxExporter.layer(s, new long[] {1, 3, 4, 4}, OnnxOps.Precision.FP32))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("unsupported layer 'layer.mystery'")
                .hasMessageContaining("NetworkExportTest");
    }
}
