package dev.trident.runtime.replay;

/** Where replayed frames go: the in-process engine ({@link EngineSink}) or a daemon ({@link PushSink}). Confined to the replay thread. */
public interface ReplaySink extends AutoCloseable {
    /**
     * Takes one frame.
     *
     * @param seq        replay frame number from 0
     * @param timeNanos  its recorded time (plus the loop offset on later passes)
     * @param input      the input positioned on the frame ({@link ReplayInput#image()} / {@link ReplayInput#jpeg()})
     */
    void accept(long seq, long timeNanos, ReplayInput input) throws InterruptedException;

    /**
     * True when the sink uses {@link ReplayInput#image()}: the runner then decodes the frame before
     * waiting for its due moment, so decoding never delays the hand-off.
     */
    default boolean needsImage() {
        return true;
    }

    /** One line saying what the sink did, for the report. */
    String summary();

    @Override
    void close();
}
