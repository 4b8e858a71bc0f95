package dev.trident.runtime.contract;

import dev.trident.runtime.onnx.OnnxModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a model's contract: a sidecar file next to the model wins over the embedded
 * {@code trident.contract} metadata, so a foreign model runs with no code — only a JSON file.
 *
 * <p>Sidecar names tried, in order, for {@code dir/name.onnx}: {@code dir/name.trident.json},
 * {@code dir/name.onnx.trident.json}. Stateless; thread-safe.
 */
public final class ContractSource {
    private ContractSource() {
    }

    /** A contract and where it was read from (for logs and {@code trident inspect}). */
    public record Found(ModelContract contract, String origin) {
    }

    public static List<Path> sidecarCandidates(Path model) {
        String file = model.getFileName().toString();
        String stem = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        Path dir = model.toAbsolutePath().getParent();
        return List.of(dir.resolve(stem + ".trident.json"), dir.resolve(file + ".trident.json"));
    }

    public static Found find(OnnxModelFile model) {
        for (Path sidecar : sidecarCandidates(model.path())) {
            if (Files.isRegularFile(sidecar)) {
                String json;
                try {
                    json = Files.readString(sidecar);
                } catch (IOException e) {
                    throw new ContractException("sidecar " + sidecar + " cannot be read (" + e.getMessage() + ")");
                }
                return new Found(ContractJson.parse(json, "sidecar " + sidecar), "sidecar " + sidecar);
            }
        }
        String embedded = model.metadata(ModelContract.METADATA_KEY).orElseThrow(() -> new ContractException(
                "model " + model.path() + " carries no '" + ModelContract.METADATA_KEY + "' metadata and has no sidecar; write "
                        + sidecarCandidates(model.path()).get(0).getFileName()
                        + " next to it describing its input and heads (see docs/model-contract.md)"));
        return new Found(ContractJson.parse(embedded, "model metadata '" + ModelContract.METADATA_KEY + "' of " + model.path()),
                "embedded metadata");
    }
}
