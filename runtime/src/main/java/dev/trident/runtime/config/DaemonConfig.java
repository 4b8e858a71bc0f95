package dev.trident.runtime.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The in-vehicle daemon's settings ({@code daemon:} in a device config; every field is documented
 * in {@code device-configs/README.md}). Missing fields take the defaults below.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param bind                  address the HTTP/WebSocket server listens on (default 127.0.0.1: this machine only)
 * @param port                  TCP port (default 8080; 0 = any free port)
 * @param latencyBudgetMs       pipeline latency (publish − capture) the daemon aims to stay under; when the
 *                              {@code latencyPercentile} of recent frames exceeds it, heads in {@code shed} are
 *                              slowed down one by one; 0 = no shedding (default 250)
 * @param latencyPercentile     which percentile of recent latencies is held to the budget (default 95)
 * @param shed                  optional heads to slow down, in order, with their shed rates (default depth every 4th
 *                              frame, then segmentation every 2nd); rules for heads the model lacks are ignored
 * @param restoreBelow          a shed head is restored when the percentile falls below this fraction of the budget
 *                              (hysteresis; default 0.7)
 * @param shedCheckMs           how often the budget is checked, and the least time between two shed/restore steps
 *                              (default 1000)
 * @param clientQueueSize       results queued per WebSocket client; when full the oldest is dropped (default 16)
 * @param maxClientLagMs        a client whose oldest undelivered result is older than this is disconnected (default 2000)
 * @param maxClientMessageBytes largest message a results client may send (default 4096); larger closes the connection
 * @param maxIngestBytes        largest frame message accepted on {@code /ws/ingest} (default 16 MiB)
 * @param ingestToken           token {@code /ws/ingest} requires ({@code ?token=} or {@code Authorization: Bearer});
 *                              mandatory when {@code bind} is not a loopback address; none by default
 * @param mjpegFps              frame rate of {@code /stream.mjpeg} (default 10)
 * @param mjpegWidth            width of the {@code /stream.mjpeg} video, pixels (default 960; 0 = the frame's width)
 * @param mjpegQuality          JPEG quality of {@code /stream.mjpeg}, 1–100 (default 80)
 * @param stallMs               {@code /health} answers 503 when no frame was processed for this long (default 3000)
 * @param resultRingSize        preallocated results between inference and publishing (default 8)
 * @param sendBufferBytes       socket send buffer per client connection (default 262144); bounds how much a
 *                              slow client can hold in the kernel before it counts as lagging
 * @param shutdownTimeoutMs     how long a graceful stop may take before the rest is abandoned (default 5000)
 */
public record DaemonConfig(String bind, Integer port, Double latencyBudgetMs, Double latencyPercentile, List<ShedRule> shed,
                           Double restoreBelow, Integer shedCheckMs, Integer clientQueueSize, Integer maxClientLagMs,
                           Integer maxClientMessageBytes, Integer maxIngestBytes, String ingestToken, Double mjpegFps,
                           Integer mjpegWidth, Integer mjpegQuality, Integer stallMs, Integer resultRingSize,
                           Integer sendBufferBytes, Integer shutdownTimeoutMs) {

    public DaemonConfig {
        bind = bind == null || bind.isBlank() ? "127.0.0.1" : bind.strip();
        port = orDefault(port, 8080);
        range("port", port, 0, 65535);
        latencyBudgetMs = latencyBudgetMs == null ? 250.0 : latencyBudgetMs;
        if (!(latencyBudgetMs >= 0) || latencyBudgetMs.isInfinite()) {
            throw new IllegalArgumentException("daemon.latencyBudgetMs must be ≥ 0 (0 = no shedding), got " + latencyBudgetMs);
        }
        latencyPercentile = latencyPercentile == null ? 95.0 : latencyPercentile;
        if (!(latencyPercentile > 0 && latencyPercentile <= 100)) {
            throw new IllegalArgumentException("daemon.latencyPercentile must be in (0, 100], got " + latencyPercentile);
        }
        shed = shed == null ? List.of(new ShedRule("depth", 4), new ShedRule("segmentation", 2)) : List.copyOf(shed);
        if (shed.stream().map(ShedRule::head).distinct().count() != shed.size()) {
            throw new IllegalArgumentException("daemon.shed names a head twice: " + shed.stream().map(ShedRule::head).toList());
        }
        restoreBelow = restoreBelow == null ? 0.7 : restoreBelow;
        if (!(restoreBelow > 0 && restoreBelow < 1)) {
            throw new IllegalArgumentException("daemon.restoreBelow must be a fraction of the budget in (0, 1), got " + restoreBelow);
        }
        shedCheckMs = orDefault(shedCheckMs, 1000);
        range("shedCheckMs", shedCheckMs, 10, 600_000);
        clientQueueSize = orDefault(clientQueueSize, 16);
        range("clientQueueSize", clientQueueSize, 1, 100_000);
        maxClientLagMs = orDefault(maxClientLagMs, 2000);
        range("maxClientLagMs", maxClientLagMs, 1, 3_600_000);
        maxClientMessageBytes = orDefault(maxClientMessageBytes, 4096);
        range("maxClientMessageBytes", maxClientMessageBytes, 64, 1 << 20);
        maxIngestBytes = orDefault(maxIngestBytes, 16 << 20);
        range("maxIngestBytes", maxIngestBytes, 1024, 1 << 30);
        ingestToken = ingestToken == null || ingestToken.isBlank() ? null : ingestToken;
        mjpegFps = mjpegFps == null ? 10.0 : mjpegFps;
        if (!(mjpegFps > 0 && mjpegFps <= 120)) {
            throw new IllegalArgumentException("daemon.mjpegFps must be in (0, 120], got " + mjpegFps);
        }
        mjpegWidth = orDefault(mjpegWidth, 960);
        range("mjpegWidth", mjpegWidth, 0, 16384);
        mjpegQuality = orDefault(mjpegQuality, 80);
        range("mjpegQuality", mjpegQuality, 1, 100);
        stallMs = orDefault(stallMs, 3000);
        range("stallMs", stallMs, 1, 3_600_000);
        resultRingSize = orDefault(resultRingSize, 8);
        range("resultRingSize", resultRingSize, 2, 1024);
        sendBufferBytes = orDefault(sendBufferBytes, 256 * 1024);
        range("sendBufferBytes", sendBufferBytes, 1024, 64 << 20);
        shutdownTimeoutMs = orDefault(shutdownTimeoutMs, 5000);
        range("shutdownTimeoutMs", shutdownTimeoutMs, 1, 600_000);
    }

    /** Every default (listen on 127.0.0.1:8080). */
    public static DaemonConfig defaults() {
        return new DaemonConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** These settings on another address and port. */
    public DaemonConfig withBind(String newBind, int newPort) {
        return new DaemonConfig(newBind, newPort, latencyBudgetMs, latencyPercentile, shed, restoreBelow, shedCheckMs,
                clientQueueSize, maxClientLagMs, maxClientMessageBytes, maxIngestBytes, ingestToken, mjpegFps, mjpegWidth,
                mjpegQuality, stallMs, resultRingSize, sendBufferBytes, shutdownTimeoutMs);
    }

    /** These settings with another latency budget (0 = no shedding) and shed list. */
    public DaemonConfig withShedding(double budgetMs, List<ShedRule> rules) {
        return new DaemonConfig(bind, port, budgetMs, latencyPercentile, rules, restoreBelow, shedCheckMs, clientQueueSize,
                maxClientLagMs, maxClientMessageBytes, maxIngestBytes, ingestToken, mjpegFps, mjpegWidth, mjpegQuality, stallMs,
                resultRingSize, sendBufferBytes, shutdownTimeoutMs);
    }

    /** These settings with other per-client limits. */
    public DaemonConfig withClientLimits(int queueSize, int maxLagMs, int sendBuffer) {
        return new DaemonConfig(bind, port, latencyBudgetMs, latencyPercentile, shed, restoreBelow, shedCheckMs, queueSize,
                maxLagMs, maxClientMessageBytes, maxIngestBytes, ingestToken, mjpegFps, mjpegWidth, mjpegQuality, stallMs,
                resultRingSize, sendBuffer, shutdownTimeoutMs);
    }

    /** These settings with another ingest token (null = none). */
    public DaemonConfig withIngestToken(String token) {
        return new DaemonConfig(bind, port, latencyBudgetMs, latencyPercentile, shed, restoreBelow, shedCheckMs, clientQueueSize,
                maxClientLagMs, maxClientMessageBytes, maxIngestBytes, token, mjpegFps, mjpegWidth, mjpegQuality, stallMs,
                resultRingSize, sendBufferBytes, shutdownTimeoutMs);
    }

    /** Whether {@link #bind()} is a loopback address (only this machine can connect). */
    public boolean loopbackOnly() {
        if (bind.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int orDefault(Integer v, int d) {
        return v == null ? d : v;
    }

    private static void range(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("daemon." + field + " must be in [" + min + ", " + max + "], got " + v);
        }
    }
}
