package dev.trident.bench;

import ai.onnx.proto.OnnxMl;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.onnx.GraphPruner;
import dev.trident.runtime.onnx.OnnxModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Single-task baselines derived from a multi-head model until the exporter ships real ones: the
 * model pruned to one head's outputs (so each keeps its own full copy of the shared backbone — the
 * no-sharing baseline), with a one-head contract embedded. Stateless; thread-safe.
 */
public final class SingleTaskModels {
    private SingleTaskModels() {
    }

    /**
     * Writes one model per head of {@code model} into {@code dir} as {@code <model>.<head>.onnx}.
     *
     * @return the written files, in head order
     */
    public static List<Path> derive(Path model, Path dir) {
        OnnxModelFile file = OnnxModelFile.read(model);
        ModelContract contract = Contracts.of(model);
        String stem = model.getFileName().toString().replaceFirst("\\.onnx$", "");
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (HeadSpec head : contract.heads()) {
                ModelContract single = new ModelContract(contract.version(), contract.name() + "-" + head.name(), contract.input(),
                        List.of(head), List.of(), contract.camera());
                OnnxMl.ModelProto pruned = GraphPruner.prune(file.proto(), single.outputNames());
                OnnxMl.ModelProto.Builder b = pruned.toBuilder().clearMetadataProps();
                for (OnnxMl.StringStringEntryProto e : pruned.getMetadataPropsList()) {
                    if (!e.getKey().equals(ModelContract.METADATA_KEY)) {
                        b.addMetadataProps(e);
                    }
                }
                b.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(ModelContract.METADATA_KEY)
                        .setValue(ContractJson.write(single)));
                Path p = dir.resolve(stem + "." + head.name() + ".onnx");
                Files.write(p, b.build().toByteArray());
                out.add(p);
            }
        } catch (IOException e) {
            throw new TridentException("cannot write the single-task models into " + dir + ": " + e.getMessage());
        }
        return out;
    }
}
