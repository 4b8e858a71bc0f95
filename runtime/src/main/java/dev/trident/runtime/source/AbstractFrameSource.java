package dev.trident.runtime.source;

import dev.trident.runtime.Frame;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.opencv.core.Mat;

/**
 * The read/close protocol shared by all sources.
 *
 * <p>Threading: {@link #read} runs under a lock, so native readers are only touched by one thread
 * at a time. {@link #close()} never waits for a blocked reader: it marks the source closed (which
 * wakes pacing/backoff waits and makes FFmpeg abort blocking I/O) and frees the natives itself if no
 * read is in progress; otherwise the reading thread frees them on its way out. Native resources
 * are therefore never freed under a running decoder.
 */
abstract class AbstractFrameSource implements FrameSource {
    protected final SourceCounters counters = new SourceCounters();
    /** Opens (count reaches 0) on close; waits on it return early. */
    protected final CountDownLatch closedSignal = new CountDownLatch(1);
    private final ReentrantLock readLock = new ReentrantLock();
    private volatile boolean closed;
    private boolean released; // guarded by readLock
    protected volatile SourceInfo info;

    protected AbstractFrameSource(SourceInfo info) {
        this.info = info;
    }

    @Override
    public final Frame read(Mat into) throws InterruptedException {
        if (into == null) {
            throw new IllegalArgumentException("read(into): into must be a caller-owned Mat, not null");
        }
        if (closed) {
            return null;
        }
        readLock.lockInterruptibly();
        try {
            if (closed) {
                return null;
            }
            Frame f = readLocked(into);
            return closed ? null : f;
        } catch (RuntimeException | Error e) {
            counters.state(SourceState.DOWN);
            throw e;
        } finally {
            if (closed) {
                releaseOnce();
            }
            readLock.unlock();
            // close() may have failed its tryLock while we held the lock: free the natives now
            if (closed && readLock.tryLock()) {
                try {
                    releaseOnce();
                } finally {
                    readLock.unlock();
                }
            }
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        counters.state(SourceState.DOWN);
        closedSignal.countDown();
        if (readLock.tryLock()) {
            try {
                releaseOnce();
            } finally {
                readLock.unlock();
            }
        }
    }

    @Override
    public final SourceInfo info() {
        return info;
    }

    @Override
    public final SourceStats stats() {
        return counters.snapshot();
    }

    protected final boolean isClosed() {
        return closed;
    }

    /** Stamps the capture time on a frame just decoded into {@code into} and counts it. */
    protected final Frame deliver(Mat into) {
        long nanos = System.nanoTime();
        long wall = System.currentTimeMillis();
        counters.state(SourceState.UP);
        return new Frame(into, counters.delivered(nanos), nanos, wall);
    }

    /** Reads the next frame; called under the read lock. Returns null at the end or when closed. */
    protected abstract Frame readLocked(Mat into) throws InterruptedException;

    /** Frees native resources; called once, under the read lock. */
    protected abstract void releaseLocked();

    private void releaseOnce() {
        if (!released) {
            released = true;
            releaseLocked();
        }
    }
}
