package dev.trident.runtime.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trident.runtime.TridentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One deployment target's settings (a YAML file in {@code device-configs/}; every field is
 * documented in {@code device-configs/README.md}). Missing fields take the defaults of the
 * x86 CPU target; unknown fields are errors.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param name                target name for logs
 * @param executionProviders  ORT execution providers in order of preference; each one that
 *                            cannot start falls back to the next (logged once); CPU is always last
 * @param threads             ORT thread pools
 * @param graphOptimization   ORT graph optimisation level (default all)
 * @param optimizedModelCache optional path where ORT saves the optimised model (inspect or reuse it)
 * @param fp16Model           optional FP16 model file used instead of the given model when a GPU provider is active
 * @param warmupRuns          inference runs at open so the first real frame is not slow (default 2)
 * @param tensorrt            TensorRT options
 * @param cuda                CUDA options
 * @param heads               per-head rates by head name (default: every head every frame)
 * @param daemon              the in-vehicle daemon's settings (server, latency budget, client limits)
 */
public record DeviceConfig(String name, List<ExecutionProvider> executionProviders, Threads threads,
                           GraphOptimization graphOptimization, String optimizedModelCache, String fp16Model,
                           Integer warmupRuns, TensorRtOptions tensorrt, CudaOptions cuda, Map<String, HeadRate> heads,
                           DaemonConfig daemon) {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public DeviceConfig {
        if (name == null || name.isBlank()) {
            name = "x86-cpu";
        }
        executionProviders = executionProviders == null || executionProviders.isEmpty()
                ? List.of(ExecutionProvider.CPU) : List.copyOf(executionProviders);
        if (threads == null) {
            threads = Threads.defaults();
        }
        if (graphOptimization == null) {
            graphOptimization = GraphOptimization.ALL;
        }
        if (warmupRuns == null) {
            warmupRuns = 2;
        }
        if (warmupRuns < 0) {
            throw new IllegalArgumentException("warmupRuns must be ≥ 0, got " + warmupRuns);
        }
        if (tensorrt == null) {
            tensorrt = TensorRtOptions.defaults();
        }
        if (cuda == null) {
            cuda = CudaOptions.defaults();
        }
        heads = heads == null ? Map.of() : Map.copyOf(heads);
        if (daemon == null) {
            daemon = DaemonConfig.defaults();
        }
    }

    /** A config with the daemon's default settings (the form before the daemon existed). */
    public DeviceConfig(String name, List<ExecutionProvider> executionProviders, Threads threads,
                        GraphOptimization graphOptimization, String optimizedModelCache, String fp16Model,
                        Integer warmupRuns, TensorRtOptions tensorrt, CudaOptions cuda, Map<String, HeadRate> heads) {
        this(name, executionProviders, threads, graphOptimization, optimizedModelCache, fp16Model, warmupRuns, tensorrt, cuda,
                heads, null);
    }

    /** The default target: CPU, ORT's default threads, all optimisations, every head every frame. */
    public static DeviceConfig defaults() {
        return new DeviceConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This config with the given providers (for tests and CLI overrides). */
    public DeviceConfig withProviders(List<ExecutionProvider> providers) {
        return new DeviceConfig(name, providers, threads, graphOptimization, optimizedModelCache, fp16Model, warmupRuns,
                tensorrt, cuda, heads, daemon);
    }

    /** This config with the given head rates. */
    public DeviceConfig withHeads(Map<String, HeadRate> newHeads) {
        return new DeviceConfig(name, executionProviders, threads, graphOptimization, optimizedModelCache, fp16Model,
                warmupRuns, tensorrt, cuda, newHeads, daemon);
    }

    /** This config with the given number of warm-up runs. */
    public DeviceConfig withWarmupRuns(int runs) {
        return new DeviceConfig(name, executionProviders, threads, graphOptimization, optimizedModelCache, fp16Model, runs,
                tensorrt, cuda, heads, daemon);
    }

    /** This config with the given daemon settings. */
    public DeviceConfig withDaemon(DaemonConfig newDaemon) {
        return new DeviceConfig(name, executionProviders, threads, graphOptimization, optimizedModelCache, fp16Model, warmupRuns,
                tensorrt, cuda, heads, newDaemon);
    }

    /** Reads a device config YAML file; one clear line on any problem. */
    public static DeviceConfig load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new TridentException("device config " + path + " does not exist; pick one from device-configs/ (e.g. x86-cpu.yaml)");
        } catch (IOException e) {
            throw new TridentException("device config " + path + " cannot be read: " + e.getMessage());
        }
        if (text.isBlank()) {
            return defaults();
        }
        try {
            return YAML.readValue(text, DeviceConfig.class);
        } catch (JsonMappingException e) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    field.append('[').append(r.getIndex()).append(']');
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String msg = root instanceof JsonMappingException jm ? jm.getOriginalMessage() : root.getMessage();
            if (msg != null && msg.indexOf('\n') > 0) {
                msg = msg.substring(0, msg.indexOf('\n'));
            }
            throw new TridentException("device config " + path + " is invalid at " + (field.isEmpty() ? "top level" : field)
                    + ": " + msg + "; see device-configs/README.md");
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw new TridentException("device config " + path + " is not valid YAML: " + msg);
        }
    }
}
