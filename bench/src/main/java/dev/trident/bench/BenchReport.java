package dev.trident.bench;

import java.util.List;

/**
 * The bench report, schema {@value #SCHEMA}: what ran where, and per mode the open-loop and
 * closed-loop figures, plus the headline ratios. Written as JSON by {@link ReportWriter}; every
 * field is documented in docs/performance.md ("Latency harness"). Times are milliseconds unless a
 * name says otherwise; a null number means "not measured".
 *
 * <p>Immutable values; thread-safe.
 */
public record BenchReport(String schema, String createdAt, String command, Machine machine, Jvm jvm, ModelInfo model,
                          SourceInfo source, Settings settings, List<ModeResult> modes, List<Ratio> ratios, List<String> notes) {

    /** The schema identifier; bumped on any incompatible change. */
    public static final String SCHEMA = "trident-bench/1";

    public BenchReport {
        modes = List.copyOf(modes);
        ratios = List.copyOf(ratios);
        notes = List.copyOf(notes);
    }

    /** The mode result by its command-line name. */
    public java.util.Optional<ModeResult> mode(String name) {
        return modes.stream().filter(m -> m.mode().equals(name)).findFirst();
    }

    /** @param loadAverageStart1m / loadAverageEnd1m the 1-minute load average when the run started / ended */
    public record Machine(String cpuModel, int cores, String os, String arch, double loadAverageStart1m, double loadAverageEnd1m,
                          long memoryTotalMb) {
    }

    public record Jvm(String version, String vendor, String vm, List<String> garbageCollectors, long maxHeapMb) {
    }

    /**
     * @param generated   true when the bench wrote the generated (untrained) demo model itself
     * @param singleTask  where the single-task models came from
     */
    public record ModelInfo(String path, String name, boolean generated, String description, int inputWidth, int inputHeight,
                            List<String> heads, String singleTask) {
    }

    /** @param decodeMs per-frame image decode times of the decode-ahead (null for synthetic frames) */
    public record SourceInfo(String spec, String description, int frames, int width, int height, Latency decodeMs) {
    }

    /**
     * @param closedRounds the closed-loop time per mode was split into this many rounds, modes taking turns
     * @param timer what a latency covers: from which instant to which
     */
    public record Settings(double fps, double durationS, double closedDurationS, int closedRounds, double warmupS, double budgetMs, int queue,
                           boolean soak, String providers, String timer) {
    }

    /**
     * One mode.
     *
     * @param status  {@code ok}, {@code skipped} (cannot run here: see reason) or {@code failed}
     */
    public record ModeResult(String mode, String description, String status, String reason, Double sessionCreateMs,
                             Double firstInferenceMs, List<String> notes, Phase openLoop, Phase closedLoop, Soak soak) {
        public boolean ok() {
            return "ok".equals(status);
        }
    }

    /**
     * One load phase of one mode.
     *
     * @param load               {@code open-loop} or {@code closed-loop}
     * @param offered            frames that arrived (open loop) or were started (closed loop)
     * @param dropped            frames pushed out of the waiting queue before they were processed
     * @param deadlineMisses     processed frames whose latency exceeded the budget
     * @param throughputFps      processed frames per second of the phase
     * @param latencyMs          per-frame latency: open loop from the frame's scheduled arrival, closed loop from its start
     * @param stages             per-stage times (count = frames the stage ran on)
     * @param otherMeanMs        mean latency not covered by the stages (queueing, framework overhead)
     * @param allocBytesPerFrame heap bytes the pipeline thread allocated per processed frame
     * @param cpuPercent         process CPU time over wall time (100 = one core busy)
     * @param schedulerLagMs     open loop: how late the scheduler offered frames (counted in latency anyway)
     * @param distribution       latency by percentile, for plots
     */
    public record Phase(String load, double durationS, long offered, long processed, long dropped, long deadlineMisses, long errors,
                        String firstError, double throughputFps, Latency latencyMs, List<Stage> stages, double otherMeanMs,
                        long gcCount, double gcTimeMs, double allocBytesPerFrame, double cpuPercent, double rssMb, double peakRssMb,
                        Latency schedulerLagMs, List<Point> distribution) {
    }

    public record Latency(long count, double min, double mean, double p50, double p90, double p99, double p999, double max) {
    }

    /** @param meanPerFrameMs the stage's total time over all processed frames (stacks up to the mean latency) */
    public record Stage(String name, long count, double meanMs, double p50Ms, double p99Ms, double maxMs, double meanPerFrameMs) {
    }

    public record Point(double percentile, double ms) {
    }

    /**
     * Soak figures of one mode's open-loop phase.
     *
     * @param rssGrowthMb         RSS of the last quarter of samples minus that of the first quarter (medians)
     * @param rssSlopeMbPerHour   least-squares RSS trend over the samples after the first tenth
     * @param heapAfterGcGrowthMb live heap (after the last GC) growth, last quarter minus first quarter (medians)
     */
    public record Soak(double intervalS, List<SoakSample> samples, double rssGrowthMb, double rssSlopeMbPerHour,
                       double heapAfterGcGrowthMb, double allocPerFrameFirst, double allocPerFrameLast, double allocPerFrameMedian,
                       double allocPerFrameMax) {
    }

    public record SoakSample(double tS, double rssMb, double heapUsedMb, double heapAfterGcMb, long frames, double allocBytesPerFrame) {
    }

    /**
     * @param value  null when a mode it needs did not run
     * @param met    whether the value meets the target (null without a value)
     */
    public record Ratio(String name, String definition, Double value, String target, Boolean met, String note) {
    }
}
