package dev.trident.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * The load generator's accounting with a pipeline whose service time the test controls (a sleep),
 * so the expected latencies are known from the schedule alone. Machine load can only make the
 * measured latencies longer, so every bound here is one that load cannot break.
 */
class LoadGeneratorTest {
    private static FrameSet frames;

    @BeforeAll
    static void frames() {
        frames = FrameSet.synthetic(64, 48, 2);
    }

    @AfterAll
    static void release() {
        frames.close();
    }

    /** Sleeps {@code stallMs} on frame {@code stallAt}, {@code serviceMs} otherwise. */
    private static class SleepingPipeline implements Pipeline {
        private final long serviceMs;
        private final long stallAt;
        private final long stallMs;
        long calls;

        SleepingPipeline(long serviceMs, long stallAt, long stallMs) {
            this.serviceMs = serviceMs;
            this.stallAt = stallAt;
            this.stallMs = stallMs;
        }

        @Override
        public List<String> stages() {
            return List.of("work");
        }

        @Override
        public void process(Mat image, long seq, long arrivalNanos, long[] stageNanos) throws InterruptedException {
            long t0 = System.nanoTime();
            calls++;
            Thread.sleep(seq == stallAt ? stallMs : serviceMs);
            stageNanos[0] = System.nanoTime() - t0;
        }

        @Override
        public SetupTimes setup() {
            return new SetupTimes(0, -1);
        }

        @Override
        public List<String> notes() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aStallCountsAgainstEveryFrameItDelayed() throws InterruptedException {
        // 50 fps for 1.2 s, frame 10 stalls 400 ms: the ~20 frames arriving meanwhile wait (queue large enough)
        SleepingPipeline p = new SleepingPipeline(0, 10, 400);
        BenchReport.Phase r = LoadGenerator.openLoop(p, frames, Duration.ofMillis(1200), 50, 1000, 100_000_000L, null);

        assertThat(r.offered()).isEqualTo(60);
        assertThat(r.processed()).isEqualTo(60);
        assertThat(r.dropped()).isZero();
        assertThat(r.errors()).isZero();
        // frame 10 + (its followers arriving in the first 300 ms of the stall, each waiting ≥ 100 ms): ≥ 15 misses;
        // a closed-loop timer would have counted one slow frame only
        assertThat(r.deadlineMisses()).isGreaterThanOrEqualTo(15);
        assertThat(r.latencyMs().max()).isGreaterThanOrEqualTo(400);
        // 16/60 frames over 100 ms puts p75 there
        assertThat(r.latencyMs().p90()).isGreaterThanOrEqualTo(100);
        assertThat(r.latencyMs().p50()).isLessThanOrEqualTo(r.latencyMs().p99());
        assertThat(r.stages()).singleElement().satisfies(s -> assertThat(s.count()).isEqualTo(60));
    }

    @Test
    void aFullQueueDropsFramesInsteadOfQueueingForever() throws InterruptedException {
        SleepingPipeline p = new SleepingPipeline(0, 5, 1500);
        BenchReport.Phase r = LoadGenerator.openLoop(p, frames, Duration.ofMillis(2000), 50, 2, 1_000_000_000L, null);

        assertThat(r.offered()).isEqualTo(100);
        assertThat(r.processed() + r.dropped()).isEqualTo(100);
        // ~75 arrivals during the stall, 2 may wait (a scheduler thread delayed by machine load offers some later,
        // so the bound leaves room for that)
        assertThat(r.dropped()).isGreaterThanOrEqualTo(20);
        assertThat(p.calls).isEqualTo(r.processed());
    }

    @Test
    void closedLoopRunsBackToBackAndMeasuresServiceTime() throws InterruptedException {
        SleepingPipeline p = new SleepingPipeline(5, -1, 0);
        BenchReport.Phase r = LoadGenerator.closedLoop(p, frames, Duration.ofMillis(500), 1_000_000_000L);

        assertThat(r.processed()).isPositive().isEqualTo(p.calls);
        assertThat(r.throughputFps()).isLessThanOrEqualTo(1000.0 / 5 + 1);
        assertThat(r.latencyMs().min()).isGreaterThanOrEqualTo(4.9);
        assertThat(r.dropped()).isZero();
        assertThat(r.allocBytesPerFrame()).isNotNegative();
    }

    @Test
    void errorsAreCountedAndTheRunGoesOn() throws InterruptedException {
        Pipeline failing = new SleepingPipeline(1, -1, 0) {
            @Override
            public void process(Mat image, long seq, long arrivalNanos, long[] stageNanos) throws InterruptedException {
                if (seq % 2 == 1) {
                    throw new IllegalStateException("frame " + seq + " is odd");
                }
                super.process(image, seq, arrivalNanos, stageNanos);
            }
        };
        BenchReport.Phase r = LoadGenerator.openLoop(failing, frames, Duration.ofMillis(400), 50, 4, 1_000_000_000L, null);

        assertThat(r.errors()).isEqualTo(10);
        assertThat(r.processed()).isEqualTo(10);
        assertThat(r.firstError()).contains("is odd");
    }
}
