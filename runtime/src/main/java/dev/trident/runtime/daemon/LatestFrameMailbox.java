package dev.trident.runtime.daemon;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single-slot, latest-wins hand-over between the capture thread and the inference thread,
 * built as a triple buffer of {@link FrameSlot}s so no frame is ever copied or allocated:
 * the writer owns one slot, the reader owns one, and the third ("middle") holds the newest
 * unconsumed frame. Publishing a frame while the middle one is still unconsumed overwrites it —
 * that frame is dropped and counted — so the reader always gets the freshest frame and delay never
 * piles up behind a slow reader.
 *
 * <p>Threading: exactly one writer thread ({@link #writeSlot()}, {@link #publish()}) and one reader
 * thread ({@link #take}); {@link #close()}, {@link #dropped()} and {@link #published()} from any
 * thread. The swap of the middle slot is guarded by a lock held for a few field assignments.
 */
public final class LatestFrameMailbox implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition fresh = lock.newCondition();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final FrameSlot[] all = {new FrameSlot(), new FrameSlot(), new FrameSlot()};
    private FrameSlot back = all[0];    // writer's
    private FrameSlot middle = all[1];  // guarded by lock
    private FrameSlot front = all[2];   // reader's
    private boolean hasFresh;           // guarded by lock: middle holds an unconsumed frame
    private boolean closed;             // guarded by lock

    /** Writer: the slot to decode the next frame into; owned by the writer until {@link #publish()}. */
    public FrameSlot writeSlot() {
        return back;
    }

    /**
     * Writer: hands the write slot's frame to the reader, replacing (and counting as dropped) a
     * frame the reader has not taken yet. Never blocks beyond the swap.
     */
    public void publish() {
        lock.lock();
        try {
            if (hasFresh) {
                dropped.incrementAndGet();
            }
            FrameSlot t = middle;
            middle = back;
            back = t;
            hasFresh = true;
            published.incrementAndGet();
            fresh.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reader: waits up to {@code timeout} for a frame newer than the last one taken and returns its
     * slot, owned by the reader until the next {@code take}. After {@link #close()}, a frame still
     * waiting is returned once (the drain), then null.
     *
     * @return the newest frame, or null on timeout or when closed and drained
     */
    public FrameSlot take(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!hasFresh && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = fresh.awaitNanos(nanos);
            }
            if (!hasFresh) {
                return null;
            }
            FrameSlot t = front;
            front = middle;
            middle = t;
            hasFresh = false;
            return front;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Frames overwritten before the reader took them. */
    public long dropped() {
        return dropped.get();
    }

    /** Frames the writer published (taken + dropped + at most one waiting). */
    public long published() {
        return published.get();
    }

    /** Wakes the reader; a waiting frame is still handed out once. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            fresh.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Frees the slots' Mats; call once both threads have stopped. */
    public void releaseBuffers() {
        for (FrameSlot s : all) {
            s.release();
        }
    }
}
