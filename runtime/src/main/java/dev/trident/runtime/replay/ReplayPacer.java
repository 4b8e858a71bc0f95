package dev.trident.runtime.replay;

import java.util.concurrent.locks.LockSupport;

/**
 * Hands frames on at their recorded times × 1/rate: frame i is due at
 * {@code start + (t_i − t_0) / rate} on the monotonic clock, an absolute schedule, so waiting
 * errors never accumulate. It parks until shortly before the due moment and spins the rest (the
 * last {@value #SPIN_NANOS} ns), which keeps the interval error well under a millisecond. A
 * rate of 0 means as fast as possible. Records {@link PacingStats}.
 *
 * <p>Not thread-safe: the replay thread.
 */
public final class ReplayPacer {
    /** Spin instead of parking for the last part of a wait: park wakes up 50–100 µs late on Linux. */
    static final long SPIN_NANOS = 700_000;

    private final double rate;
    private final PacingStats stats = new PacingStats();
    private boolean started;
    private long firstRecorded;
    private long startWall;
    private long previousRecorded;
    private long previousHanded;

    /** @param rate playback speed (1 = recorded timing), 0 = unpaced */
    public ReplayPacer(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("replay rate must be a positive number or max, got " + rate);
        }
        this.rate = rate;
    }

    public boolean paced() {
        return rate > 0;
    }

    /** Blocks until the frame recorded at {@code recordedNanos} is due; returns the moment it was handed on (nanoTime). */
    public long await(long recordedNanos) throws InterruptedException {
        long now;
        if (!started) {
            started = true;
            firstRecorded = recordedNanos;
            now = System.nanoTime();
            startWall = now;
        } else if (rate > 0) {
            long target = startWall + (long) ((recordedNanos - firstRecorded) / rate);
            sleepUntil(target);
            now = System.nanoTime();
            stats.interval((long) ((recordedNanos - previousRecorded) / rate), now - previousHanded, Math.max(0, now - target));
        } else {
            now = System.nanoTime();
            stats.unpacedInterval(now - previousHanded);
        }
        stats.frame();
        previousRecorded = recordedNanos;
        previousHanded = now;
        return now;
    }

    static void sleepUntil(long target) throws InterruptedException {
        while (true) {
            long left = target - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > SPIN_NANOS) {
                LockSupport.parkNanos(left - SPIN_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            } else {
                Thread.onSpinWait();
            }
        }
    }

    public PacingStats stats() {
        return stats;
    }
}
