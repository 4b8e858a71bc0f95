package dev.trident.runtime.daemon;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DaemonConfig;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.server.DaemonServer;
import dev.trident.runtime.server.MjpegHub;
import dev.trident.runtime.server.ResultsHub;
import dev.trident.runtime.source.FrameSource;
import dev.trident.runtime.source.SourceState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-vehicle daemon assembled: a frame source and an engine run by the {@link Pipeline}, its
 * results served by the {@link DaemonServer} ({@code /ws/results}, {@code /health},
 * {@code /metrics}, {@code /api/config}, {@code /stream.mjpeg}, the viewer, {@code /ws/ingest}),
 * and the {@link LoadShedder} holding the latency budget. The daemon owns the source and the
 * engine it is given and closes them.
 *
 * <p>Threading: {@link #start}, {@link #close()} and {@link #awaitEnd} from control threads
 * ({@code close} is idempotent and safe from a shutdown hook while another thread waits in
 * {@code awaitEnd}); status methods from any thread.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final FrameSource source;
    private final Engine engine;
    private final DeviceConfig config;
    private final DaemonConfig settings;
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final FrameTap tap;
    private final Pipeline pipeline;
    private final ResultsHub results;
    private final MjpegHub mjpeg;
    private final HealthCheck health;
    private final LoadShedder shedder;
    private final DaemonServer server;
    private final ScheduledExecutorService control;
    private InetSocketAddress address;
    private boolean closed;

    private Daemon(FrameSource source, Engine engine, DeviceConfig config) {
        this.source = source;
        this.engine = engine;
        this.config = config;
        this.settings = config.daemon();
        this.tap = new FrameTap(settings.mjpegFps());
        this.pipeline = new Pipeline(source, engine, metrics, tap, settings.resultRingSize());
        this.results = new ResultsHub(metrics);
        this.pipeline.addSink(results);
        this.mjpeg = new MjpegHub(tap, metrics, settings.mjpegWidth(), settings.mjpegQuality());
        this.health = new HealthCheck(pipeline, settings.stallMs());
        this.shedder = new LoadShedder(engine.schedule(), settings.shed(), settings.latencyBudgetMs(), settings.latencyPercentile(),
                settings.restoreBelow(), pipeline.latencies(), metrics, System.nanoTime());
        IngestSource ingest = source instanceof IngestSource i ? i : null;
        this.server = new DaemonServer(settings, health, metrics, this::sanitisedConfig, results, mjpeg, ingest,
                Redact.source(source.info().spec()));
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trident-control");
            t.setDaemon(true);
            return t;
        });
        metrics.counter("trident.source.corrupt.frames", "frames the source could not decode, skipped", source,
                s -> s.stats().corruptSkipped());
        metrics.counter("trident.source.reconnects", "reconnect attempts of a live source", source, s -> s.stats().reconnects());
        metrics.gauge("trident.source.up", "1 while the source delivers frames", source,
                s -> s.stats().state() == SourceState.UP ? 1 : 0);
        metrics.gauge("trident.fps", "frames published per second over the last 2 s", pipeline, Pipeline::fps);
        metrics.gauge("trident.latency.budget.seconds", "the latency budget (0 = no shedding)", settings,
                d -> d.latencyBudgetMs() / 1e3);
        if (ingest != null) {
            metrics.counter("trident.ingest.overwritten", "pushed frames replaced by a newer one before the pipeline read them",
                    ingest, IngestSource::overwritten);
        }
    }

    /**
     * Starts a daemon on an opened source and engine (ownership passes to the daemon: both are
     * closed by {@link #close()}, also when starting fails). Binds the server first, then starts the
     * pipeline.
     *
     * @throws TridentException when the server cannot bind (port in use, bad address) or the
     *                          settings are unusable (ingest beyond loopback without a token)
     */
    public static Daemon start(FrameSource source, Engine engine, DeviceConfig config) {
        Daemon d;
        try {
            DaemonConfig s = config.daemon();
            if (source instanceof IngestSource && !s.loopbackOnly() && s.ingestToken() == null) {
                throw new TridentException("daemon.ingestToken must be set when the daemon binds to " + s.bind()
                        + " with --source ingest (anyone on the network could push frames); set it in the device config");
            }
            d = new Daemon(source, engine, config);
        } catch (RuntimeException e) {
            source.close();
            engine.close();
            throw e;
        }
        try {
            d.address = d.server.start();
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        d.mjpeg.start();
        d.pipeline.start();
        long every = d.settings.shedCheckMs();
        d.control.scheduleAtFixedRate(() -> {
            try {
                d.shedder.check(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.warn("latency budget check failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        LOG.info("daemon running: source {}, model {}, latency budget {}", Redact.source(source.info().spec()),
                engine.contract().name(), d.settings.latencyBudgetMs() > 0 ? d.settings.latencyBudgetMs() + " ms" : "off");
        return d;
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return address;
    }

    /** The viewer's URL. */
    public String url() {
        return "http://" + DaemonServer.hostForUrl(settings.bind()) + ":" + address.getPort() + "/";
    }

    /**
     * Waits until the pipeline finishes by itself (a non-looping file ended, or the source failed)
     * or is stopped; returns its final state, or {@link Pipeline.State#RUNNING} on timeout.
     */
    public Pipeline.State awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pipeline.finished()) {
            if (System.nanoTime() >= deadline) {
                return Pipeline.State.RUNNING;
            }
            Thread.sleep(50);
        }
        return pipeline.state();
    }

    /**
     * Graceful stop: stops the source, drains the pipeline (the frame in hand is finished and every
     * result made is published), closes client sessions (WebSocket clients get close code 1001),
     * the server and the engine. Idempotent; bounded by {@code daemon.shutdownTimeoutMs}.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        control.shutdownNow();
        pipeline.stop();
        boolean drained = false;
        try {
            drained = pipeline.awaitTermination(Duration.ofMillis(settings.shutdownTimeoutMs()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drained) {
            LOG.warn("pipeline did not drain within {} ms; closing anyway", settings.shutdownTimeoutMs());
        }
        mjpeg.close();
        server.close();
        if (drained) {
            engine.close();
            pipeline.releaseBuffers();
        }
        source.close();
        LOG.info("daemon stopped after {} frames ({} dropped)", pipeline.processed(), pipeline.dropped());
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public HealthCheck health() {
        return health;
    }

    public LoadShedder shedder() {
        return shedder;
    }

    public Engine engine() {
        return engine;
    }

    /** Connected {@code /ws/results} clients. */
    public int resultClients() {
        return results.clients();
    }

    /** One line: fps, latency p50/p99 over the last {@code period}, drops, clients, shed level. */
    public String statusLine(Duration period) {
        long now = System.nanoTime();
        long since = now - period.toNanos();
        LatencyWindow w = pipeline.latencies();
        double p50 = w.percentileNanos(50, since) / 1e6;
        double p99 = w.percentileNanos(99, since) / 1e6;
        HealthCheck.Health h = health.now();
        return String.format(Locale.ROOT, "%s  %.1f fps  latency p50 %s p99 %s ms  dropped %d  frames %d  clients %d%s",
                h.status(), w.ratePerSecond(since, now), Double.isNaN(p50) ? "-" : String.format(Locale.ROOT, "%.0f", p50),
                Double.isNaN(p99) ? "-" : String.format(Locale.ROOT, "%.0f", p99), pipeline.dropped(), pipeline.processed(),
                results.clients() + mjpeg.clients(), shedder.level() > 0 ? "  shed " + shedder.level() : "");
    }

    /** What {@code /api/config} shows: the device config without secrets, the model and the source. */
    private Object sanitisedConfig() {
        Map<String, Object> out = new LinkedHashMap<>();
        DaemonConfig d = config.daemon();
        DeviceConfig shown = config.withDaemon(d.withIngestToken(d.ingestToken() == null ? null : "***"));
        out.put("device", shown);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", engine.contract().name());
        model.put("file", engine.modelPath().getFileName().toString());
        model.put("contract", engine.contractOrigin().startsWith("sidecar") ? "sidecar" : engine.contractOrigin());
        model.put("providers", engine.activeProviders().stream().map(ExecutionProvider::json).toList());
        Map<String, Integer> rates = new LinkedHashMap<>();
        for (String h : engine.schedule().heads()) {
            rates.put(h, engine.schedule().every(h));
        }
        model.put("headEvery", rates);
        out.put("model", model);
        out.put("source", Map.of("spec", Redact.source(source.info().spec()), "kind", source.info().kind().name(),
                "live", source.info().live()));
        return out;
    }
}
