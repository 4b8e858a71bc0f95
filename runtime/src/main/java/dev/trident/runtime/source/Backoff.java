package dev.trident.runtime.source;

import java.time.Duration;

/** Exponential reconnect delay: initial, doubled per failure, capped; reset after a success. Single-threaded. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.nextMillis = initialMillis;
    }

    /** The delay to wait now; the following call returns twice as much (up to the cap). */
    long nextDelayMillis() {
        long d = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return d;
    }

    /** The delay the next {@link #nextDelayMillis()} will return. */
    long peekMillis() {
        return nextMillis;
    }

    void reset() {
        nextMillis = initialMillis;
    }
}
