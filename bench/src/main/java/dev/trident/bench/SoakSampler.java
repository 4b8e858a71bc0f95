package dev.trident.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples RSS, heap and the pipeline thread's allocation at a fixed interval during an open-loop
 * phase, and turns the samples into a leak verdict: RSS and live-heap growth, and whether the
 * per-frame allocation stays at its steady value.
 *
 * <p>Threading: {@link #start} and {@link #stop} from the thread running the phase; the sampling
 * runs on its own daemon thread; {@link #result()} after {@link #stop()}.
 */
final class SoakSampler {
    private final Duration interval;
    private final List<BenchReport.SoakSample> samples = new ArrayList<>();
    private Thread thread;
    private volatile boolean running;

    SoakSampler(Duration interval) {
        this.interval = interval;
    }

    void start(Thread worker, PhaseRecorder rec) {
        running = true;
        long t0 = System.nanoTime();
        thread = new Thread(() -> {
            long lastAlloc = -1;
            long lastFrames = 0;
            long next = t0;
            while (running) {
                long now = System.nanoTime();
                if (now < next) {
                    java.util.concurrent.locks.LockSupport.parkNanos(Math.min(next - now, 50_000_000L));
                    continue;
                }
                next += interval.toNanos();
                long alloc = ProcessMetrics.allocatedBytes(worker.getId());
                long frames = rec.processedSoFar();
                double perFrame = lastAlloc < 0 || alloc < 0 || frames == lastFrames ? Double.NaN
                        : (double) (alloc - lastAlloc) / (frames - lastFrames);
                if (alloc >= 0 && worker.isAlive()) {
                    lastAlloc = alloc;
                    lastFrames = frames;
                }
                synchronized (samples) {
                    samples.add(new BenchReport.SoakSample((now - t0) / 1e9, ProcessMetrics.rssBytes() / 1048576.0,
                            ProcessMetrics.heapUsed() / 1048576.0, ProcessMetrics.heapAfterLastGc() / 1048576.0, frames,
                            Double.isNaN(perFrame) ? -1 : perFrame));
                }
            }
        }, "bench-soak-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join();
        }
    }

    BenchReport.Soak result() {
        List<BenchReport.SoakSample> s;
        synchronized (samples) {
            s = List.copyOf(samples);
        }
        double[] rss = s.stream().mapToDouble(BenchReport.SoakSample::rssMb).toArray();
        double[] live = s.stream().mapToDouble(BenchReport.SoakSample::heapAfterGcMb).toArray();
        double[] alloc = s.stream().mapToDouble(BenchReport.SoakSample::allocBytesPerFrame).filter(v -> v >= 0).toArray();
        double[] t = s.stream().mapToDouble(BenchReport.SoakSample::tS).toArray();
        return new BenchReport.Soak(interval.toMillis() / 1000.0, s, quarterGrowth(rss), slopePerHour(t, rss), quarterGrowth(live),
                alloc.length == 0 ? -1 : alloc[0], alloc.length == 0 ? -1 : alloc[alloc.length - 1], median(alloc),
                alloc.length == 0 ? -1 : Arrays.stream(alloc).max().orElse(-1));
    }

    /** Median of the last quarter minus median of the first quarter (0 with fewer than 4 samples). */
    static double quarterGrowth(double[] v) {
        if (v.length < 4) {
            return 0;
        }
        int q = v.length / 4;
        return median(Arrays.copyOfRange(v, v.length - q, v.length)) - median(Arrays.copyOfRange(v, 0, q));
    }

    /** Least-squares slope per hour of {@code v} over {@code t} seconds, skipping the first tenth (warm-up growth). */
    static double slopePerHour(double[] t, double[] v) {
        int from = t.length / 10;
        int n = t.length - from;
        if (n < 3) {
            return 0;
        }
        double mt = 0;
        double mv = 0;
        for (int i = from; i < t.length; i++) {
            mt += t[i];
            mv += v[i];
        }
        mt /= n;
        mv /= n;
        double num = 0;
        double den = 0;
        for (int i = from; i < t.length; i++) {
            num += (t[i] - mt) * (v[i] - mv);
            den += (t[i] - mt) * (t[i] - mt);
        }
        return den == 0 ? 0 : num / den * 3600;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return -1;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
