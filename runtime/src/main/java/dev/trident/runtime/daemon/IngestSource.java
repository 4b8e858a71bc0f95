package dev.trident.runtime.daemon;

import dev.trident.runtime.Frame;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.ingest.IngestMessage;
import dev.trident.runtime.source.FrameSource;
import dev.trident.runtime.source.SourceInfo;
import dev.trident.runtime.source.SourceKind;
import dev.trident.runtime.source.SourceState;
import dev.trident.runtime.source.SourceStats;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The frames a replay tool pushes to {@code WS /ws/ingest} ({@code --source ingest}), as a
 * {@link FrameSource}. Latest wins: a pushed frame the pipeline has not read yet is replaced by a
 * newer one (counted in {@link #overwritten()}). Images are decoded on the reading (capture)
 * thread; an image that does not decode is skipped and counted as corrupt.
 *
 * <p>Frames carry the sender's {@code seq} and capture wall-clock time; their monotonic capture
 * time is the moment the daemon received them (the sender's clock is not comparable), so pipeline
 * latency is measured from arrival. The state is {@link SourceState#STARTING} until the first frame,
 * then {@link SourceState#UP}; a sender that stops pushing shows as a stalled pipeline in
 * {@code /health}.
 *
 * <p>Threading: {@link #offer} from any thread (the server's event loop); one reading thread calls
 * {@link #read}; {@link #close()}, {@link #info()} and {@link #stats()} from any thread.
 */
public final class IngestSource implements FrameSource {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong overwritten = new AtomicLong();
    private final MatOfByte encoded = new MatOfByte();
    private final SourceInfo info = new SourceInfo("ingest", "frames pushed to WS /ws/ingest", SourceKind.NETWORK, true, 0, 0, 0);
    private IngestMessage pending;      // guarded by lock
    private long pendingArrivalNanos;   // guarded by lock
    private boolean closed;             // guarded by lock
    private volatile SourceState state = SourceState.STARTING;
    private volatile long lastFrameNanos;
    private volatile String lastError;

    public IngestSource() {
        OpenCvNatives.load();
    }

    /** Hands a pushed frame to the pipeline, replacing one not read yet. */
    public void offer(IngestMessage message) {
        long now = System.nanoTime();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (pending != null) {
                overwritten.incrementAndGet();
            }
            pending = message;
            pendingArrivalNanos = now;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Frame read(Mat into) throws InterruptedException {
        while (true) {
            IngestMessage m;
            long arrival;
            lock.lock();
            try {
                while (pending == null && !closed) {
                    arrived.await(1, TimeUnit.SECONDS);
                }
                if (closed) {
                    encoded.release(); // the reading thread owns it; a later read returns null before using it
                    return null;
                }
                m = pending;
                arrival = pendingArrivalNanos;
                pending = null;
            } finally {
                lock.unlock();
            }
            encoded.fromArray(m.image());
            Mat img = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
            try {
                if (img.empty()) {
                    corrupt.incrementAndGet();
                    lastError = "pushed frame " + m.seq() + " is not a decodable JPEG/PNG image; skipped";
                    continue;
                }
                img.copyTo(into);
            } finally {
                img.release();
            }
            lastFrameNanos = arrival;
            delivered.incrementAndGet();
            state = SourceState.UP;
            return new Frame(into, m.seq(), arrival, Math.floorDiv(m.captureEpochNanos(), 1_000_000L));
        }
    }

    /** Pushed frames replaced by a newer one before the pipeline read them. */
    public long overwritten() {
        return overwritten.get();
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public SourceStats stats() {
        return new SourceStats(delivered.get(), corrupt.get(), 0, state, lastFrameNanos, lastError, 0);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            pending = null;
            state = SourceState.DOWN;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
