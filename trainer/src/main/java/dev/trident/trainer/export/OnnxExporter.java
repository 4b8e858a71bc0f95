package dev.trident.trainer.export;

import ai.onnx.proto.OnnxMl;
import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.SegmentationActivation;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.nn.Layer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds ONNX models from trained Trident layers (DJL has no ONNX export): the whole multi-task
 * network with its contract embedded, or any single layer (for per-layer tests). The graph is
 * checked with {@link GraphCheck} before it is returned. Stateless; thread-safe as long as the
 * network is not trained meanwhile.
 */
public final class OnnxExporter {
    private OnnxExporter() {
    }

    /**
     * A built model and where each layer's value went.
     *
     * @param model the ONNX model
     * @param trace layer path → value name, in graph order
     */
    public record Built(OnnxMl.ModelProto model, Map<String, String> trace) {
        /** The same model with every traced value as an extra graph output (to compare node by node). */
        public OnnxMl.ModelProto withTracedOutputs() {
            OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
            Set<String> outs = new HashSet<>();
            g.getOutputList().forEach(o -> outs.add(o.getName()));
            for (OnnxMl.ValueInfoProto v : model.getGraph().getValueInfoList()) {
                if (trace.containsValue(v.getName()) && outs.add(v.getName())) {
                    g.addOutput(v);
                }
            }
            return model.toBuilder().setGraph(g).build();
        }
    }

    /**
     * The network with the given heads (all of them, or one for a single-task model), outputs
     * named per {@link OutputNames}, the shared features named {@code features}, and the contract
     * as JSON under {@link ModelContract#METADATA_KEY}. A contract whose segmentation head has
     * {@code activation: argmax} gets {@link OutputNames#SEG_CLASSES} (the class map,
     * {@link OnnxOps#classMap}) in place of the logits.
     */
    public static Built network(MultiTaskNet net, Set<Task> heads, ModelContract contract, OnnxOps.Precision precision,
                                boolean dynamic) {
        if (!net.heads().keySet().containsAll(heads) || heads.isEmpty()) {
            throw new ExportException("cannot export heads " + heads + ": the checkpoint's network has " + net.heads().keySet());
        }
        OnnxOps ops = new OnnxOps(precision, dynamic);
        var cfg = net.config();
        String image = ops.input(OutputNames.INPUT, 3, cfg.inputHeight(), cfg.inputWidth());
        NetworkWalker<String> walker = new NetworkWalker<>(ops);
        Map<String, String> outputs = walker.network(net, image, heads);
        String features = walker.lastFeatures();
        ops.rename(features, OutputNames.FEATURES);
        outputs.replaceAll((k, v) -> v.equals(features) ? OutputNames.FEATURES : v);
        if (segmentationArgmax(contract) && outputs.containsKey(OutputNames.of(Task.SEGMENTATION).get(0))) {
            Map<String, String> withClasses = new LinkedHashMap<>();
            outputs.forEach((k, v) -> {
                if (k.equals(OutputNames.of(Task.SEGMENTATION).get(0))) {
                    withClasses.put(OutputNames.SEG_CLASSES, ops.classMap("segmentation.classes", v));
                } else {
                    withClasses.put(k, v);
                }
            });
            outputs = withClasses;
        }
        for (Map.Entry<String, String> e : outputs.entrySet()) {
            ops.output(e.getValue(), e.getKey());
        }
        OnnxMl.ModelProto model = ops.model(contract.name().replaceAll("[^A-Za-z0-9_]", "_"),
                Map.of(ModelContract.METADATA_KEY, ContractJson.write(contract)));
        return checked(new Built(model, ops.trace()), contract.name());
    }

    /** Whether the contract's segmentation head reads the class map the graph computes. */
    static boolean segmentationArgmax(ModelContract contract) {
        return contract.heads().stream().anyMatch(h -> h.task() == Task.SEGMENTATION
                && h.segmentation().activation() == SegmentationActivation.ARGMAX);
    }

    /** One layer as a model: float32 input {@code x} of {@code inputShape} (NCHW), output {@code y}. */
    public static Built layer(Layer layer, long[] inputShape, OnnxOps.Precision precision) {
        OnnxOps ops = new OnnxOps(precision, false);
        String x = ops.input("x", (int) inputShape[1], (int) inputShape[2], (int) inputShape[3]);
        String y = new NetworkWalker<>(ops).layer("layer", layer, x);
        ops.output(y, "y");
        return checked(new Built(ops.model("layer", Map.of()), ops.trace()), layer.getClass().getSimpleName());
    }

    private static Built checked(Built b, String what) {
        List<String> problems = GraphCheck.problems(b.model());
        if (!problems.isEmpty()) {
            throw new ExportException("the exported graph of " + what + " is malformed: " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
                    + "; this is an exporter bug, please report it");
        }
        return b;
    }
}
