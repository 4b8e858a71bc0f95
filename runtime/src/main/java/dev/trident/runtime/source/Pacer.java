package dev.trident.runtime.source;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Releases frames on a fixed schedule {@code t0 + n·period}, so decode-time jitter does not
 * accumulate into drift. When the consumer falls behind by more than a period, the schedule
 * restarts from now instead of bursting to catch up (a paced file behaves like a camera that
 * drops frames, not like a buffer). Used by one reading thread only.
 */
final class Pacer {
    private final long periodNanos;
    private long nextDue;
    private boolean started;

    Pacer(double fps) {
        this.periodNanos = Math.max(1L, Math.round(1e9 / fps));
    }

    /** Waits until the next frame is due; returns false if {@code closed} opened during the wait. */
    boolean awaitNext(CountDownLatch closed) throws InterruptedException {
        long now = System.nanoTime();
        if (!started) {
            started = true;
            nextDue = now;
        }
        long wait = nextDue - now;
        if (wait > 0 && closed.await(wait, TimeUnit.NANOSECONDS)) {
            return false;
        }
        now = System.nanoTime();
        nextDue = now - nextDue > periodNanos ? now + periodNanos : nextDue + periodNanos;
        return closed.getCount() > 0;
    }
}
