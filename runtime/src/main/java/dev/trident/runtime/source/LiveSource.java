package dev.trident.runtime.source;

import dev.trident.runtime.Frame;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera or network stream: never paced, never ends. It connects on the first {@link #read}
 * (so opening never blocks the caller), and whenever the stream fails to open or is lost it waits
 * an exponentially growing backoff (state {@link SourceState#RECONNECTING}) and tries again, for
 * as long as it is not closed. The backoff resets after a delivered frame.
 *
 * <p>Threading: as {@link AbstractFrameSource} (one reading thread; close/info/stats from any).
 */
final class LiveSource extends AbstractFrameSource {
    private static final Logger log = LoggerFactory.getLogger(LiveSource.class);

    private final ReaderOpener opener;
    private final Backoff backoff;
    private FrameReader reader; // guarded by the read lock
    private boolean failedBefore;

    LiveSource(SourceInfo info, SourceOptions options, ReaderOpener opener) {
        super(info);
        this.opener = opener;
        this.backoff = new Backoff(options.reconnectInitial(), options.reconnectMax());
    }

    @Override
    protected Frame readLocked(Mat into) throws InterruptedException {
        while (!isClosed()) {
            if (reader == null && !connect()) {
                continue;
            }
            String error;
            try {
                if (reader.next(into)) {
                    backoff.reset();
                    counters.retryDelay(0);
                    return deliver(into);
                }
                error = "stream ended or stalled for longer than the open timeout";
            } catch (RuntimeException e) {
                error = e.getMessage() != null ? e.getMessage() : e.toString();
            }
            if (isClosed()) {
                return null;
            }
            closeReader();
            if (!fail("lost " + info.spec() + ": " + error)) {
                return null;
            }
        }
        return null;
    }

    /** One connection attempt; true when connected, false after a failure and its backoff wait. */
    private boolean connect() throws InterruptedException {
        if (failedBefore) {
            counters.reconnectAttempt();
        }
        try {
            reader = opener.open(counters, this::isClosed);
            info = info.withFormat(reader.description(), reader.fps(), reader.width(), reader.height());
            if (failedBefore) {
                log.info("reconnected to {}", info.spec());
            }
            return true;
        } catch (RuntimeException e) {
            if (isClosed()) {
                return false;
            }
            fail(e.getMessage() != null ? e.getMessage() : e.toString());
            return false;
        }
    }

    /** Records a failure and waits out the backoff; false if closed meanwhile. */
    private boolean fail(String error) throws InterruptedException {
        failedBefore = true;
        long delay = backoff.nextDelayMillis();
        counters.state(SourceState.RECONNECTING);
        counters.failure(error, delay);
        log.warn("{}; retrying in {} ms", error, delay);
        return !closedSignal.await(delay, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void releaseLocked() {
        closeReader();
    }

    private void closeReader() {
        if (reader != null) {
            FrameReader r = reader;
            reader = null;
            r.close();
        }
    }
}
