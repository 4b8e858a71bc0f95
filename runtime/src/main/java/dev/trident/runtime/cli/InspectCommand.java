package dev.trident.runtime.cli;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.engine.SubsetInfo;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code trident inspect MODEL}: the contract, the model's tensors, heads and providers. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's contract, inputs/outputs, heads and the execution providers available.")
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "MODEL", description = "the model (same as --model)")
    java.nio.file.Path positional;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        if (positional != null) {
            if (model.model != null && !model.model.equals(positional)) {
                throw new IllegalArgumentException("give the model once: either MODEL or --model");
            }
            model.model = positional;
        }
        try (Engine engine = model.open(model.deviceConfig().withWarmupRuns(0))) {
            ModelContract c = engine.contract();
            out.println("model      " + model.model() + "  (" + c.name() + ", contract v" + c.version() + " from "
                    + engine.contractOrigin() + ")");
            var in = c.input();
            out.printf("input      %s NCHW [1, 3, %d, %d], %s, x = (pixel·%.6g − mean) / std, mean %s, std %s, %s%s%n",
                    in.name(), in.height(), in.width(), in.colorOrder().json(), in.scale(), in.mean(), in.std(),
                    in.resize().mode().json(),
                    in.resize().mode() == dev.trident.runtime.contract.ResizeMode.LETTERBOX
                            ? " (pad " + in.resize().padValue() + ")" : "");
            out.println("heads");
            for (HeadSpec h : c.heads()) {
                String detail = switch (h.task()) {
                    case DETECTION -> h.detection().decoder().json() + ", score ≥ " + h.detection().scoreThreshold()
                            + ", top " + h.detection().topK() + (h.detection().nms() ? ", NMS IoU " + h.detection().nmsIouThreshold() : "");
                    case SEGMENTATION -> h.segmentation().activation().json()
                            + switch (h.segmentation().activation()) {
                                case SIGMOID -> " ≥ " + h.segmentation().threshold();
                                case ARGMAX -> " (class index per cell, computed in the graph)";
                                case LOGITS -> "";
                            };
                    case DEPTH -> h.depth().encoding().json() + ", " + h.depth().minDepth() + "–" + h.depth().maxDepth() + " m";
                };
                out.printf("  %-14s %-12s stride %-2d %s; outputs %s%s%n", h.name(), h.task().json(), h.stride(), detail,
                        h.outputs(), h.classes().isEmpty() ? "" : "; classes " + h.classes());
            }
            if (!c.features().isEmpty()) {
                out.println("features   " + c.features());
            }
            if (c.camera() != null) {
                out.println("camera     focal " + c.camera().focalLengthPx() + " px at model resolution"
                        + (c.camera().heightM() != null ? ", height " + c.camera().heightM() + " m" : ""));
            }
            out.println("tensors");
            engine.modelInputs().values().forEach(t -> out.println("  in   " + t));
            engine.modelOutputs().values().forEach(t -> out.println("  out  " + t));
            SubsetInfo full = engine.subsets().get(0);
            out.println("graph      " + full.nodeCount() + " nodes, " + full.parameterCount() + " parameters");
            java.util.List<String> built = new java.util.ArrayList<>();
            for (OrtProvider p : OrtEnvironment.getAvailableProviders()) {
                built.add(p.getName());
            }
            out.println("providers  available in this ONNX Runtime build: " + built + "; active: "
                    + engine.activeProviders().stream().map(ExecutionProvider::json).toList());
            engine.providerNotes().forEach(n -> out.println("           note: " + n));
        }
        return 0;
    }
}
