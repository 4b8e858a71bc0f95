package dev.trident.runtime.daemon;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.source.FrameSource;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time path of the daemon:
 *
 * <pre>
 * capture thread ──► LatestFrameMailbox ──► inference thread ──► ResultRing ──► publisher thread ──► sinks
 *  (source.read)     (1 slot, latest wins;   (preprocess +        (preallocated   (JSON to WS clients,
 *                     overwrites = drops)     engine)              results)        metrics)
 * </pre>
 *
 * The capture thread always decodes the newest frame; the inference thread always works on the
 * freshest one, so when inference is slower than the camera frames are dropped (counted) instead
 * of queueing up, and latency stays at about one processing time. Publishers never block inference:
 * the ring hands results over without waiting, and a publisher a full ring behind loses results
 * (counted) instead. No frame-sized buffer is allocated per frame: frames are decoded into the
 * mailbox's three Mats and results refilled in the ring's preallocated slots.
 *
 * <p>Threading: {@link #start()}, {@link #stop()} and {@link #awaitTermination} from a control
 * thread; the status methods from any thread. The pipeline owns its three threads; the source,
 * engine and sinks are owned by the caller and must outlive {@link #awaitTermination}.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final long FPS_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long INFERENCE_STACK_BYTES = 16L << 20;

    /** Life cycle; {@link #ENDED}, {@link #FAILED} and {@link #STOPPED} are final. */
    public enum State {
        NEW, RUNNING,
        /** a non-looping file source reached its end and every result was published */
        ENDED,
        /** the source failed for good (a file error) or a pipeline thread crashed; see {@link #failure()} */
        FAILED,
        /** stopped by {@link #stop()} */
        STOPPED
    }

    private final FrameSource source;
    private final Engine engine;
    private final PipelineMetrics metrics;
    private final FrameTap tap;
    private final LatestFrameMailbox mailbox = new LatestFrameMailbox();
    private final ResultRing ring;
    private final LatencyWindow window = new LatencyWindow(1024);
    private final List<ResultSink> sinks = new CopyOnWriteArrayList<>();
    private final Counter[] headRuns;
    private final Thread capture;
    private final Thread inference;
    private final Thread publisher;
    private volatile State state = State.NEW;
    private volatile boolean stopping;
    private volatile boolean inferenceDone;
    private volatile String failure;
    private volatile long lastPublishNanos;
    private volatile long processed;

    /**
     * @param tap      where the overlay stream taps frames (may be null: no overlay stream)
     * @param ringSize preallocated results between inference and publishing
     */
    public Pipeline(FrameSource source, Engine engine, PipelineMetrics metrics, FrameTap tap, int ringSize) {
        this.source = source;
        this.engine = engine;
        this.metrics = metrics;
        this.tap = tap;
        this.ring = new ResultRing(ringSize, engine::newResult);
        List<String> heads = engine.schedule().heads();
        this.headRuns = new Counter[heads.size()];
        metrics.bindPipeline(mailbox, ring);
        metrics.bindHeads(heads, engine.schedule()::every, headRuns);
        this.capture = new Thread(this::captureLoop, "trident-capture");
        // a large stack: ONNX Runtime creates sessions for new head subsets on this thread, and its native
        // graph optimisation can overflow a default-size thread stack
        this.inference = new Thread(null, this::inferenceLoop, "trident-inference", INFERENCE_STACK_BYTES);
        this.publisher = new Thread(this::publishLoop, "trident-publisher");
    }

    /** Adds a sink; before {@link #start()}. */
    public Pipeline addSink(ResultSink sink) {
        sinks.add(sink);
        return this;
    }

    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("pipeline already started");
        }
        state = State.RUNNING;
        publisher.start();
        inference.start();
        capture.start();
    }

    /**
     * Graceful stop: closes the source (unblocking the capture thread), lets the inference thread
     * finish the frame in hand and the publisher publish every result already made. Returns at once;
     * {@link #awaitTermination} waits for the drain.
     */
    public void stop() {
        stopping = true;
        source.close();
        mailbox.close();
    }

    /** Waits until all three threads have finished; true when they did within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : List.of(capture, inference, publisher)) {
            if (t.getState() == Thread.State.NEW) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Frees the pipeline's buffers; after {@link #awaitTermination} returned true. */
    public void releaseBuffers() {
        mailbox.releaseBuffers();
        if (tap != null) {
            tap.releaseBuffers();
        }
    }

    private void captureLoop() {
        try {
            while (!stopping) {
                FrameSlot slot = mailbox.writeSlot();
                Frame f = source.read(slot.image);
                if (f == null) {
                    break;
                }
                slot.stamp(f);
                mailbox.publish();
            }
            if (!stopping) {
                LOG.info("source {} ended after {} frames", source.info().spec(), source.stats().delivered());
            }
        } catch (TridentException e) {
            if (!stopping) {
                failure = e.getMessage();
                LOG.error("source failed: {}", e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = "capture thread crashed: " + e;
            LOG.error("capture thread crashed", e);
        } finally {
            mailbox.close();
        }
    }

    private void inferenceLoop() {
        long previousStart = 0;
        long lastErrorLog = 0;
        try {
            while (true) {
                FrameSlot fs = mailbox.take(100, TimeUnit.MILLISECONDS);
                if (fs == null) {
                    if (mailbox.isClosed()) {
                        break; // closed and drained
                    }
                    continue;
                }
                long dequeued = System.nanoTime();
                ResultSlot rs = ring.claim();
                long start = System.nanoTime();
                try {
                    engine.process(fs.frame(), rs.result);
                } catch (TridentException e) {
                    metrics.frameFailed();
                    if (start - lastErrorLog > TimeUnit.SECONDS.toNanos(5)) {
                        lastErrorLog = start;
                        LOG.warn("frame {} skipped: {}", fs.seq, e.getMessage());
                    }
                    continue;
                }
                long end = System.nanoTime();
                rs.captureNanos = fs.captureNanos;
                rs.dequeueNanos = dequeued;
                rs.inferenceStartNanos = start;
                rs.inferenceEndNanos = end;
                rs.cyclicNanos = previousStart == 0 ? 0 : start - previousStart;
                rs.mailboxDropsSoFar = mailbox.dropped();
                previousStart = start;
                int ran = rs.result.headsRunMask();
                for (int h = 0; h < headRuns.length; h++) {
                    if ((ran & (1 << h)) != 0) {
                        headRuns[h].increment();
                    }
                }
                ring.publish(rs);
                processed++;
                // after publishing: the copy is off the latency path; the publisher only reads the slot meanwhile
                if (tap != null && tap.due(end)) {
                    tap.offer(fs.image, rs.result, end, end - fs.captureNanos, fps());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = "inference thread crashed: " + e;
            LOG.error("inference thread crashed", e);
            source.close();
            mailbox.close();
        } finally {
            inferenceDone = true;
            ring.close();
        }
    }

    private void publishLoop() {
        try {
            while (true) {
                ResultSlot s = ring.poll(100, TimeUnit.MILLISECONDS);
                if (s == null) {
                    if (inferenceDone && ring.backlog() == 0) {
                        break;
                    }
                    continue;
                }
                s.publishNanos = System.nanoTime();
                s.publishEpochMillis = System.currentTimeMillis();
                window.record(s.publishNanos, s.latencyNanos());
                metrics.frame(s);
                lastPublishNanos = s.publishNanos;
                for (ResultSink sink : sinks) {
                    try {
                        sink.publish(s);
                    } catch (RuntimeException e) {
                        LOG.warn("result sink {} failed on frame {}: {}", sink, s.result.seq(), e.toString());
                    }
                }
                ring.release();
            }
        } catch (RuntimeException | Error e) {
            failure = "publisher thread crashed: " + e;
            LOG.error("publisher thread crashed", e);
            source.close();
            mailbox.close();
        } finally {
            for (ResultSink sink : sinks) {
                try {
                    sink.drained();
                } catch (RuntimeException e) {
                    LOG.warn("result sink {} failed to drain: {}", sink, e.toString());
                }
            }
            if (failure != null) {
                state = State.FAILED;
            } else {
                state = stopping ? State.STOPPED : State.ENDED;
            }
        }
    }

    public State state() {
        return state;
    }

    /** Why the pipeline failed (one line), or null. */
    public String failure() {
        return failure;
    }

    /** Whether the pipeline finished (ended, failed or stopped) and every thread is done. */
    public boolean finished() {
        return state == State.ENDED || state == State.FAILED || state == State.STOPPED;
    }

    /** Results published so far ({@link System#nanoTime()} of the last one in {@link #lastPublishNanos()}). */
    public long processed() {
        return processed;
    }

    /** Monotonic time of the last published result, 0 if none. */
    public long lastPublishNanos() {
        return lastPublishNanos;
    }

    /** Published results per second over the last two seconds. */
    public double fps() {
        long now = System.nanoTime();
        return window.ratePerSecond(now - FPS_WINDOW_NANOS, now);
    }

    /** Frames dropped so far: overwritten in the mailbox plus lost at a full result ring. */
    public long dropped() {
        return mailbox.dropped() + ring.dropped();
    }

    /** Frames overwritten in the mailbox (inference slower than the source). */
    public long mailboxDropped() {
        return mailbox.dropped();
    }

    /** Results lost because the publisher was a full ring behind. */
    public long ringDropped() {
        return ring.dropped();
    }

    /** Frames read from the source. */
    public long captured() {
        return mailbox.published();
    }

    /** Recent pipeline latencies (publish − capture). */
    public LatencyWindow latencies() {
        return window;
    }

    public FrameSource source() {
        return source;
    }

    public Engine engine() {
        return engine;
    }
}
