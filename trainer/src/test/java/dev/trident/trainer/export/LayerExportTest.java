package dev.trident.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import dev.trident.trainer.model.DepthHead;
import dev.trident.trainer.model.DetectionHead;
import dev.trident.trainer.model.SegmentationHead;
import dev.trident.trainer.nn.BatchNorm2d;
import dev.trident.trainer.nn.BilinearUpsample;
import dev.trident.trainer.nn.Conv2d;
import dev.trident.trainer.nn.InvertedResidualBlock;
import dev.trident.trainer.nn.Layer;
import dev.trident.trainer.nn.Relu;
import dev.trident.trainer.nn.ResidualBlock;
import dev.trident.trainer.nn.Sequential;
import dev.trident.trainer.nn.Sigmoid;
import dev.trident.trainer.nn.Upsample2x;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each layer type exported alone, run in ONNX Runtime and compared with its DJL forward (eval mode). */
class LayerExportTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = ExportTestSupport.manager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("conv 3x3 with bias", Conv2d.withBias(3, 8, 3, 1).biasInit(0.3f), "Conv"),
                Arguments.of("conv 3x3 stride 2 without bias", Conv2d.noBias(3, 8, 3, 2), "Conv"),
                Arguments.of("depthwise conv stride 2", new Conv2d(3, 3, 3, 2, 3, false), "Conv"),
                Arguments.of("conv 1x1 + BN folded", Sequential.convBn(3, 8, 1, 1), "Conv"),
                Arguments.of("conv + BN + ReLU", Sequential.convBnRelu(3, 8, 3, 1), "Conv,Relu"),
                Arguments.of("lone BatchNorm", new BatchNorm2d(3), "BatchNormalization"),
                Arguments.of("ReLU", new Relu(), "Relu"),
                Arguments.of("Sigmoid", new Sigmoid(), "Sigmoid"),
                Arguments.of("nearest upsample x2", new Upsample2x(), "Resize"),
                Arguments.of("bilinear upsample x4", new BilinearUpsample(4), "Resize"),
                Arguments.of("residual block, identity skip", new ResidualBlock(3, 3, 1), "Conv,Relu,Add"),
                Arguments.of("residual block, projection skip", new ResidualBlock(3, 8, 2), "Conv,Relu,Add"),
                Arguments.of("inverted residual with skip", new InvertedResidualBlock(3, 3, 1, 4), "Conv,Relu,Add"),
                Arguments.of("inverted residual, stride 2", new InvertedResidualBlock(3, 8, 2, 4), "Conv,Relu"),
                Arguments.of("detection head (Concat of heatmap/size/offset)", new DetectionHead(3, 8, 4), "Conv,Relu,Concat"),
                Arguments.of("segmentation head", new SegmentationHead(3, 8, 5), "Conv,Relu"),
                Arguments.of("segmentation head, logits upsampled x4", new SegmentationHead(3, 8, 5, 4), "Conv,Relu,Resize"),
                Arguments.of("depth head (Sigmoid output)", new DepthHead(3, 8, 0.5, 80), "Conv,Relu,Sigmoid"));
    }

    static Stream<Arguments> fp16Layers() {
        return Stream.of(
                Arguments.of("residual block", new ResidualBlock(3, 8, 2)),
                Arguments.of("segmentation head with bilinear upsampling", new SegmentationHead(3, 8, 5, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void exportedLayerMatchesDjlForward(String what, Layer layer, String ops) {
        Shape s = new Shape(1, 3, 12, 16);
        ExportTestSupport.init(layer, manager, s, what.hashCode());
        float[] x = ExportTestSupport.random(s, 7);
        float[] ref = ExportTestSupport.djl(layer, manager, x, s);

        OnnxExporter.Built b = OnnxExporter.layer(layer, s.getShape(), OnnxOps.Precision.FP32);
        float[] got = ExportTestSupport.ort(b.model().toByteArray(), x, s.getShape()).get("y");

        assertThat(ExportTestSupport.maxAbsDiff(got, ref)).as(what).isLessThanOrEqualTo(1e-4);
        List<String> nodeOps = b.model().getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).distinct().toList();
        assertThat(nodeOps).as("ops of " + what).containsExactlyInAnyOrder(ops.split(","));
        assertThat(GraphCheck.problems(b.model())).isEmpty();
    }

    @Test
    void batchNormAfterConvIsFoldedIntoTheConv() {
        Sequential s = Sequential.convBnRelu(3, 8, 3, 2);
        ExportTestSupport.init(s, manager, new Shape(1, 3, 8, 8), 3);
        OnnxMl.GraphProto g = OnnxExporter.layer(s, new long[] {1, 3, 8, 8}, OnnxOps.Precision.FP32).model().getGraph();
        assertThat(g.getNodeList()).extracting(OnnxMl.NodeProto::getOpType).containsExactly("Conv", "Relu");
        OnnxMl.NodeProto conv = g.getNode(0);
        assertThat(conv.getInputCount()).as("the folded conv gets a bias").isEqualTo(3);
        assertThat(g.getInitializerList()).extracting(OnnxMl.TensorProto::getName)
                .containsExactlyInAnyOrder("layer.bn.weight", "layer.bn.bias");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fp16Layers")
    void fp16LayerStaysCloseAndKeepsFloat32Boundaries(String what, Layer layer) {
        Shape s = new Shape(1, 3, 12, 16);
        ExportTestSupport.init(layer, manager, s, 11);
        float[] x = ExportTestSupport.random(s, 5);
        float[] ref = ExportTestSupport.djl(layer, manager, x, s);
        OnnxExporter.Built b = OnnxExporter.layer(layer, s.getShape(), OnnxOps.Precision.FP16);
        OnnxMl.GraphProto g = b.model().getGraph();

        assertThat(g.getInput(0).getType().getTensorType().getElemType()).isEqualTo(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        assertThat(g.getOutput(0).getType().getTensorType().getElemType()).isEqualTo(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
        assertThat(g.getInitializerList()).filteredOn(t -> t.getName().endsWith(".weight"))
                .allMatch(t -> t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT16_VALUE);
        assertThat(g.getNode(0).getOpType()).isEqualTo("Cast");
        assertThat(g.getNode(g.getNodeCount() - 1).getOpType()).isEqualTo("Cast");

        double scale = 0;
        for (float v : ref) {
            scale = Math.max(scale, Math.abs(v));
        }
        float[] got = ExportTestSupport.ort(b.model().toByteArray(), x, s.getShape()).get("y");
        double diff = ExportTestSupport.maxAbsDiff(got, ref);
        assertThat(diff).as("FP16 error relative to the output scale " + scale).isLessThan(1e-2 * scale).isGreaterThan(0);
    }

    @Test
    void everyValueIsTypedAndShaped() {
        Layer layer = new InvertedResidualBlock(8, 8, 1, 2);
        Shape s = new Shape(1, 8, 8, 8);
        ExportTestSupport.init(layer, manager, s, 2);
        OnnxMl.GraphProto g = OnnxExporter.layer(layer, s.getShape(), OnnxOps.Precision.FP32).model().getGraph();
        Map<String, OnnxMl.ValueInfoProto> info = new java.util.HashMap<>();
        g.getValueInfoList().forEach(v -> info.put(v.getName(), v));
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            for (String out : n.getOutputList()) {
                if (!out.equals("y")) {
                    assertThat(info).containsKey(out);
                    List<Long> dims = info.get(out).getType().getTensorType().getShape().getDimList().stream()
                            .map(OnnxMl.TensorShapeProto.Dimension::getDimValue).toList();
                    // expand 8 → 16 channels, depthwise, project back to 8; stride 1 keeps 8×8
                    assertThat(dims).as(out).isIn(List.of(1L, 16L, 8L, 8L), List.of(1L, 8L, 8L, 8L));
                }
            }
        }
    }
}
