package dev.trident.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.trident.runtime.demo.GeneratedModel;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GraphPrunerTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void prunedSubsetComputesExactlyTheFullModelsOutputs() throws Exception {
        GeneratedModel.Spec spec = GeneratedModel.Spec.tiny();
        OnnxMl.ModelProto full = OnnxMl.ModelProto.parseFrom(GeneratedModel.bytes(spec));
        List<String> det = List.of("det_heatmap", "det_size", "det_offset");
        OnnxMl.ModelProto pruned = GraphPruner.prune(full, det);

        assertThat(pruned.getGraph().getOutputList()).extracting(OnnxMl.ValueInfoProto::getName).containsExactlyElementsOf(det);
        assertThat(GraphPruner.nodeCount(pruned)).isLessThan(GraphPruner.nodeCount(full));
        // the depth branch and the segmentation conv are gone, the shared trunk stays
        assertThat(pruned.getGraph().getNodeList()).extracting(n -> n.getOutput(0))
                .doesNotContain("depth", "seg_logits").contains("features");
        assertThat(pruned.getGraph().getInitializerList()).extracting(OnnxMl.TensorProto::getName)
                .doesNotContain("road_depth_prior");
        assertThat(pruned.getMetadataPropsList()).isEqualTo(full.getMetadataPropsList());

        float[] image = new float[3 * spec.height() * spec.width()];
        Random r = new Random(7);
        for (int i = 0; i < image.length; i++) {
            image[i] = r.nextFloat();
        }
        try (OrtSession a = ENV.createSession(full.toByteArray(), new OrtSession.SessionOptions());
             OrtSession b = ENV.createSession(pruned.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(image), new long[] {1, 3, spec.height(), spec.width()});
             OrtSession.Result ra = a.run(Map.of("image", in));
             OrtSession.Result rb = b.run(Map.of("image", in))) {
            assertThat(rb.size()).isEqualTo(3);
            for (String name : det) {
                float[] fa = ((OnnxTensor) ra.get(name).orElseThrow()).getFloatBuffer().array();
                float[] fb = ((OnnxTensor) rb.get(name).orElseThrow()).getFloatBuffer().array();
                assertThat(fb).as(name).containsExactly(fa);
            }
        }
    }

    @Test
    void unknownOutputIsRejected() throws Exception {
        OnnxMl.ModelProto full = OnnxMl.ModelProto.parseFrom(GeneratedModel.bytes(GeneratedModel.Spec.tiny()));
        assertThatThrownBy(() -> GraphPruner.prune(full, List.of("nope"))).hasMessageContaining("'nope'");
    }
}
