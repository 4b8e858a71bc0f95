package dev.trident.runtime.preprocess;

import dev.trident.runtime.contract.ColorOrder;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ResizeSpec;
import dev.trident.runtime.image.OpenCvNatives;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Times {@link Preprocessor#run} on one thread and prints median / p90 milliseconds for
 * 1280×720 and 1920×1080 frames into a 640×384 input, letterbox and stretch (issue target:
 * ≤ 1.5 ms median for 1280×720). Also times the per-plane stage against the mixChannels
 * alternative, which is why the preprocessor extracts channels one by one.
 *
 * <p>Usage: {@code java -cp trident-runtime.jar:lib/* dev.trident.runtime.preprocess.PreprocessBenchmark
 * [iterations] [opencvThreads]} (defaults 1000 and 1: OpenCV's own worker threads are off so the
 * figure is for the calling thread alone). The frame is {@code <trident.shared>/real-frames/bdd-1.jpg}
 * (system property, default {@code ../shared}); a synthetic random frame is used when it is absent.
 *
 * <p>A command-line program; not meant to be called concurrently.
 */
public final class PreprocessBenchmark {
    private static final int WARMUP = 200;
    private static final int INPUT_WIDTH = 640;
    private static final int INPUT_HEIGHT = 384;

    private PreprocessBenchmark() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        if (iterations < 1 || threads < 0) {
            System.err.println("usage: PreprocessBenchmark [iterations>=1] [opencvThreads>=0, 0 = OpenCV default]");
            System.exit(2);
        }
        OpenCvNatives.load();
        if (threads > 0) {
            Core.setNumThreads(threads);
        }
        Mat hd = loadFrame();
        Mat fullHd = new Mat();
        try {
            Imgproc.resize(hd, fullHd, new Size(1920, 1080), 0, 0, Imgproc.INTER_LINEAR);
            System.out.printf(Locale.ROOT, "OpenCV %s, %d OpenCV thread(s), %d iterations after %d warm-up%n",
                    Core.VERSION, Core.getNumThreads(), iterations, WARMUP);
            for (Mat frame : List.of(hd, fullHd)) {
                for (ResizeSpec resize : List.of(ResizeSpec.letterbox(114), ResizeSpec.stretch())) {
                    InputSpec spec = new InputSpec("images", "NCHW", INPUT_HEIGHT, INPUT_WIDTH, ColorOrder.RGB,
                            null, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225), resize);
                    try (Preprocessor pre = new Preprocessor(spec)) {
                        double[] ms = time(() -> pre.run(frame), iterations);
                        report(String.format(Locale.ROOT, "preprocess %dx%d -> %dx%d %s", frame.cols(), frame.rows(),
                                INPUT_WIDTH, INPUT_HEIGHT, resize.mode().json()), ms);
                    }
                }
            }
            comparePlanePaths(iterations);
        } finally {
            hd.release();
            fullHd.release();
        }
    }

    /** The two ways from an input-sized 8-bit BGR image to three normalised float planes. */
    private static void comparePlanePaths(int iterations) {
        int h = INPUT_HEIGHT;
        int w = INPUT_WIDTH;
        ByteBuffer buffer = ByteBuffer.allocateDirect(3 * h * w * Float.BYTES).order(ByteOrder.nativeOrder());
        Mat bgr = new Mat(h, w, CvType.CV_8UC3);
        Mat channel = new Mat(h, w, CvType.CV_8UC1);
        Mat planes8 = new Mat(3 * h, w, CvType.CV_8UC1);
        Mat[] planes = new Mat[3];
        Mat[] planes8Rows = new Mat[3];
        MatOfInt bgrToRgb = new MatOfInt(2, 0, 1, 1, 0, 2);
        try {
            Core.randu(bgr, 0, 256);
            for (int c = 0; c < 3; c++) {
                planes[c] = new Mat(h, w, CvType.CV_32FC1, buffer.slice(c * h * w * Float.BYTES, h * w * Float.BYTES));
                planes8Rows[c] = planes8.rowRange(c * h, (c + 1) * h);
            }
            List<Mat> source = List.of(bgr);
            List<Mat> destination = List.of(planes8Rows);
            report("planes only, extractChannel + convertTo x3 (used)", time(() -> {
                for (int c = 0; c < 3; c++) {
                    Core.extractChannel(bgr, channel, 2 - c);
                    channel.convertTo(planes[c], CvType.CV_32F, 1 / 255.0, -0.5);
                }
            }, iterations));
            report("planes only, mixChannels + convertTo x3", time(() -> {
                Core.mixChannels(source, destination, bgrToRgb);
                for (int c = 0; c < 3; c++) {
                    planes8Rows[c].convertTo(planes[c], CvType.CV_32F, 1 / 255.0, -0.5);
                }
            }, iterations));
        } finally {
            bgr.release();
            channel.release();
            bgrToRgb.release();
            for (Mat m : planes8Rows) {
                if (m != null) {
                    m.release();
                }
            }
            planes8.release();
            for (Mat m : planes) {
                if (m != null) {
                    m.release();
                }
            }
        }
    }

    private static Mat loadFrame() {
        Path file = Path.of(System.getProperty("trident.shared", "../shared"), "real-frames", "bdd-1.jpg");
        if (Files.isRegularFile(file)) {
            Mat m = Imgcodecs.imread(file.toString());
            if (!m.empty()) {
                System.out.println("frame: " + file + " (" + m.cols() + "x" + m.rows() + ")");
                if (m.cols() == 1280 && m.rows() == 720) {
                    return m;
                }
                Mat resized = new Mat();
                Imgproc.resize(m, resized, new Size(1280, 720), 0, 0, Imgproc.INTER_LINEAR);
                m.release();
                return resized;
            }
            m.release();
        }
        System.out.println("frame: synthetic 1280x720 (no " + file + ")");
        Mat m = new Mat(720, 1280, CvType.CV_8UC3);
        Core.setRNGSeed(1);
        Core.randu(m, 0, 256);
        return m;
    }

    private static double[] time(Runnable step, int iterations) {
        for (int i = 0; i < WARMUP; i++) {
            step.run();
        }
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(String what, double[] sortedMs) {
        System.out.printf(Locale.ROOT, "%-52s median %.3f ms  p90 %.3f ms  min %.3f ms%n", what,
                percentile(sortedMs, 0.5), percentile(sortedMs, 0.9), sortedMs[0]);
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1) + 0.5))];
    }
}
