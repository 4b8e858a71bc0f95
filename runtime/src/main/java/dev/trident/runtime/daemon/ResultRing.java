package dev.trident.runtime.daemon;

import dev.trident.runtime.result.PerceptionResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A bounded single-producer/single-consumer ring of preallocated {@link ResultSlot}s between the
 * inference thread and the publisher thread (LMAX Disruptor style: results are refilled, never
 * allocated). The producer never waits: when every slot is still held by the publisher,
 * {@link #claim()} returns a spare slot that is processed but not published, and the frame counts
 * as dropped ({@link #dropped()}).
 *
 * <p>Threading: one producer thread ({@link #claim}, {@link #publish}), one consumer thread
 * ({@link #poll}, {@link #release}); counters and {@link #close()} from any thread. The cursors are
 * atomics, so a slot's content written before {@code publish} is visible after {@code poll}.
 */
public final class ResultRing {
    private final ResultSlot[] slots;
    private final ResultSlot spare;
    private final int mask;
    /** Next sequence the producer will write. */
    private final AtomicLong head = new AtomicLong();
    /** Next sequence the consumer will read. */
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread consumer;
    private volatile boolean closed;

    /** A ring of at least {@code size} slots (rounded up to a power of two), each with a result from {@code results}. */
    public ResultRing(int size, Supplier<PerceptionResult> results) {
        int n = Integer.highestOneBit(Math.max(2, size) - 1) << 1;
        this.slots = new ResultSlot[n];
        for (int i = 0; i < n; i++) {
            slots[i] = new ResultSlot(results.get());
        }
        this.spare = new ResultSlot(results.get());
        this.mask = n - 1;
    }

    /** Producer: the slot to fill next; the spare (never published) when the ring is full. */
    public ResultSlot claim() {
        long h = head.get();
        return h - tail.get() < slots.length ? slots[(int) (h & mask)] : spare;
    }

    /** Producer: publishes a claimed slot (a spare counts as a dropped result). Never blocks. */
    public void publish(ResultSlot slot) {
        if (slot == spare) {
            dropped.incrementAndGet();
            return;
        }
        head.lazySet(head.get() + 1);
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    /** Consumer: the oldest unreleased published slot, waiting up to {@code timeout}; null on timeout or when closed and empty. */
    public ResultSlot poll(long timeout, TimeUnit unit) {
        consumer = Thread.currentThread();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long t = tail.get();
            if (head.get() > t) {
                return slots[(int) (t & mask)];
            }
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                return head.get() > t ? slots[(int) (t & mask)] : null;
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /** Consumer: gives the slot returned by the last {@link #poll} back to the producer. */
    public void release() {
        tail.lazySet(tail.get() + 1);
    }

    /** Results processed but not published because the publisher was a full ring behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Slots published and not yet released. */
    public int backlog() {
        return (int) (head.get() - tail.get());
    }

    public int capacity() {
        return slots.length;
    }

    /** Wakes the consumer; it still drains what was published. */
    public void close() {
        closed = true;
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }
}
