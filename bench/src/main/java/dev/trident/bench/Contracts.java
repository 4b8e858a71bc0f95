package dev.trident.bench;

import dev.trident.runtime.contract.ContractSource;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.onnx.OnnxModelFile;
import java.nio.file.Path;

/** Reads a model's contract the way the engine does (sidecar first, then embedded). Stateless. */
final class Contracts {
    private Contracts() {
    }

    static ModelContract of(Path model) {
        return ContractSource.find(OnnxModelFile.read(model)).contract();
    }
}
