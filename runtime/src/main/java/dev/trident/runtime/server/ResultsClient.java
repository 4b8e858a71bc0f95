package dev.trident.runtime.server;

import dev.trident.runtime.daemon.PipelineMetrics;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code /ws/results} connection's outgoing queue. The publisher offers each result message;
 * the channel's event loop writes queued messages while the socket accepts them. The queue is
 * bounded: when full, the oldest message is dropped (counted), so a slow client always gets recent
 * results. A client whose last delivered message is older than the lag limit while more are
 * waiting is disconnected. Nothing here ever waits for the client.
 *
 * <p>Threading: {@link #offer} from the publisher thread; writing and {@link #writable} on the
 * channel's event loop; the queue is guarded by {@code this}.
 */
final class ResultsClient {
    private record Entry(TextWebSocketFrame frame, long enqueuedNanos) {
    }

    private final Channel channel;
    private final int capacity;
    private final long maxLagNanos;
    private final PipelineMetrics metrics;
    private final ArrayDeque<Entry> queue;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile boolean rle;
    /** Enqueue time of the newest message handed to the socket (or the connect time). */
    private volatile long deliveredNanos = System.nanoTime();
    private volatile boolean cut;
    private long dropped;

    ResultsClient(Channel channel, int capacity, int maxLagMillis, boolean rle, PipelineMetrics metrics) {
        this.channel = channel;
        this.capacity = capacity;
        this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMillis);
        this.metrics = metrics;
        this.queue = new ArrayDeque<>(capacity);
        this.rle = rle;
    }

    boolean wantsRle() {
        return rle;
    }

    void setRle(boolean on) {
        rle = on;
    }

    Channel channel() {
        return channel;
    }

    /** Queues a message (ownership passes here); drops the oldest when full; cuts a lagging client off. */
    void offer(TextWebSocketFrame frame, long nowNanos) {
        if (cut || !channel.isActive()) {
            frame.release();
            return;
        }
        boolean backlog;
        synchronized (this) {
            if (queue.size() >= capacity) {
                queue.poll().frame().release();
                dropped++;
                metrics.wsDropped();
            }
            queue.add(new Entry(frame, nowNanos));
            backlog = queue.size() > 1 || !channel.isWritable();
        }
        if (backlog && nowNanos - deliveredNanos > maxLagNanos) {
            cutOff();
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    /** Event loop: the socket can take more. */
    void writable() {
        drain();
    }

    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        while (channel.isWritable() && !cut) {
            Entry e;
            synchronized (this) {
                e = queue.poll();
            }
            if (e == null) {
                break;
            }
            long enqueued = e.enqueuedNanos();
            channel.write(e.frame()).addListener(f -> {
                if (f.isSuccess()) {
                    deliveredNanos = Math.max(deliveredNanos, enqueued);
                    metrics.wsSent();
                }
            });
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void cutOff() {
        if (cut) {
            return;
        }
        cut = true;
        metrics.wsCut(true);
        ResultsHub.LOG.warn("results client {} disconnected: more than {} ms behind ({} messages dropped)", channel.remoteAddress(),
                TimeUnit.NANOSECONDS.toMillis(maxLagNanos), dropped);
        channel.close();
        releaseQueue();
    }

    boolean wasCut() {
        return cut;
    }

    /** Frees queued messages (connection gone). */
    void releaseQueue() {
        synchronized (this) {
            Entry e;
            while ((e = queue.poll()) != null) {
                e.frame().release();
            }
        }
    }
}
