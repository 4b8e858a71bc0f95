package dev.trident.runtime.replay;

import dev.trident.runtime.TridentException;
import java.nio.file.Path;
import org.opencv.core.Mat;

/**
 * Replays the camera channel of an MCAP drive log; the window is given relative to the log's
 * first frame. Frames are decoded only when {@link #image()} is asked for (pushing to a daemon
 * sends the recorded JPEG bytes untouched). Not thread-safe.
 */
public final class LogInput implements ReplayInput {
    private final DriveLogReader log;
    private final JpegCodec codec = new JpegCodec(90);
    private final Mat image = new Mat();
    private final long from;
    private final long to;
    private final long expected;
    private final long interval;
    private DriveLogReader.FrameCursor cursor;
    private boolean decoded;

    /**
     * @param fromNanos window start, relative to the first frame (0 = from the start)
     * @param toNanos   window end, relative to the first frame (Long.MAX_VALUE = to the end)
     */
    public LogInput(Path file, String topic, long fromNanos, long toNanos) {
        this.log = DriveLogReader.open(file, topic);
        try {
            var first = log.frames(Long.MIN_VALUE, Long.MAX_VALUE);
            if (!first.next()) {
                throw new TridentException("log " + file + " has no frames on " + topic);
            }
            long start = first.timeNanos();
            this.from = start + fromNanos;
            this.to = toNanos == Long.MAX_VALUE ? Long.MAX_VALUE : start + toNanos;
            if (this.to < this.from) {
                throw new IllegalArgumentException("--to must not be before --from");
            }
            var st = log.mcap().statistics();
            long n = log.frameCount();
            long span = Math.max(0, st.messageEndTime() - start);
            this.interval = n > 1 && span > 0 ? span / (n - 1) : 33_333_333L;
            this.expected = fromNanos == 0 && toNanos == Long.MAX_VALUE ? n : -1;
            rewind();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean next() {
        decoded = false;
        return cursor.next();
    }

    @Override
    public long timeNanos() {
        return cursor.timeNanos();
    }

    @Override
    public Mat image() {
        if (!decoded) {
            ByteArrayBuilder b = cursor.image();
            codec.decode(b.array(), 0, b.size(), image, "frame " + cursor.index() + " of " + log.mcap().path());
            decoded = true;
        }
        return image;
    }

    @Override
    public ByteArrayBuilder jpeg() {
        return cursor.image();
    }

    @Override
    public long expectedFrames() {
        return expected;
    }

    @Override
    public long frameIntervalNanos() {
        return interval;
    }

    @Override
    public void rewind() {
        cursor = log.frames(from, to);
        decoded = false;
    }

    @Override
    public String description() {
        return log.mcap().path() + " (" + log.frameCount() + " frames on " + log.cameraChannel().topic() + ")";
    }

    @Override
    public void close() {
        log.close();
        codec.close();
        image.release();
    }
}
