package dev.trident.runtime.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * The daemon's metrics in a Micrometer Prometheus registry ({@code GET /metrics}): frame counts
 * and drops per stage, the Autoware timing trio and stage times as histograms, per-head rates and
 * runs, load-shedding events, client and ingest counters. Names are listed in
 * {@code docs/daemon.md}.
 *
 * <p>Thread-safe: Micrometer meters are; each hot-path meter is looked up once here, so recording
 * allocates nothing.
 */
public final class PipelineMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer latency;
    private final Timer processing;
    private final Timer cyclic;
    private final Timer queue;
    private final Timer preprocess;
    private final Timer inference;
    private final Counter processed;
    private final Counter failed;
    private final Counter wsSent;
    private final Counter wsDropped;
    private final Counter wsCutLag;
    private final Counter wsCutProtocol;
    private final Counter ingestAccepted;
    private final Counter ingestRejected;
    private final Counter mjpegFrames;
    private final AtomicInteger wsClients = new AtomicInteger();
    private final AtomicInteger mjpegClients = new AtomicInteger();
    private final AtomicInteger shedLevel = new AtomicInteger();

    public PipelineMetrics() {
        latency = histogram("trident.pipeline.latency", "publish time - capture time per frame (Autoware pipeline latency)");
        processing = histogram("trident.processing.time", "preprocess + inference + decode per frame (Autoware processing time)");
        cyclic = histogram("trident.cyclic.time", "time between the starts of consecutive frames' processing (Autoware cyclic time)");
        queue = histogram("trident.stage.queue", "capture -> taken by the inference thread");
        preprocess = histogram("trident.stage.preprocess", "resize + normalise into the model input");
        inference = histogram("trident.stage.inference", "ONNX Runtime run of the heads due");
        processed = Counter.builder("trident.frames.processed").description("frames through the engine").register(registry);
        failed = Counter.builder("trident.frames.failed").description("frames the engine rejected (bad frame), skipped")
                .register(registry);
        wsSent = Counter.builder("trident.ws.messages.sent").description("result messages written to WebSocket clients")
                .register(registry);
        wsDropped = Counter.builder("trident.ws.messages.dropped")
                .description("result messages dropped from a slow client's full queue (oldest first)").register(registry);
        wsCutLag = Counter.builder("trident.ws.clients.disconnected").tag("reason", "lag")
                .description("clients disconnected by the daemon").register(registry);
        wsCutProtocol = Counter.builder("trident.ws.clients.disconnected").tag("reason", "protocol")
                .description("clients disconnected by the daemon").register(registry);
        ingestAccepted = Counter.builder("trident.ingest.messages").tag("outcome", "accepted")
                .description("frames pushed to /ws/ingest").register(registry);
        ingestRejected = Counter.builder("trident.ingest.messages").tag("outcome", "rejected")
                .description("frames pushed to /ws/ingest").register(registry);
        mjpegFrames = Counter.builder("trident.mjpeg.frames").description("overlay frames encoded for /stream.mjpeg")
                .register(registry);
        Gauge.builder("trident.ws.clients", wsClients, AtomicInteger::get).description("connected /ws/results clients")
                .register(registry);
        Gauge.builder("trident.mjpeg.clients", mjpegClients, AtomicInteger::get).description("connected /stream.mjpeg clients")
                .register(registry);
        Gauge.builder("trident.shed.level", shedLevel, AtomicInteger::get)
                .description("optional heads currently shed to keep latency within budget").register(registry);
    }

    private Timer histogram(String name, String description) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** Registers the frame counters fed by the pipeline's own counters. */
    void bindPipeline(LatestFrameMailbox mailbox, ResultRing ring) {
        FunctionCounter.builder("trident.frames.captured", mailbox, LatestFrameMailbox::published)
                .description("frames read from the source").register(registry);
        FunctionCounter.builder("trident.frames.dropped", mailbox, LatestFrameMailbox::dropped).tag("stage", "mailbox")
                .description("frames dropped: overwritten by a newer frame before inference took them (mailbox), "
                        + "or processed while the publisher was a full ring behind (ring)").register(registry);
        FunctionCounter.builder("trident.frames.dropped", ring, ResultRing::dropped).tag("stage", "ring")
                .description("frames dropped: overwritten by a newer frame before inference took them (mailbox), "
                        + "or processed while the publisher was a full ring behind (ring)").register(registry);
    }

    /** Registers a gauge or counter computed from {@code obj} on each scrape. */
    public <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> f, String... tags) {
        Gauge.builder(name, obj, f).description(description).tags(tags).register(registry);
    }

    public <T> void counter(String name, String description, T obj, ToDoubleFunction<T> f, String... tags) {
        FunctionCounter.builder(name, obj, f).description(description).tags(tags).register(registry);
    }

    /** Registers per-head meters: current rate and runs. */
    void bindHeads(List<String> heads, java.util.function.ToIntFunction<String> every, Counter[] runs) {
        for (int i = 0; i < heads.size(); i++) {
            String h = heads.get(i);
            Gauge.builder("trident.head.every", () -> every.applyAsInt(h)).tag("head", h)
                    .description("the head runs on every n-th frame (0 = off); raised while shed").register(registry);
            runs[i] = Counter.builder("trident.head.runs").tag("head", h).description("frames the head ran on").register(registry);
        }
    }

    /** Counts a shed or restore step of a head. */
    void shedEvent(String head, boolean shed, int level) {
        Counter.builder("trident.shed.events").tag("head", head).tag("action", shed ? "shed" : "restore")
                .description("load-shedding steps: a head slowed down (shed) or back to its configured rate (restore)")
                .register(registry).increment();
        shedLevel.set(level);
    }

    void frame(ResultSlot s) {
        processed.increment();
        latency.record(s.latencyNanos(), TimeUnit.NANOSECONDS);
        processing.record(s.processingNanos(), TimeUnit.NANOSECONDS);
        if (s.cyclicNanos() > 0) {
            cyclic.record(s.cyclicNanos(), TimeUnit.NANOSECONDS);
        }
        queue.record(s.queueNanos(), TimeUnit.NANOSECONDS);
        preprocess.record(s.result().preprocessNanos(), TimeUnit.NANOSECONDS);
        if (s.result().inferenceNanos() > 0) {
            inference.record(s.result().inferenceNanos(), TimeUnit.NANOSECONDS);
        }
    }

    void frameFailed() {
        failed.increment();
    }

    public void wsClientConnected() {
        wsClients.incrementAndGet();
    }

    public void wsClientDisconnected() {
        wsClients.decrementAndGet();
    }

    public void wsSent() {
        wsSent.increment();
    }

    public void wsDropped() {
        wsDropped.increment();
    }

    /** A client cut off: for lagging ({@code lag}) or for a bad message ({@code protocol}). */
    public void wsCut(boolean lag) {
        (lag ? wsCutLag : wsCutProtocol).increment();
    }

    public void ingest(boolean accepted) {
        (accepted ? ingestAccepted : ingestRejected).increment();
    }

    public void mjpegClients(int delta) {
        mjpegClients.addAndGet(delta);
    }

    public void mjpegFrame() {
        mjpegFrames.increment();
    }

    public double wsDroppedCount() {
        return wsDropped.count();
    }

    public double wsCutLagCount() {
        return wsCutLag.count();
    }

    public double wsCutProtocolCount() {
        return wsCutProtocol.count();
    }

    public double failedCount() {
        return failed.count();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
