package dev.trident.bench;

import dev.trident.runtime.config.DeviceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one bench run is told. Immutable value; thread-safe.
 *
 * @param model          the multi-head model; null = write the generated demo model into the report folder
 * @param generatedSpec  which generated model to write when {@code model} is null
 * @param source         frame source spec ({@code synthetic}, an image folder, a glob, an image or a video)
 * @param maxFrames      frames decoded ahead into memory (cycled during the run)
 * @param fps            camera rate of the open-loop schedule
 * @param duration       measured time per mode of the open-loop phase
 * @param closedDuration measured time per mode of the closed-loop (max throughput) phase; zero = skip it
 * @param closedRounds   the closed-loop time is split into this many rounds in which the modes take turns
 * @param warmup         unrecorded warm-up per mode before its measured phases
 * @param budget         per-frame latency budget; a frame over it is a deadline miss
 * @param queueCapacity  frames that may wait for the pipeline; an arrival beyond it drops the oldest waiting frame
 * @param modes          modes to run, in order
 * @param singleTask     existing single-task models (one per head); empty = derive them by pruning
 * @param reportDir      where the report, plots and derived models go
 * @param soak           sample RSS, heap and allocation over the open-loop phase (leak check)
 * @param soakInterval   time between soak samples
 * @param deviceConfig   execution providers, threads, graph optimisation
 * @param command        the command line that made this run, for the report
 */
public record BenchSettings(Path model, dev.trident.runtime.demo.GeneratedModel.Spec generatedSpec, String source, int maxFrames,
                            double fps, Duration duration, Duration closedDuration, int closedRounds, Duration warmup, Duration budget,
                            int queueCapacity, List<Mode> modes, List<Path> singleTask, Path reportDir, boolean soak,
                            Duration soakInterval, DeviceConfig deviceConfig, String command) {

    public BenchSettings {
        if (!(fps > 0) || fps > 10_000) {
            throw new IllegalArgumentException("--fps must be between 0 and 10000 frames per second, got " + fps);
        }
        requirePositive("--duration", duration);
        if (closedDuration == null || closedDuration.isNegative()) {
            throw new IllegalArgumentException("--closed-duration must be ≥ 0 (0 skips the closed-loop phase)");
        }
        if (closedRounds < 1) {
            throw new IllegalArgumentException("--closed-rounds must be at least 1, got " + closedRounds);
        }
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must be ≥ 0");
        }
        requirePositive("--budget-ms", budget);
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("--queue must be at least 1 frame, got " + queueCapacity);
        }
        if (maxFrames < 1) {
            throw new IllegalArgumentException("--frames must be at least 1, got " + maxFrames);
        }
        if (modes == null || modes.isEmpty()) {
            throw new IllegalArgumentException("no bench mode given; use --modes all or a comma list of " + Mode.names());
        }
        modes = List.copyOf(modes);
        singleTask = singleTask == null ? List.of() : List.copyOf(singleTask);
        if (reportDir == null) {
            throw new IllegalArgumentException("--report DIR is required: the folder the report is written to");
        }
        if (soak) {
            requirePositive("--soak-interval", soakInterval);
        }
        if (source == null || source.isBlank()) {
            source = "synthetic";
        }
        if (generatedSpec == null) {
            generatedSpec = dev.trident.runtime.demo.GeneratedModel.Spec.demo();
        }
        if (deviceConfig == null) {
            deviceConfig = DeviceConfig.defaults();
        }
        if (command == null) {
            command = "";
        }
    }

    /** The open-loop frame period, nanoseconds. */
    public double periodNanos() {
        return 1e9 / fps;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
