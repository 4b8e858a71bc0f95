package dev.trident.runtime.source;

/** Life cycle of a {@link FrameSource}, as reported by {@link SourceStats#state()}. */
public enum SourceState {
    /** Opened, no frame delivered yet and no failure so far. */
    STARTING,
    /** Delivering frames. */
    UP,
    /** A live source lost its stream (or never got one) and retries with exponential backoff. */
    RECONNECTING,
    /** Stopped for good: closed, or a file source failed with an error. */
    DOWN,
    /** A non-looping file reached its end. */
    ENDED;

    /** Whether a health check should report this source as serving frames (only {@link #UP}; others → 503). */
    public boolean healthy() {
        return this == UP;
    }
}
