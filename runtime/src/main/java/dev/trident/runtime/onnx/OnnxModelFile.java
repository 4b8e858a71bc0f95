package dev.trident.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.trident.runtime.TridentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An ONNX model file read into memory and parsed, with a clear error for every way it can be
 * broken. Immutable; thread-safe.
 *
 * @param path  where it was read from
 * @param bytes the file's bytes (what sessions are created from)
 * @param proto the parsed model
 */
public record OnnxModelFile(Path path, byte[] bytes, OnnxMl.ModelProto proto) {

    public static OnnxModelFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new TridentException("model file " + path + " does not exist; pass the path of an .onnx model");
        } catch (IOException e) {
            throw new TridentException("model file " + path + " cannot be read (" + e.getMessage() + "); check the path and permissions");
        }
        return parse(path, bytes);
    }

    public static OnnxModelFile parse(Path path, byte[] bytes) {
        if (bytes.length == 0) {
            throw new TridentException("model file " + path + " is empty; re-export or re-download it");
        }
        OnnxMl.ModelProto proto;
        try {
            proto = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new TridentException("model file " + path + " is not a valid ONNX model (" + e.getMessage()
                    + "); re-export or re-download it");
        }
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0 || proto.getGraph().getOutputCount() == 0) {
            throw new TridentException("model file " + path + " holds no ONNX graph (no nodes or outputs); it is corrupt "
                    + "or not an ONNX model");
        }
        return new OnnxModelFile(path, bytes, proto);
    }

    /** The value of a {@code metadata_props} entry. */
    public Optional<String> metadata(String key) {
        return proto.getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals(key))
                .map(OnnxMl.StringStringEntryProto::getValue)
                .findFirst();
    }
}
