package dev.trident.runtime.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import dev.trident.runtime.config.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one ONNX Runtime environment. When Trident creates it, it gets global thread
 * pools that every session shares: an engine keeps one session per head subset, and with a pool
 * per session the idle pools of the subsets not running spin on the cores the running one needs
 * (measured: depth at half rate was slower than every head every frame). When something else
 * created the environment first (DJL does), sessions fall back to their own pools.
 *
 * <p>The first engine's {@link Threads} settings size the global pools for the whole process.
 * Thread-safe.
 */
public final class OrtEnvironments {
    private static final Logger LOG = LoggerFactory.getLogger(OrtEnvironments.class);
    private static OrtEnvironment env;
    private static boolean globalPools;
    private static Threads poolSettings;

    private OrtEnvironments() {
    }

    /** The environment, created with global pools sized by {@code threads} if it does not exist yet. */
    public static synchronized OrtEnvironment get(Threads threads) {
        if (env == null) {
            try (OrtEnvironment.ThreadingOptions t = new OrtEnvironment.ThreadingOptions()) {
                if (threads.intraOp() > 0) {
                    t.setGlobalIntraOpNumThreads(threads.intraOp());
                }
                if (threads.interOp() > 0) {
                    t.setGlobalInterOpNumThreads(threads.interOp());
                }
                t.setGlobalSpinControl(threads.spin());
                env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "trident", t);
                globalPools = true;
                poolSettings = threads;
            } catch (IllegalStateException | OrtException e) {
                // created elsewhere before us (e.g. by DJL): sessions keep their own pools
                env = OrtEnvironment.getEnvironment();
                globalPools = false;
            }
        } else if (globalPools && !threads.equals(poolSettings)) {
            LOG.warn("ONNX Runtime's shared thread pools were sized by the first engine ({}); this engine's {} is not applied",
                    poolSettings, threads);
        }
        return env;
    }

    /** Whether sessions must use the environment's global pools (and not create their own). */
    public static synchronized boolean globalPools() {
        return globalPools;
    }
}
