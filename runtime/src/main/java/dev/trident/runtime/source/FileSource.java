package dev.trident.runtime.source;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import org.opencv.core.Mat;

/**
 * A finite source (image folder/glob or video file): paced at its fps unless realtime is off,
 * optionally looping by reopening its reader at the end. The first reader is opened by the
 * constructor, so a missing or undecodable file fails in {@link FrameSources#open}, not later.
 *
 * <p>Threading: as {@link AbstractFrameSource} (one reading thread; close/info/stats from any).
 */
final class FileSource extends AbstractFrameSource {
    private final ReaderOpener opener;
    private final boolean loop;
    private final Pacer pacer; // null = as fast as possible
    private FrameReader reader; // guarded by the read lock
    private long deliveredThisPass;

    FileSource(SourceInfo info, SourceOptions options, double defaultFps, ReaderOpener opener) {
        super(info);
        this.opener = opener;
        this.loop = options.loop();
        this.reader = opener.open(counters, this::isClosed);
        double fps = options.fps() > 0 ? options.fps() : reader.fps() > 0 ? reader.fps() : defaultFps;
        this.info = info.withFormat(reader.description(), fps, reader.width(), reader.height());
        this.pacer = options.realtime() ? new Pacer(fps) : null;
    }

    @Override
    protected Frame readLocked(Mat into) throws InterruptedException {
        while (reader != null) {
            boolean got;
            try {
                got = reader.next(into);
            } catch (RuntimeException e) {
                closeReader();
                throw e instanceof TridentException ? e
                        : new TridentException("reading " + info.spec() + " failed: " + e, e);
            }
            if (got) {
                deliveredThisPass++;
                if (pacer != null && !pacer.awaitNext(closedSignal)) {
                    return null;
                }
                return deliver(into);
            }
            if (isClosed()) {
                return null;
            }
            closeReader();
            if (!loop) {
                counters.state(SourceState.ENDED);
                return null;
            }
            if (deliveredThisPass == 0) {
                // looping over a file with nothing decodable would spin forever
                throw new TridentException("no decodable frame in " + info.spec() + " (" + counters.corruptCount()
                        + " corrupt frames skipped); check the file(s)");
            }
            deliveredThisPass = 0;
            reader = opener.open(counters, this::isClosed);
        }
        return null;
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
