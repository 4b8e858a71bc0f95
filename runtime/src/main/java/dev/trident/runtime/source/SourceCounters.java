package dev.trident.runtime.source;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live counters behind {@link SourceStats}. Written by the reading thread (and by
 * {@code close()}), read by any thread: every field is atomic or volatile, and {@link #snapshot()}
 * copies them field by field (the fields are individually, not mutually, consistent).
 */
final class SourceCounters {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong corruptSkipped = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicReference<SourceState> state = new AtomicReference<>(SourceState.STARTING);
    private volatile long lastFrameNanos;
    private volatile String lastError;
    private volatile long retryDelayMillis;

    /** Counts a delivered frame and returns its sequence number (0, 1, 2, ...). */
    long delivered(long captureNanos) {
        lastFrameNanos = captureNanos;
        return delivered.getAndIncrement();
    }

    void corruptSkipped() {
        corruptSkipped.incrementAndGet();
    }

    void reconnectAttempt() {
        reconnects.incrementAndGet();
    }

    long corruptCount() {
        return corruptSkipped.get();
    }

    long deliveredCount() {
        return delivered.get();
    }

    SourceState state() {
        return state.get();
    }

    void state(SourceState newState) {
        // DOWN is final: a reader finishing after close() must not resurrect the source (atomic, as
        // close() sets DOWN from another thread while the reader may be setting UP)
        state.getAndUpdate(current -> current == SourceState.DOWN ? current : newState);
    }

    void failure(String error, long nextRetryMillis) {
        lastError = error;
        retryDelayMillis = nextRetryMillis;
    }

    void retryDelay(long millis) {
        retryDelayMillis = millis;
    }

    SourceStats snapshot() {
        return new SourceStats(delivered.get(), corruptSkipped.get(), reconnects.get(), state.get(), lastFrameNanos,
                lastError, retryDelayMillis);
    }
}
