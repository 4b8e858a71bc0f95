package dev.trident.runtime.source;

/**
 * A snapshot of a {@link FrameSource}'s counters. Immutable value; thread-safe.
 *
 * @param delivered        frames returned by {@code read}
 * @param corruptSkipped   frames that could not be decoded (or decoded with errors) and were skipped
 * @param reconnects       reconnect attempts made by a live source after a failure (successful or not)
 * @param state            current life-cycle state
 * @param lastFrameNanos   {@code captureNanos} of the last delivered frame ({@link System#nanoTime()}), 0 if none
 * @param lastError        the last open/read failure in one line, null if none
 * @param retryDelayMillis the backoff before the next reconnect attempt of a live source, 0 when not reconnecting
 */
public record SourceStats(long delivered, long corruptSkipped, long reconnects, SourceState state,
                          long lastFrameNanos, String lastError, long retryDelayMillis) {
}
