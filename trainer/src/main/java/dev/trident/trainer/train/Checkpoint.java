package dev.trident.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trident.trainer.model.MultiTaskNet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A checkpoint folder: {@code model.params} (DJL's parameter format, {@code Block.saveParameters}),
 * {@code optimizer.ndlist} (AdamW moments, {@code NDList.encode}) and {@code checkpoint.json}
 * (the training config, epoch, optimizer step, weighting state, history, last metrics).
 * Written to a temporary folder and moved into place, so a crash never leaves half a checkpoint.
 * Stateless; not for concurrent writers of the same folder.
 */
public final class Checkpoint {
    public static final String PARAMS = "model.params";
    public static final String OPTIMIZER = "optimizer.ndlist";
    public static final String META = "checkpoint.json";

    private Checkpoint() {
    }

    /** The checkpoint's JSON part. */
    public record Meta(TrainConfig config, int epoch, long step, Map<String, Object> weighting,
                       Map<String, Object> history) {
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static void save(Path dir, MultiTaskNet net, AdamW optimizer, Meta meta) {
        try {
            Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
            Files.createDirectories(tmp);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve(PARAMS))))) {
                net.saveParameters(out);
            }
            Files.write(tmp.resolve(OPTIMIZER), optimizer.state().encode());
            json().writeValue(tmp.resolve(META).toFile(), meta);
            if (Files.exists(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads the JSON part; a missing or unreadable checkpoint is a {@link TrainConfigException}. */
    public static Meta readMeta(Path dir) {
        Path meta = dir.resolve(META);
        if (!Files.isRegularFile(meta) || !Files.isRegularFile(dir.resolve(PARAMS))) {
            throw new TrainConfigException("checkpoint " + dir + " is missing " + META + " or " + PARAMS
                    + "; pass a folder written by ./trident train (runs/NAME/last or runs/NAME/best)");
        }
        try {
            return json().readValue(meta.toFile(), Meta.class);
        } catch (IOException e) {
            throw new TrainConfigException("checkpoint " + meta + " is unreadable: " + e.getMessage().replace('\n', ' '));
        }
    }

    /** Loads the network parameters into {@code net} (built from the same model config). */
    public static void loadParameters(Path dir, MultiTaskNet net) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS))))) {
            net.loadParameters(net.getParameters().get(0).getValue().getArray().getManager(), in);
            // loaded arrays are new tensors: re-enable gradient recording on the trainable ones
            for (var p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
        } catch (IOException | MalformedModelException e) {
            throw new TrainConfigException("checkpoint " + dir.resolve(PARAMS) + " does not fit this model: " + e.getMessage());
        }
    }

    /** Loads the optimizer moments. */
    public static NDList loadOptimizer(Path dir, NDManager manager) {
        try {
            return NDList.decode(manager, Files.readAllBytes(dir.resolve(OPTIMIZER)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
