package dev.trident.runtime.daemon;

import dev.trident.runtime.result.PerceptionResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.opencv.core.Mat;

/**
 * A latest-wins copy of (frame image, result) for the overlay video, taken on the inference thread
 * at most {@code fps} times a second and only while someone watches ({@link #setWatched}). Triple
 * buffered like {@link LatestFrameMailbox}: the image is copied into a reused Mat (no allocation
 * once the size is known); the result is deep-copied (small, head-resolution maps) at the tap rate.
 *
 * <p>Threading: one writer (the inference thread: {@link #due}, {@link #offer}), one reader (the
 * stream thread: {@link #take}); {@link #setWatched} and {@link #close} from any thread.
 */
public final class FrameTap implements AutoCloseable {
    /** One tapped frame. Owned by the reader between two {@link #take} calls. */
    public static final class Snapshot {
        private final Mat image = new Mat();
        private PerceptionResult result;
        private long latencyNanos;
        private double fps;

        public Mat image() {
            return image;
        }

        public PerceptionResult result() {
            return result;
        }

        /** Capture → tap time of this frame (a lower bound of its pipeline latency). */
        public long latencyNanos() {
            return latencyNanos;
        }

        /** The pipeline's frame rate when it was tapped. */
        public double fps() {
            return fps;
        }
    }

    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Snapshot[] all = {new Snapshot(), new Snapshot(), new Snapshot()};
    private Snapshot back = all[0];
    private Snapshot middle = all[1];
    private Snapshot front = all[2];
    private boolean hasFresh;
    private boolean closed;
    private volatile boolean watched;
    private long lastNanos = Long.MIN_VALUE / 2;

    public FrameTap(double fps) {
        this.intervalNanos = (long) (1e9 / fps);
    }

    /** Turns tapping on (someone watches the stream) or off. */
    public void setWatched(boolean w) {
        watched = w;
    }

    public boolean watched() {
        return watched;
    }

    /** Writer: whether a frame should be tapped now. */
    public boolean due(long nowNanos) {
        return watched && nowNanos - lastNanos >= intervalNanos;
    }

    /** Writer: copies the frame and its result into the tap. */
    public void offer(Mat image, PerceptionResult result, long nowNanos, long latencyNanos, double fps) {
        lastNanos = nowNanos;
        image.copyTo(back.image);
        back.result = result.copy();
        back.latencyNanos = latencyNanos;
        back.fps = fps;
        lock.lock();
        try {
            Snapshot t = middle;
            middle = back;
            back = t;
            hasFresh = true;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Reader: the newest tapped frame, waiting up to {@code timeout}; null on timeout or close. */
    public Snapshot take(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!hasFresh && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = ready.awaitNanos(nanos);
            }
            if (!hasFresh || closed) {
                return null;
            }
            Snapshot t = front;
            front = middle;
            middle = t;
            hasFresh = false;
            return front;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Frees the Mats; once both threads have stopped. */
    public void releaseBuffers() {
        for (Snapshot s : all) {
            s.image.release();
        }
    }
}
