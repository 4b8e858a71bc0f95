package dev.trident.runtime.daemon;

import dev.trident.runtime.source.SourceState;
import dev.trident.runtime.source.SourceStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether the daemon is healthy: frames flow when the source is up and a result was
 * published within the stall limit. Anything else — starting, source reconnecting or down, a
 * stalled pipeline, an ended or failed pipeline — is unhealthy, with a one-line reason.
 *
 * <p>Thread-safe: reads only thread-safe pipeline and source state.
 */
public final class HealthCheck {
    /** The verdict; {@code body} is the JSON object {@code GET /health} returns. */
    public record Health(boolean ok, String status, String reason, Map<String, Object> body) {
    }

    private final Pipeline pipeline;
    private final long stallNanos;
    private final long startNanos = System.nanoTime();

    public HealthCheck(Pipeline pipeline, long stallMillis) {
        this.pipeline = pipeline;
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
    }

    public Health now() {
        long now = System.nanoTime();
        SourceStats src = pipeline.source().stats();
        long last = pipeline.lastPublishNanos();
        long ageMs = last == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(now - last);
        String status;
        String reason;
        if (pipeline.state() == Pipeline.State.FAILED) {
            status = "failed";
            reason = pipeline.failure();
        } else if (pipeline.finished()) {
            status = "stopped";
            reason = pipeline.state() == Pipeline.State.ENDED ? "the source ended" : "the daemon is stopping";
        } else if (src.state() == SourceState.RECONNECTING || src.state() == SourceState.DOWN) {
            status = "source-down";
            reason = "source " + src.state().name().toLowerCase(java.util.Locale.ROOT)
                    + (src.lastError() != null ? ": " + src.lastError() : "")
                    + (src.retryDelayMillis() > 0 ? "; retrying in " + src.retryDelayMillis() + " ms" : "");
        } else if (last == 0) {
            status = "starting";
            reason = "no frame processed yet (" + TimeUnit.NANOSECONDS.toMillis(now - startNanos) + " ms since start)";
        } else if (now - last > stallNanos) {
            status = "stalled";
            reason = "no frame processed for " + ageMs + " ms (limit " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms)";
        } else {
            status = "ok";
            reason = null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        if (reason != null) {
            body.put("reason", reason);
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("spec", Redact.source(pipeline.source().info().spec()));
        source.put("state", src.state().name());
        source.put("delivered", src.delivered());
        source.put("corruptSkipped", src.corruptSkipped());
        source.put("reconnects", src.reconnects());
        if (src.lastError() != null) {
            source.put("lastError", Redact.text(src.lastError()));
        }
        body.put("source", source);
        body.put("lastFrameAgeMs", ageMs);
        body.put("framesProcessed", pipeline.processed());
        body.put("framesDropped", pipeline.dropped());
        body.put("fps", Math.round(pipeline.fps() * 10) / 10.0);
        return new Health(reason == null, status, reason, body);
    }
}
