package dev.trident.trainer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the one numerics setting training depends on outside Java: on a CPU with AVX-512, the
 * oneDNN 3.7 inside libtorch 2.7.1 chose AVX-512 convolution kernels that, with two threads on
 * AMD Zen 5, gave wrong gradients (differences of 10²–10³ between identical backward passes) and
 * NaN every few dozen training steps; capped at AVX2 by the environment variable
 * {@code ONEDNN_MAX_CPU_ISA=AVX2} (read once, when libtorch starts), every repeated pass is
 * bit-identical. The {@code ./trident} launcher and the test configuration set it. Stateless;
 * thread-safe.
 */
public final class OneDnnIsa {
    /** The variable and the value Trident runs with. */
    public static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    public static final String SAFE = "AVX2";

    private OneDnnIsa() {
    }

    /** A one-line warning when the CPU has AVX-512 and oneDNN's ISA is not capped; empty otherwise. */
    public static Optional<String> warning(Map<String, String> env, Path cpuinfo) {
        if (env.containsKey(VARIABLE) || env.containsKey("DNNL_MAX_CPU_ISA")) {
            return Optional.empty();
        }
        String flags;
        try {
            flags = Files.isReadable(cpuinfo) ? Files.readString(cpuinfo) : "";
        } catch (IOException e) {
            flags = "";
        }
        if (!flags.contains(" avx512f")) {
            return Optional.empty();
        }
        return Optional.of("warning: this CPU has AVX-512 and " + VARIABLE + " is not set: oneDNN's AVX-512 convolution "
                + "kernels gave wrong gradients and NaN in training here; run through ./trident or export "
                + VARIABLE + "=" + SAFE + " (docs/training.md#numerics)");
    }

    /** {@link #warning(Map, Path)} for this process. */
    public static Optional<String> warning() {
        return warning(System.getenv(), Path.of("/proc/cpuinfo"));
    }
}
