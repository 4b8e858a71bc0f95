package dev.trident.calibration.tool;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.Distortion;
import dev.trident.calibration.OpenCvNatives;
import dev.trident.calibration.Undistorter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Measures per-frame undistortion ({@code remap} with tables built once) on 1280×720 BGR frames,
 * for the Brown–Conrady and fisheye models, with OpenCV's default thread pool and with one thread.
 * Prints the median and 90th percentile milliseconds per frame.
 *
 * <p>Usage: {@code UndistortBenchmark [image.jpg]} (default: {@code ../shared/real-frames/bdd-1.jpg}
 * when present, else a noise frame). A command-line tool; single-threaded apart from OpenCV's pool.
 */
public final class UndistortBenchmark {
    private static final int WARMUP = 30;
    private static final int FRAMES = 300;

    private UndistortBenchmark() {
    }

    public static void main(String[] args) {
        OpenCvNatives.load();
        Mat frame = loadFrame(args);
        Mat dst = new Mat();
        try {
            CameraModel lens = new CameraModel("dashcam", new CameraIntrinsics(1280, 720, 1000, 1000, 639.5, 359.5),
                    new Distortion.BrownConrady(-0.32, 0.12, 0.001, -0.0008, -0.02));
            CameraModel fish = new CameraModel("fisheye", new CameraIntrinsics(1280, 720, 420, 420, 639.5, 359.5),
                    new Distortion.Fisheye(0.05, -0.012, 0.003, -0.0007));
            int threads = Core.getNumThreads();
            System.out.printf(Locale.ROOT, "undistort 1280x720 BGR, %d frames after %d warm-up, OpenCV %s, %d cores%n",
                    FRAMES, WARMUP, Core.VERSION, Runtime.getRuntime().availableProcessors());
            for (CameraModel model : new CameraModel[] {lens, fish}) {
                long t0 = System.nanoTime();
                try (Undistorter undistorter = new Undistorter(model)) {
                    double buildMs = (System.nanoTime() - t0) / 1e6;
                    for (int n : new int[] {threads, 1}) {
                        Core.setNumThreads(n);
                        double[] ms = time(undistorter, frame, dst);
                        System.out.printf(Locale.ROOT, "  %-12s threads=%-2d median %.3f ms  p90 %.3f ms  (maps built once in %.1f ms)%n",
                                model.distortion().rosModel(), n, ms[0], ms[1], buildMs);
                    }
                    Core.setNumThreads(threads);
                }
            }
        } finally {
            frame.release();
            dst.release();
        }
    }

    private static double[] time(Undistorter undistorter, Mat frame, Mat dst) {
        for (int i = 0; i < WARMUP; i++) {
            undistorter.undistort(frame, dst);
        }
        double[] ms = new double[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            long t = System.nanoTime();
            undistorter.undistort(frame, dst);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[FRAMES / 2], ms[(int) (FRAMES * 0.9)]};
    }

    private static Mat loadFrame(String[] args) {
        Path path = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("trident.shared", "../shared"), "real-frames", "bdd-1.jpg");
        if (Files.isRegularFile(path)) {
            Mat m = Imgcodecs.imread(path.toString(), Imgcodecs.IMREAD_COLOR);
            if (!m.empty()) {
                if (m.cols() != 1280 || m.rows() != 720) {
                    Imgproc.resize(m, m, new Size(1280, 720), 0, 0, Imgproc.INTER_AREA);
                }
                System.out.println("frame: " + path);
                return m;
            }
            m.release();
        }
        System.out.println("frame: random noise (no image at " + path + ")");
        Mat m = new Mat(720, 1280, CvType.CV_8UC3);
        Core.randu(m, 0, 256);
        return m;
    }
}
