package dev.trident.runtime.daemon;

import dev.trident.runtime.result.PerceptionResult;

/**
 * One preallocated entry of the {@link ResultRing}: the engine's result for a frame plus the
 * frame's stage timestamps (all {@link System#nanoTime()}) and the Autoware timing trio.
 *
 * <ul>
 *   <li>cyclic time: inference start − previous inference start</li>
 *   <li>processing time: inference end − inference start (preprocess + engine + decoders)</li>
 *   <li>pipeline latency: publish − capture (known once a publisher takes the slot)</li>
 * </ul>
 *
 * <p>Not thread-safe: written by the inference thread, then read by the publisher thread after
 * the ring's cursor hand-over (a volatile write/read pair, the happens-before edge).
 */
public final class ResultSlot {
    final PerceptionResult result;
    long captureNanos;
    long dequeueNanos;
    long inferenceStartNanos;
    long inferenceEndNanos;
    long cyclicNanos;
    long publishNanos;
    long publishEpochMillis;
    long mailboxDropsSoFar;

    ResultSlot(PerceptionResult result) {
        this.result = result;
    }

    /** The engine's result (seq, capture times, detections, maps, stage timings). */
    public PerceptionResult result() {
        return result;
    }

    public long captureNanos() {
        return captureNanos;
    }

    /** When the inference thread took the frame from the mailbox. */
    public long dequeueNanos() {
        return dequeueNanos;
    }

    public long inferenceStartNanos() {
        return inferenceStartNanos;
    }

    public long inferenceEndNanos() {
        return inferenceEndNanos;
    }

    /** Inference start − previous inference start; 0 for the first frame. */
    public long cyclicNanos() {
        return cyclicNanos;
    }

    /** Inference end − inference start. */
    public long processingNanos() {
        return inferenceEndNanos - inferenceStartNanos;
    }

    /** Dequeue − capture: how long the frame waited for the inference thread. */
    public long queueNanos() {
        return dequeueNanos - captureNanos;
    }

    /** When the publisher took the slot (monotonic), 0 before. */
    public long publishNanos() {
        return publishNanos;
    }

    /** When the publisher took the slot (wall clock, ms since the epoch). */
    public long publishEpochMillis() {
        return publishEpochMillis;
    }

    /** Publish − capture. */
    public long latencyNanos() {
        return publishNanos - captureNanos;
    }

    /** Frames the mailbox had dropped when this one was taken. */
    public long mailboxDropsSoFar() {
        return mailboxDropsSoFar;
    }
}
