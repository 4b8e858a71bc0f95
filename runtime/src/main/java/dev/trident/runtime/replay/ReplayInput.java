package dev.trident.runtime.replay;

import org.opencv.core.Mat;

/**
 * Frames to replay with their recorded times: an MCAP drive log ({@link LogInput}) or a video,
 * image folder or glob ({@link SourceInput}). Confined to the replay thread.
 */
public interface ReplayInput extends AutoCloseable {
    /** Advances to the next frame inside the requested window; false at its end. */
    boolean next();

    /** Recorded time of the current frame, ns (log time for logs, frame index / fps for videos and folders). */
    long timeNanos();

    /** The current frame as 8-bit BGR, owned by the input and valid until {@link #next()}. */
    Mat image();

    /** The current frame JPEG-encoded (logs hand over their bytes as recorded), valid until {@link #next()}. */
    ByteArrayBuilder jpeg();

    /** Frames in the window when known, else -1. */
    long expectedFrames();

    /** The nominal time between frames, ns (where a loop's next pass starts after the last frame). */
    long frameIntervalNanos();

    /** Starts over at the first frame of the window. */
    void rewind();

    String description();

    @Override
    void close();
}
