package dev.trident.runtime.source;

import java.time.Duration;

/**
 * How to open a {@link FrameSource}. Immutable value; thread-safe.
 *
 * @param fps              delivery rate of file sources; 0 = the source's own (video files: the file's
 *                         frame rate; image folders: 30). For V4L2 cameras, a requested capture rate
 *                         (0 = the camera's default). Ignored by network streams.
 * @param loop             files start over at their end instead of ending
 * @param realtime         files are paced at {@code fps} (true) or delivered as fast as they decode (false)
 * @param reconnectInitial first backoff of a live source after a failure; doubles up to {@code reconnectMax}
 * @param reconnectMax     longest backoff between reconnect attempts
 * @param openTimeout      how long a live source may take to connect, and how long it may go without
 *                         data before the stream counts as lost
 */
public record SourceOptions(double fps, boolean loop, boolean realtime, Duration reconnectInitial,
                            Duration reconnectMax, Duration openTimeout) {

    public SourceOptions {
        if (!(fps >= 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("source fps must be a finite number >= 0 (0 = the source's own), got " + fps);
        }
        requirePositive("reconnectInitial", reconnectInitial);
        requirePositive("reconnectMax", reconnectMax);
        requirePositive("openTimeout", openTimeout);
        if (reconnectMax.compareTo(reconnectInitial) < 0) {
            throw new IllegalArgumentException("reconnectMax (" + reconnectMax + ") must not be shorter than reconnectInitial ("
                    + reconnectInitial + ")");
        }
    }

    /** Own frame rate, no loop, realtime pacing, reconnect backoff 0.5 s doubling to 10 s, open timeout 10 s. */
    public static SourceOptions defaults() {
        return new SourceOptions(0, false, true, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    public SourceOptions withFps(double newFps) {
        return new SourceOptions(newFps, loop, realtime, reconnectInitial, reconnectMax, openTimeout);
    }

    public SourceOptions withLoop(boolean newLoop) {
        return new SourceOptions(fps, newLoop, realtime, reconnectInitial, reconnectMax, openTimeout);
    }

    public SourceOptions withRealtime(boolean newRealtime) {
        return new SourceOptions(fps, loop, newRealtime, reconnectInitial, reconnectMax, openTimeout);
    }

    public SourceOptions withReconnect(Duration initial, Duration max) {
        return new SourceOptions(fps, loop, realtime, initial, max, openTimeout);
    }

    public SourceOptions withOpenTimeout(Duration timeout) {
        return new SourceOptions(fps, loop, realtime, reconnectInitial, reconnectMax, timeout);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("source option " + name + " must be a positive duration, got " + d);
        }
    }
}
