package dev.trident.runtime.daemon;

import java.util.Arrays;

/**
 * The last {@code capacity} per-frame latencies with the time each was recorded, for percentiles
 * and frame rates over a recent period (the load shedder, the status line, the health check).
 * Prometheus histograms cover the long run; this answers "how is it going right now".
 *
 * <p>Thread-safe: one thread records (the publisher), others read; every method is synchronized,
 * recording is a few stores, and readers copy into their own scratch (allocated per read: readers
 * run at most a few times a second).
 */
public final class LatencyWindow {
    private final long[] values;
    private final long[] times;
    private long count;

    public LatencyWindow(int capacity) {
        this.values = new long[capacity];
        this.times = new long[capacity];
    }

    /** Records a value (nanoseconds) observed at {@code nowNanos}. */
    public synchronized void record(long nowNanos, long valueNanos) {
        int i = (int) (count % values.length);
        values[i] = valueNanos;
        times[i] = nowNanos;
        count++;
    }

    /** The {@code p}-th percentile (0–100, nearest rank) of values recorded at or after {@code sinceNanos}; NaN if none. */
    public double percentileNanos(double p, long sinceNanos) {
        long[] v = since(sinceNanos);
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    /** Values recorded per second between {@code sinceNanos} and {@code nowNanos}. */
    public synchronized double ratePerSecond(long sinceNanos, long nowNanos) {
        int n = (int) Math.min(count, values.length);
        int in = 0;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (times[i] >= sinceNanos) {
                in++;
                oldest = Math.min(oldest, times[i]);
            }
        }
        if (in == 0) {
            return 0;
        }
        // a full window may not reach back to sinceNanos: measure over the span it covers
        long span = n == values.length && in == n ? nowNanos - oldest : nowNanos - sinceNanos;
        return span <= 0 ? 0 : in * 1e9 / span;
    }

    /** Values recorded so far. */
    public synchronized long count() {
        return count;
    }

    private synchronized long[] since(long sinceNanos) {
        int n = (int) Math.min(count, values.length);
        int in = 0;
        for (int i = 0; i < n; i++) {
            if (times[i] >= sinceNanos) {
                in++;
            }
        }
        long[] out = new long[in];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (times[i] >= sinceNanos) {
                out[k++] = values[i];
            }
        }
        return out;
    }
}
