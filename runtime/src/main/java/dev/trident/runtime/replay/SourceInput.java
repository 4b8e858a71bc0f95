package dev.trident.runtime.replay;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.source.FrameSource;
import dev.trident.runtime.source.FrameSources;
import dev.trident.runtime.source.SourceOptions;
import org.opencv.core.Mat;

/**
 * Replays a video file, image folder or glob opened through {@link FrameSources}, read as fast as
 * it decodes; frame i's recorded time is i / fps (the file's frame rate, 30 for folders), so
 * pacing and results do not depend on how fast the disk is. Not thread-safe.
 */
public final class SourceInput implements ReplayInput {
    private final String spec;
    private final SourceOptions options;
    private final JpegCodec codec = new JpegCodec(90);
    private final ByteArrayBuilder jpeg = new ByteArrayBuilder(256 * 1024);
    private final Mat image = new Mat();
    private final long from;
    private final long to;
    private FrameSource source;
    private double fps;
    private long time;

    public SourceInput(String spec, double fps, long fromNanos, long toNanos) {
        this.spec = spec;
        this.options = SourceOptions.defaults().withRealtime(false).withFps(fps);
        this.from = fromNanos;
        this.to = toNanos;
        if (to < from) {
            throw new IllegalArgumentException("--to must not be before --from");
        }
        rewind();
    }

    @Override
    public boolean next() {
        try {
            while (true) {
                Frame f = source.read(image);
                if (f == null) {
                    return false;
                }
                time = Math.round(f.seq() * 1e9 / fps);
                if (time > to) {
                    return false;
                }
                if (time >= from) {
                    jpeg.reset();
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TridentException("replay of " + spec + " interrupted");
        }
    }

    @Override
    public long timeNanos() {
        return time;
    }

    @Override
    public Mat image() {
        return image;
    }

    @Override
    public ByteArrayBuilder jpeg() {
        if (jpeg.size() == 0) {
            codec.encode(image);
            jpeg.write(codec.bytes(), 0, codec.length());
        }
        return jpeg;
    }

    @Override
    public long expectedFrames() {
        return -1;
    }

    @Override
    public long frameIntervalNanos() {
        return Math.round(1e9 / fps);
    }

    @Override
    public void rewind() {
        if (source != null) {
            source.close();
        }
        source = FrameSources.open(spec, options);
        fps = source.info().nominalFps() > 0 ? source.info().nominalFps() : 30;
    }

    @Override
    public String description() {
        return spec + " (" + source.info().description() + ", " + fps + " fps)";
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
        codec.close();
        image.release();
    }
}
