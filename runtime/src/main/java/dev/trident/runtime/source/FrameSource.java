package dev.trident.runtime.source;

import dev.trident.runtime.Frame;
import org.opencv.core.Mat;

/**
 * A camera, file or stream delivering 8-bit BGR frames. Open one with {@link FrameSources#open}.
 *
 * <p>Threading: one reading thread at a time calls {@link #read}; {@link #close()} may be called
 * from any other thread to unblock and stop it; {@link #info()} and {@link #stats()} may be called
 * from any thread at any time (the health endpoint reads them while the pipeline reads frames).
 *
 * <p>Capture times: {@link Frame#captureNanos()} / {@link Frame#captureEpochMillis()} are taken
 * together at the moment the frame is handed out — for live sources right after it was decoded,
 * for paced files after the pacing wait (so they follow the playback cadence). File timestamps
 * are not used for capture times; files are paced at a constant rate (their nominal frame rate or
 * {@link SourceOptions#fps()}).
 */
public interface FrameSource extends AutoCloseable {

    /**
     * Blocks until the next frame is due (file sources are paced at their fps unless
     * {@link SourceOptions#realtime()} is false), decodes it into {@code into} (a caller-owned Mat,
     * reallocated by OpenCV only when the size changes, so a caller can double-buffer with no
     * per-frame allocation) and returns its {@link Frame} ({@code image == into}, {@code seq}
     * increasing by one per delivered frame starting at 0).
     *
     * <p>Returns null at end of stream (non-looping files) or after {@link #close()}. Corrupt frames
     * are skipped and counted in {@link SourceStats#corruptSkipped()}. Live sources that lose their
     * stream reconnect with exponential backoff (state {@link SourceState#RECONNECTING}) and keep
     * blocking. Unrecoverable file errors throw {@link dev.trident.runtime.TridentException} with
     * one clear line.
     *
     * @throws InterruptedException if the reading thread is interrupted while waiting
     */
    Frame read(Mat into) throws InterruptedException;

    /** What this source is; width/height/fps of live sources are filled in once connected. */
    SourceInfo info();

    /** A consistent-enough snapshot of the counters and state; cheap, safe from any thread. */
    SourceStats stats();

    /** Stops the source and frees its native resources; idempotent; safe from any thread. */
    @Override
    void close();
}
