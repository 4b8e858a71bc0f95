package dev.trident.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives a {@link Pipeline} with frames and measures it.
 *
 * <p><b>Open loop</b>: a scheduler thread offers frame i at {@code t0 + i/fps} into an
 * {@link ArrivalQueue}, whatever the pipeline is doing; the pipeline thread takes the oldest
 * waiting frame. Latency of frame i = time its result was published − its <em>scheduled</em>
 * arrival, so a stall counts against every frame it delayed (no coordinated omission, as wrk2 and
 * HdrHistogram practice). A frame pushed out of a full queue is a drop; a latency over the budget
 * is a deadline miss. Frames still waiting when the schedule ends are processed and counted.
 *
 * <p><b>Closed loop</b>: the pipeline thread runs frames back to back for the duration; latency =
 * service time; throughput = the maximum this pipeline sustains here.
 *
 * <p>Each phase runs its pipeline thread afresh (allocation is read from that thread). Threading:
 * call from one thread; each method blocks until its phase is over.
 */
final class LoadGenerator {
    private LoadGenerator() {
    }

    /** Unrecorded closed-loop run (JIT, caches, ORT arenas). */
    static void warmup(Pipeline p, FrameSet frames, Duration d) throws InterruptedException {
        if (d.isZero()) {
            return;
        }
        closedLoop(p, frames, d, Long.MAX_VALUE);
    }

    /** A closed-loop phase; the result's {@code offered} = frames started. */
    static BenchReport.Phase closedLoop(Pipeline p, FrameSet frames, Duration d, long budgetNanos) throws InterruptedException {
        ClosedLoop c = new ClosedLoop(p, budgetNanos);
        c.round(frames, d);
        return c.phase();
    }

    /**
     * A closed-loop phase run in rounds, so several modes can take turns and machine drift hits them
     * alike; figures accumulate over the rounds. Not thread-safe: one driving thread.
     */
    static final class ClosedLoop {
        private final Pipeline p;
        private final PhaseRecorder rec;
        private long wallNanos;
        private long cpuNanos;
        private long gcCount;
        private long gcMillis;
        private long allocated;
        private long started;

        ClosedLoop(Pipeline p, long budgetNanos) {
            this.p = p;
            this.rec = new PhaseRecorder(p.stages(), budgetNanos);
        }

        /** Runs frames back to back for {@code d} more. */
        void round(FrameSet frames, Duration d) throws InterruptedException {
            long durNanos = d.toNanos();
            long first = started;
            Measured m = onPipelineThread(() -> {
                long[] st = new long[rec.stageNames.size()];
                long start = System.nanoTime();
                long i = first;
                while (System.nanoTime() - start < durNanos) {
                    Arrays.fill(st, -1);
                    long t0 = System.nanoTime();
                    try {
                        p.process(frames.get(i), i, t0, st);
                        rec.frameDone(System.nanoTime() - t0, st);
                    } catch (Exception | LinkageError e) {
                        rec.error(e);
                    }
                    i++;
                }
                return i - first;
            }, null);
            started += m.offered;
            wallNanos += m.after.wallNanos() - m.before.wallNanos();
            cpuNanos += m.after.cpuNanos() - m.before.cpuNanos();
            gcCount += m.after.gcCount() - m.before.gcCount();
            gcMillis += m.after.gcMillis() - m.before.gcMillis();
            allocated += m.after.allocatedBytes() - m.before.allocatedBytes();
        }

        BenchReport.Phase phase() {
            return LoadGenerator.phase("closed-loop", rec, wallNanos, cpuNanos, gcCount, gcMillis, allocated, started, 0, null);
        }
    }

