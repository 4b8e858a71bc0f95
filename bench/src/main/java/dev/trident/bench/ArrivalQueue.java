package dev.trident.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting for the pipeline in an open-loop run: frame numbers arrive in order, so the
 * waiting frames are always the contiguous range {@code [head, tail)}. When a frame arrives and
 * {@code capacity} frames already wait, the oldest is dropped (the freshest frame wins, as a
 * perception pipeline wants) and counted. Lock-free and allocation-free.
 *
 * <p>Threading: one producer (the scheduler) calls {@link #offer} and {@link #close}; one consumer
 * (the pipeline thread) calls {@link #poll}; counters may be read from any thread.
 */
final class ArrivalQueue {
    private final int capacity;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    ArrivalQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be ≥ 1");
        }
        this.capacity = capacity;
    }

    /** Frame {@code seq} (the next number: 0, 1, 2, …) arrives. */
    void offer(long seq) {
        if (seq != tail.get()) {
            throw new IllegalStateException("frames must arrive in order: expected " + tail.get() + ", got " + seq);
        }
        long newTail = seq + 1;
        tail.set(newTail);
        while (true) {
            long h = head.get();
            long excess = newTail - h - capacity;
            if (excess <= 0) {
                return;
            }
            if (head.compareAndSet(h, h + excess)) {
                dropped.addAndGet(excess);
                return;
            }
        }
    }

    /** The oldest waiting frame's number, or −1 when none waits. */
    long poll() {
        while (true) {
            long h = head.get();
            if (h >= tail.get()) {
                return -1;
            }
            if (head.compareAndSet(h, h + 1)) {
                return h;
            }
        }
    }

    /** No more arrivals. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** Frames offered so far. */
    long offered() {
        return tail.get();
    }

    /** Frames dropped so far (oldest waiting frame pushed out by an arrival). */
    long dropped() {
        return dropped.get();
    }
}
