package dev.trident.bench;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.source.FrameSource;
import dev.trident.runtime.source.FrameSources;
import dev.trident.runtime.source.SourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * The bench's frames, decoded ahead into memory so image decoding is measured on its own and
 * never disturbs the open-loop schedule; the run cycles through them.
 *
 * <p>Not thread-safe: loaded on one thread, then only read (the Mats are read-only during the
 * run). {@link #close()} releases every Mat.
 */
public final class FrameSet implements AutoCloseable {
    /** The source spec for generated frames. */
    public static final String SYNTHETIC = "synthetic";

    private final List<Mat> frames;
    private final String spec;
    private final String kind;
    private final Histogram decode;

    private FrameSet(List<Mat> frames, String spec, String kind, Histogram decode) {
        this.frames = frames;
        this.spec = spec;
        this.kind = kind;
        this.decode = decode;
    }

    /**
     * Decodes up to {@code maxFrames} frames of {@code spec}: {@value #SYNTHETIC} (generated
     * 1280×720 noise-and-gradient frames), an image folder or glob, an image, or a video file.
     *
     * @throws TridentException for a source that cannot be opened or holds no frame, and for replay
     *                          logs (.mcap), which are not supported yet
     */
    public static FrameSet load(String spec, int maxFrames) {
        OpenCvNatives.load();
        String s = spec.strip();
        if (s.equalsIgnoreCase(SYNTHETIC)) {
            return synthetic(1280, 720, Math.min(maxFrames, 8));
        }
        if (s.toLowerCase(Locale.ROOT).endsWith(".mcap")) {
            throw new TridentException("replay logs (.mcap) are not supported by the bench yet (they come with the replay "
                    + "issue); use a video file, an image folder or --source synthetic");
        }
        Histogram decode = new Histogram(3);
        List<Mat> out = new ArrayList<>();
        try (FrameSource source = FrameSources.open(s, SourceOptions.defaults().withRealtime(false).withLoop(false))) {
            while (out.size() < maxFrames) {
                Mat m = new Mat();
                long t0 = System.nanoTime();
                Frame f;
                try {
                    f = source.read(m);
                } catch (InterruptedException e) {
                    m.release();
                    Thread.currentThread().interrupt();
                    throw new TridentException("interrupted while decoding frames of " + s);
                } catch (RuntimeException e) {
                    m.release();
                    throw e;
                }
                long t1 = System.nanoTime();
                if (f == null) {
                    m.release();
                    break;
                }
                decode.recordValue(Math.max(1, t1 - t0));
                out.add(m);
            }
        } catch (RuntimeException e) {
            out.forEach(Mat::release);
            throw e;
        }
        if (out.isEmpty()) {
            throw new TridentException("frame source " + s + " delivered no frame; pass a folder of images, a video or 'synthetic'");
        }
        return new FrameSet(out, s, "decoded ahead from " + s, decode);
    }

    /** {@code n} generated BGR frames: a vertical sky-to-road gradient with seeded noise, one seed per frame. */
    public static FrameSet synthetic(int width, int height, int n) {
        OpenCvNatives.load();
        List<Mat> out = new ArrayList<>();
        Mat noise = new Mat(height, width, CvType.CV_8UC3);
        try {
            for (int i = 0; i < n; i++) {
                Mat m = new Mat(height, width, CvType.CV_8UC3);
                out.add(m);
                int horizon = height * 45 / 100;
                fill(m, 0, horizon, 0, width, new Scalar(220, 170, 120));      // sky (BGR)
                fill(m, horizon, height, 0, width, new Scalar(90, 95, 100));   // road
                Core.setRNGSeed(1000 + i);
                Core.randu(noise, 0, 50);
                Core.add(m, noise, m);
                Core.subtract(m, new Scalar(25, 25, 25), m);
                Random rnd = new Random(i);
                for (int k = 0; k < 6; k++) {                                  // dark "vehicles"
                    int x = rnd.nextInt(Math.max(1, width - 80));
                    fill(m, Math.min(height - 1, horizon + 20), Math.min(height, horizon + 90), x, Math.min(width, x + 70),
                            new Scalar(30, 30, 30));
                }
            }
        } catch (RuntimeException e) {
            out.forEach(Mat::release);
            throw e;
        } finally {
            noise.release();
        }
        return new FrameSet(out, SYNTHETIC, "synthetic " + width + "x" + height + " gradient + noise", null);
    }

    private static void fill(Mat m, int y0, int y1, int x0, int x1, Scalar colour) {
        Mat roi = m.submat(y0, y1, x0, x1);
        try {
            roi.setTo(colour);
        } finally {
            roi.release();
        }
    }

    public int size() {
        return frames.size();
    }

    /** Frame {@code i mod size()}. */
    public Mat get(long i) {
        return frames.get((int) (i % frames.size()));
    }

    public int width() {
        return frames.get(0).cols();
    }

    public int height() {
        return frames.get(0).rows();
    }

    public String spec() {
        return spec;
    }

    public String kind() {
        return kind;
    }

    /** Per-frame decode times of the decode-ahead, or null for synthetic frames. */
    public Histogram decodeTimes() {
        return decode;
    }

    @Override
    public void close() {
        frames.forEach(Mat::release);
    }
}
