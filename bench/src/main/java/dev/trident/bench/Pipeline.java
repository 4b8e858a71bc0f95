package dev.trident.bench;

import java.util.List;
import org.opencv.core.Mat;

/**
 * One mode's per-frame work, opened once (sessions created, warmed) and then driven frame by
 * frame by the load generator.
 *
 * <p>Threading: {@link #process} is called by one pipeline thread at a time (the load generator
 * hands the pipeline from thread to thread only across {@code Thread.start/join}); {@link #close()}
 * after the last call returns.
 */
public interface Pipeline extends AutoCloseable {
    /** Stage names, fixed; index k of the {@code stageNanos} array in {@link #process}. */
    List<String> stages();

    /**
     * Runs one frame through the pipeline up to its published result.
     *
     * @param image        8-bit BGR frame (read-only)
     * @param seq          frame number
     * @param arrivalNanos the frame's arrival on the {@link System#nanoTime()} clock (its scheduled time)
     * @param stageNanos   filled with each stage's duration on this frame; stages that did not run are
     *                     left at −1
     */
    void process(Mat image, long seq, long arrivalNanos, long[] stageNanos) throws Exception;

    /** Session creation and first inference, measured when the pipeline opened. */
    SetupTimes setup();

    /** What the pipeline's timer covers, and any choices a reader must know. */
    List<String> notes();

    @Override
    void close();

    /**
     * @param sessionCreateNanos model load and session creation (every session of the mode)
     * @param firstInferenceNanos the first inference (the cold run), −1 when unknown
     */
    record SetupTimes(long sessionCreateNanos, long firstInferenceNanos) {
    }
}
