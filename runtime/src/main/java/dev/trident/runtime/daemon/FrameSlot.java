package dev.trident.runtime.daemon;

import dev.trident.runtime.Frame;
import org.opencv.core.Mat;

/**
 * One reusable frame buffer of the {@link LatestFrameMailbox}: an OpenCV Mat the source decodes
 * into (reallocated by OpenCV only when the frame size changes) and the frame's identity.
 *
 * <p>Not thread-safe: owned by exactly one thread at a time (the capture thread while it writes,
 * the inference thread after {@link LatestFrameMailbox#take}); ownership moves through the
 * mailbox's lock, which is the happens-before edge.
 */
public final class FrameSlot {
    final Mat image = new Mat();
    long seq;
    long captureNanos;
    long captureEpochMillis;

    /** The Mat frames are decoded into. */
    public Mat image() {
        return image;
    }

    public long seq() {
        return seq;
    }

    public long captureNanos() {
        return captureNanos;
    }

    public long captureEpochMillis() {
        return captureEpochMillis;
    }

    /** Records which frame the image now holds. */
    void stamp(Frame f) {
        seq = f.seq();
        captureNanos = f.captureNanos();
        captureEpochMillis = f.captureEpochMillis();
    }

    /** The slot's content as an engine frame. */
    Frame frame() {
        return new Frame(image, seq, captureNanos, captureEpochMillis);
    }

    void release() {
        image.release();
    }
}
