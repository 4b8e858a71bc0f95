package dev.trident.runtime.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.config.TensorRtOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates ONNX Runtime sessions with the device config's execution providers, in its order,
 * falling back to the next provider when one is missing from this ORT build or fails to start.
 * Each fallback is logged once and kept in {@link #notes()}; CPU is always the last resort.
 *
 * <p>Not thread-safe: the engine creates its sessions from one thread.
 */
public final class SessionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    private final OrtEnvironment env;
    private final DeviceConfig config;
    private final List<ExecutionProvider> active = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public SessionFactory(OrtEnvironment env, DeviceConfig config) {
        this.env = env;
        this.config = config;
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        for (ExecutionProvider p : config.executionProviders()) {
            if (p == ExecutionProvider.CPU) {
                break; // CPU is implicit and last: providers after it would never be used
            }
            OrtProvider ort = p == ExecutionProvider.CUDA ? OrtProvider.CUDA : OrtProvider.TENSOR_RT;
            if (available.contains(ort)) {
                active.add(p);
            } else {
                note(p.json() + " is not available in this ONNX Runtime build (it has " + names(available)
                        + "); falling back to " + nextAfter(p) + ". For GPUs build with -Pgpu (CUDA 12, cuDNN 9, TensorRT 10)");
            }
        }
        active.add(ExecutionProvider.CPU);
    }

    /** Providers in use after fallbacks, in priority order; always ends with CPU. */
    public List<ExecutionProvider> activeProviders() {
        return List.copyOf(active);
    }

    /** One line per fallback that happened. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Whether a GPU provider survived the fallbacks. */
    public boolean gpu() {
        return active.get(0) != ExecutionProvider.CPU;
    }

    /**
     * A session over {@code modelBytes}. {@code optimizedPath}, when non-null, is where ORT saves
     * the optimised graph. When session creation fails with a GPU provider, that provider is
     * dropped (noted) and creation is retried with the rest.
     */
    public OrtSession create(byte[] modelBytes, Path optimizedPath) {
        while (true) {
            try (OrtSession.SessionOptions opts = options(optimizedPath)) {
                return env.createSession(modelBytes, opts);
            } catch (OrtException e) {
                if (active.size() > 1) {
                    ExecutionProvider dropped = active.remove(0);
                    note(dropped.json() + " failed to start (" + firstLine(e.getMessage()) + "); falling back to "
                            + active.get(0).json());
                    continue;
                }
                throw new TridentException("ONNX Runtime cannot load the model: " + firstLine(e.getMessage())
                        + "; check that the file is a valid ONNX model (opset ≤ 21) exported for inference");
            }
        }
    }

    private OrtSession.SessionOptions options(Path optimizedPath) throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        try {
            opts.setOptimizationLevel(switch (config.graphOptimization()) {
                case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            if (OrtEnvironments.globalPools()) {
                opts.disablePerSessionThreads(); // every session of the process shares the environment's pools
            } else {
                if (config.threads().intraOp() > 0) {
                    opts.setIntraOpNumThreads(config.threads().intraOp());
                }
                if (config.threads().interOp() > 0) {
                    opts.setInterOpNumThreads(config.threads().interOp());
                }
                if (!config.threads().spin()) {
                    opts.addConfigEntry("session.intra_op.allow_spinning", "0");
                    opts.addConfigEntry("session.inter_op.allow_spinning", "0");
                }
            }
            if (optimizedPath != null) {
                Path parent = optimizedPath.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                opts.setOptimizedModelFilePath(optimizedPath.toString());
            }
            for (ExecutionProvider p : List.copyOf(active)) {
                try {
                    switch (p) {
                        case TENSORRT -> opts.addTensorrt(tensorRt(config.tensorrt(), config.cuda().deviceId()));
                        case CUDA -> opts.addCUDA(new OrtCUDAProviderOptions(config.cuda().deviceId()));
                        case CPU -> { }
                    }
                } catch (OrtException | RuntimeException e) {
                    active.remove(p);
                    note(p.json() + " failed to start (" + firstLine(e.getMessage()) + "); falling back to " + active.get(0).json());
                }
            }
            return opts;
        } catch (java.io.IOException e) {
            opts.close();
            throw new TridentException("optimizedModelCache folder cannot be created for " + optimizedPath + ": " + e.getMessage());
        } catch (OrtException | RuntimeException e) {
            opts.close();
            throw e;
        }
    }

    private static OrtTensorRTProviderOptions tensorRt(TensorRtOptions t, int deviceId) throws OrtException {
        OrtTensorRTProviderOptions o = new OrtTensorRTProviderOptions(deviceId);
        o.add("trt_fp16_enable", t.fp16() ? "1" : "0");
        if (t.engineCache()) {
            o.add("trt_engine_cache_enable", "1");
            o.add("trt_engine_cache_path", t.engineCachePath());
            o.add("trt_timing_cache_enable", "1");
            o.add("trt_timing_cache_path", t.engineCachePath());
        }
        if (t.dlaCore() >= 0) {
            o.add("trt_dla_enable", "1");
            o.add("trt_dla_core", Integer.toString(t.dlaCore()));
        }
        if (t.workspaceBytes() > 0) {
            o.add("trt_max_workspace_size", Long.toString(t.workspaceBytes()));
        }
        return o;
    }

    private String nextAfter(ExecutionProvider p) {
        List<ExecutionProvider> order = config.executionProviders();
        for (int i = order.indexOf(p) + 1; i < order.size(); i++) {
            ExecutionProvider next = order.get(i);
            if (next == ExecutionProvider.CPU) {
                return "cpu";
            }
            OrtProvider ort = next == ExecutionProvider.CUDA ? OrtProvider.CUDA : OrtProvider.TENSOR_RT;
            if (OrtEnvironment.getAvailableProviders().contains(ort)) {
                return next.json();
            }
        }
        return "cpu";
    }

    private void note(String line) {
        notes.add(line);
        LOG.warn(line);
    }

    private static String names(EnumSet<OrtProvider> ps) {
        List<String> n = new ArrayList<>();
        for (OrtProvider p : ps) {
            n.add(p.getName());
        }
        return n.toString();
    }

    static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return (nl > 0 ? s.substring(0, nl) : s).trim();
    }
}
