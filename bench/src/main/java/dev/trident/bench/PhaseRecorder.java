package dev.trident.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Records one load phase: per-frame latency and per-stage times in HdrHistograms (3 significant
 * digits, 1 µs to 10 min), counts of frames, misses and errors. Recording allocates nothing.
 *
 * <p>Threading: written by the pipeline thread only; read after that thread has been joined.
 * {@link #processedSoFar()} may be read from any thread.
 */
final class PhaseRecorder {
    static final long LOWEST = 1_000L;
    static final long HIGHEST = 600_000_000_000L;

    final List<String> stageNames;
    final Histogram latency = newHistogram();
    final Histogram[] stages;
    final long[] stageSum;
    private final long budgetNanos;
    long processed;
    long errors;
    long deadlineMisses;
    String firstError;
    private volatile long processedSoFar;

    PhaseRecorder(List<String> stageNames, long budgetNanos) {
        this.stageNames = List.copyOf(stageNames);
        this.budgetNanos = budgetNanos;
        this.stages = new Histogram[stageNames.size()];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = newHistogram();
        }
        this.stageSum = new long[stageNames.size()];
    }

    static Histogram newHistogram() {
        return new Histogram(LOWEST, HIGHEST, 3);
    }

    /** One frame done: its latency and its stage times (−1 = stage did not run). */
    void frameDone(long latencyNanos, long[] stageNanos) {
        latency.recordValue(clamp(latencyNanos));
        if (latencyNanos > budgetNanos) {
            deadlineMisses++;
        }
        for (int i = 0; i < stages.length; i++) {
            long s = stageNanos[i];
            if (s >= 0) {
                stages[i].recordValue(clamp(s));
                stageSum[i] += s;
            }
        }
        processedSoFar = ++processed;
    }

    /** One frame failed. */
    void error(Throwable e) {
        errors++;
        if (firstError == null) {
            firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    long processedSoFar() {
        return processedSoFar;
    }

    static long clamp(long v) {
        return Math.max(LOWEST, Math.min(HIGHEST, v));
    }

    /** Latency summary of a histogram in milliseconds (null for an empty one). */
    static BenchReport.Latency summary(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return null;
        }
        return new BenchReport.Latency(h.getTotalCount(), ms(h.getMinValue()), h.getMean() / 1e6, ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    List<BenchReport.Stage> stageSummaries() {
        List<BenchReport.Stage> out = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            Histogram h = stages[i];
            long n = h.getTotalCount();
            out.add(new BenchReport.Stage(stageNames.get(i), n, n == 0 ? 0 : h.getMean() / 1e6, ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), processed == 0 ? 0 : stageSum[i] / 1e6 / processed));
        }
        return out;
    }

    /** Latency by percentile on a log scale of 1/(1−p) (as HdrHistogram's plots), up to the max. */
    List<BenchReport.Point> distribution() {
        List<BenchReport.Point> out = new ArrayList<>();
        if (latency.getTotalCount() == 0) {
            return out;
        }
        double[] base = {0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96, 97, 97.5, 98, 98.5, 99, 99.25, 99.5, 99.6, 99.7,
            99.75, 99.8, 99.85, 99.9, 99.925, 99.95, 99.96, 99.97, 99.975, 99.98, 99.99, 99.995, 99.999};
        // only percentiles the sample can resolve: 1/(1−p) ≤ count
        for (double p : base) {
            if (p > 0 && 1 / (1 - p / 100) > latency.getTotalCount()) {
                break;
            }
            out.add(new BenchReport.Point(p, ms(latency.getValueAtPercentile(p))));
        }
        out.add(new BenchReport.Point(100, ms(latency.getMaxValue())));
        return out;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