    /** An open-loop phase at {@code fps} for {@code d}; {@code soak} (nullable) samples memory meanwhile. */
    static BenchReport.Phase openLoop(Pipeline p, FrameSet frames, Duration d, double fps, int queueCapacity, long budgetNanos,
                                      SoakSampler soak) throws InterruptedException {
        PhaseRecorder rec = new PhaseRecorder(p.stages(), budgetNanos);
        ArrivalQueue queue = new ArrivalQueue(queueCapacity);
        double period = 1e9 / fps;
        long durNanos = d.toNanos();
        long t0 = System.nanoTime() + 20_000_000L; // both threads started before the first arrival
        Histogram lag = PhaseRecorder.newHistogram();
        AtomicReference<Thread> worker = new AtomicReference<>();

        Thread scheduler = new Thread(() -> {
            for (long i = 0; ; i++) {
                long due = t0 + (long) (i * period);
                if (due - t0 >= durNanos) {
                    break;
                }
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                queue.offer(i);
                lag.recordValue(PhaseRecorder.clamp(now - due));
                LockSupport.unpark(worker.get());
            }
            queue.close();
            LockSupport.unpark(worker.get());
        }, "bench-scheduler");
        scheduler.setDaemon(true);

        long parkNanos = Math.max(50_000L, (long) (period / 4));
        Measured m = onPipelineThread(() -> {
            long[] st = new long[rec.stageNames.size()];
            while (true) {
                boolean closed = queue.isClosed();
                long i = queue.poll();
                if (i < 0) {
                    if (closed) {
                        break;
                    }
                    LockSupport.parkNanos(parkNanos);
                    continue;
                }
                Arrays.fill(st, -1);
                long arrival = t0 + (long) (i * period);
                try {
                    p.process(frames.get(i), i, arrival, st);
                    rec.frameDone(System.nanoTime() - arrival, st);
                } catch (Exception | LinkageError e) {
                    rec.error(e);
                }
            }
            return queue.offered();
        }, t -> {
            worker.set(t);
            scheduler.start();
            if (soak != null) {
                soak.start(t, rec);
            }
        });
        scheduler.join();
        if (soak != null) {
            soak.stop();
        }
        return phase("open-loop", rec, m.after.wallNanos() - m.before.wallNanos(), m.after.cpuNanos() - m.before.cpuNanos(),
                m.after.gcCount() - m.before.gcCount(), m.after.gcMillis() - m.before.gcMillis(),
                m.after.allocatedBytes() - m.before.allocatedBytes(), queue.offered(), queue.dropped(), lag);
    }

    /** What a phase's pipeline thread measured around its loop. */
    private record Measured(ProcessMetrics.Snapshot before, ProcessMetrics.Snapshot after, long offered, Throwable failure) {
    }

    private interface Loop {
        long run() throws Exception;
    }

    private interface Started {
        void accept(Thread t);
    }

    /** Runs {@code loop} on a new pipeline thread and waits for it; {@code started} runs once that thread exists. */
    private static Measured onPipelineThread(Loop loop, Started started) throws InterruptedException {
        AtomicReference<Measured> out = new AtomicReference<>();
        Thread t = new Thread(() -> {
            ProcessMetrics.Snapshot before = ProcessMetrics.snapshot();
            long offered = 0;
            Throwable failure = null;
            try {
                offered = loop.run();
            } catch (Throwable e) {
                failure = e;
            }
            out.set(new Measured(before, ProcessMetrics.snapshot(), offered, failure));
        }, "bench-pipeline");
        t.setDaemon(true);
        if (started != null) {
            started.accept(t);
        }
        t.start();
        t.join();
        Measured m = out.get();
        if (m.failure != null) {
            throw new IllegalStateException("the pipeline thread failed: " + m.failure, m.failure);
        }
        return m;
    }

    private static BenchReport.Phase phase(String load, PhaseRecorder rec, long wallNanos, long cpuNanos, long gcCount, long gcMillis,
                                           long allocated, long offered, long dropped, Histogram lag) {
        double wallS = wallNanos / 1e9;
        double cpu = wallS <= 0 ? 0 : cpuNanos / 1e9 / wallS * 100;
        double alloc = rec.processed == 0 ? 0 : (double) allocated / rec.processed;
        BenchReport.Latency lat = PhaseRecorder.summary(rec.latency);
        double stageMean = 0;
        var stages = rec.stageSummaries();
        for (BenchReport.Stage s : stages) {
            stageMean += s.meanPerFrameMs();
        }
        double other = lat == null ? 0 : Math.max(0, lat.mean() - stageMean);
        return new BenchReport.Phase(load, wallS, offered, rec.processed, dropped, rec.deadlineMisses, rec.errors, rec.firstError,
                wallS <= 0 ? 0 : rec.processed / wallS, lat, stages, other, gcCount, gcMillis, alloc, cpu, ProcessMetrics.rssBytes() / 1048576.0,
                ProcessMetrics.peakRssBytes() / 1048576.0, lag == null ? null : PhaseRecorder.summary(lag), rec.distribution());
    }
}
