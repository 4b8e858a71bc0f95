package dev.trident.runtime;

import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Small ONNX graphs with exactly known outputs for engine tests: every output is a constant
 * tensor the test chooses, made to depend on the image input (+ 0·mean(image)) so the graph is a
 * real inference graph, and ORT cannot fold it away.
 */
public final class TestModels {
    private TestModels() {
    }

    /** One output of a constant-output model. */
    public record ConstOutput(String name, float[] values, long... dims) {
    }

    /** A model with input {@code image [1,3,h,w]} whose outputs are the given constants. */
    public static byte[] constantOutputs(int width, int height, ModelContract contract, List<ConstOutput> outputs) {
        OnnxGraphBuilder b = new OnnxGraphBuilder("constant_outputs");
        if (contract != null) {
            b.metadata(ModelContract.METADATA_KEY, ContractJson.write(contract));
        }
        String x = b.input("image", 1, 3, height, width);
        String mean = b.node("ReduceMean", List.of(x), null, OnnxGraphBuilder.ints("axes", 0, 1, 2, 3),
                OnnxGraphBuilder.integer("keepdims", 1));
        String zero = b.initializer("zero", new float[] {0f}, 1);
        String nothing = b.node("Mul", mean, zero);
        for (ConstOutput o : outputs) {
            String c = b.initializer(o.name() + "_value", o.values(), o.dims());
            b.node("Add", List.of(c, nothing), o.name());
            b.output(o.name(), o.dims());
        }
        return b.toBytes();
    }

    public static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** The real frames folder beside the project ({@code ../shared/real-frames}). */
    public static Path realFrames() {
        String shared = System.getProperty("trident.shared", "../../shared");
        return Path.of(shared, "real-frames");
    }

    public static Map<String, String> roles(String... kv) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
