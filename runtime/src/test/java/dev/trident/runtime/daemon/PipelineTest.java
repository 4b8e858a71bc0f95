package dev.trident.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trident.runtime.TestModels;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ShedRule;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.source.FrameSource;
import dev.trident.runtime.source.FrameSources;
import dev.trident.runtime.source.SourceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-time path with a real engine and real frames: latest-wins hand-over, ring, backpressure, shedding. */
class PipelineTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }

    @Test
    void mailboxHandsOverTheLatestFrameAndCountsTheOverwritten() throws Exception {
        LatestFrameMailbox box = new LatestFrameMailbox();
        try {
            for (int i = 0; i < 3; i++) {
                box.writeSlot().seq = i;
                box.publish();
            }
            FrameSlot s = box.take(1, TimeUnit.SECONDS);
            assertThat(s.seq()).isEqualTo(2);
            assertThat(box.dropped()).isEqualTo(2);
            assertThat(box.take(10, TimeUnit.MILLISECONDS)).as("nothing newer").isNull();
            box.writeSlot().seq = 3;
            box.publish();
            box.close();
            assertThat(box.take(1, TimeUnit.SECONDS).seq()).as("a waiting frame is drained after close").isEqualTo(3);
            assertThat(box.take(1, TimeUnit.SECONDS)).isNull();
        } finally {
            box.releaseBuffers();
        }
    }

    @Test
    void fullRingHandsOutTheSpareAndCountsItAsDropped() throws Exception {
        Path model = GeneratedModel.write(dir.resolve("ring.onnx"), GeneratedModel.Spec.tiny());
        try (Engine engine = Engine.open(model, DeviceConfig.defaults().withWarmupRuns(0))) {
            ResultRing ring = new ResultRing(2, engine::newResult);
            ResultSlot a = ring.claim();
            ring.publish(a);
            ResultSlot b = ring.claim();
            assertThat(b).isNotSameAs(a);
            ring.publish(b);
            ResultSlot spare = ring.claim();
            ring.publish(spare);
            assertThat(ring.dropped()).isEqualTo(1);
            assertThat(ring.backlog()).isEqualTo(2);
            assertThat(ring.poll(1, TimeUnit.SECONDS)).isSameAs(a);
            ring.release();
            assertThat(ring.claim()).as("a released slot is reused").isSameAs(a);
        }
    }

    @Test
    void aSourceFasterThanInferenceYieldsDropsNotGrowingLatency() throws Exception {
        // the demo-size model is slower than decoding the real frames as fast as possible
        Path model = GeneratedModel.write(dir.resolve("demo.onnx"), GeneratedModel.Spec.demo());
        FrameSource source = FrameSources.open(TestModels.realFrames().toString(),
                SourceOptions.defaults().withLoop(true).withRealtime(false));
        try (Engine engine = Engine.open(model, DeviceConfig.defaults().withWarmupRuns(1))) {
            PipelineMetrics metrics = new PipelineMetrics();
            Pipeline p = new Pipeline(source, engine, metrics, null, 8);
            LatencyWindow processing = new LatencyWindow(4096);
            p.addSink(s -> processing.record(s.publishNanos(), s.processingNanos()));
            long t0 = System.nanoTime();
            p.start();
            while (p.processed() < 20 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(20);
            }
            long mid = System.nanoTime();
            Thread.sleep(Math.max(1000, (mid - t0) / 1_000_000));
            long end = System.nanoTime();
            p.stop();
            assertThat(p.awaitTermination(Duration.ofSeconds(10))).isTrue();
            p.releaseBuffers();

            LatencyWindow lat = p.latencies();
            double firstHalf = lat.percentileNanos(50, t0);
            double secondHalf = lat.percentileNanos(50, mid);
            double proc95 = processing.percentileNanos(95, t0);
            System.out.printf("backpressure: captured %d, processed %d, dropped %d; latency p50 %.1f ms (whole run) %.1f ms "
                            + "(second half), processing p95 %.1f ms%n", p.captured(), p.processed(), p.mailboxDropped(),
                    firstHalf / 1e6, secondHalf / 1e6, proc95 / 1e6);
            assertThat(p.state()).isEqualTo(Pipeline.State.STOPPED);
            assertThat(p.mailboxDropped()).as("frames the inference thread could not keep up with").isPositive();
            assertThat(p.captured()).isGreaterThan(p.processed());
            // latest wins: a frame waits at most about one processing time, however long the run
            assertThat(lat.percentileNanos(95, mid)).isLessThan(3 * proc95 + 50e6);
            assertThat(secondHalf).isLessThan(1.5 * firstHalf + 30e6);
            assertThat(end).isGreaterThan(mid);
        }
    }

    @Test
    void shedderSlowsOptionalHeadsOverBudgetAndRestoresWithHysteresis() throws Exception {
        Path model = GeneratedModel.write(dir.resolve("shed.onnx"), GeneratedModel.Spec.tiny());
        try (Engine engine = Engine.open(model, DeviceConfig.defaults().withWarmupRuns(0))) {
            LatencyWindow w = new LatencyWindow(64);
            PipelineMetrics metrics = new PipelineMetrics();
            long t = 1_000_000_000L;
            LoadShedder shedder = new LoadShedder(engine.schedule(),
                    List.of(new ShedRule("depth", 4), new ShedRule("segmentation", 2), new ShedRule("no-such-head", 3)),
                    100, 95, 0.7, w, metrics, t);
            assertThat(shedder.rules()).extracting(ShedRule::head).containsExactly("depth", "segmentation");
            t = feed(w, t, 150);
            shedder.check(t);
            assertThat(engine.schedule().every("depth")).isEqualTo(4);
            assertThat(engine.schedule().every("segmentation")).isEqualTo(1);
            t = feed(w, t, 150);
            shedder.check(t);
            assertThat(engine.schedule().every("segmentation")).isEqualTo(2);
            assertThat(shedder.level()).isEqualTo(2);
            t = feed(w, t, 150);
            shedder.check(t);
            assertThat(shedder.level()).as("nothing left to shed").isEqualTo(2);
            t = feed(w, t, 85); // under budget but above 70 % of it: hold
            shedder.check(t);
            assertThat(shedder.level()).isEqualTo(2);
            t = feed(w, t, 40);
            shedder.check(t);
            assertThat(engine.schedule().every("segmentation")).isEqualTo(1);
            assertThat(engine.schedule().every("depth")).isEqualTo(4);
            t = feed(w, t, 40);
            shedder.check(t);
            assertThat(engine.schedule().every("depth")).isEqualTo(1);
            assertThat(shedder.level()).isZero();
            String scrape = metrics.scrape();
            assertThat(scrape).contains("trident_shed_events_total{action=\"shed\",head=\"depth\"} 1.0")
                    .contains("trident_shed_events_total{action=\"restore\",head=\"segmentation\"} 1.0")
                    .contains("trident_shed_level 0.0");
        }
    }

    /** Records 10 latencies of {@code ms} after {@code t}; returns the time after them. */
    private static long feed(LatencyWindow w, long t, double ms) {
        for (int i = 0; i < 10; i++) {
            t += 10_000_000L;
            w.record(t, (long) (ms * 1e6));
        }
        return t + 1;
    }
}
