package dev.trident.runtime.daemon;

/**
 * Something the publisher thread hands every result to (the WebSocket results hub, metrics).
 *
 * <p>Threading: {@link #publish} is called on the publisher thread only, one slot at a time; the
 * slot is valid until the call returns (then the inference thread refills it), so a sink that
 * needs the data later must serialise or copy it. A sink must not block: a slow sink delays the
 * publisher, and once the ring is full further results are dropped (inference itself never waits).
 */
public interface ResultSink {
    void publish(ResultSlot slot);

    /** Called once on the publisher thread after the last result, before the pipeline ends. */
    default void drained() {
    }
}
