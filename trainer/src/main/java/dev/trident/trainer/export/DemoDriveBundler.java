package dev.trident.trainer.export;

import dev.trident.trainer.data.OpenCvNatives;
import dev.trident.trainer.world.DriveWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.VideoWriter;
import org.opencv.videoio.Videoio;

/**
 * Makes the small drive that ships in the repository ({@code drives/}): a synthetic drive
 * ({@link DriveWriter#generate}: MJPG AVI, frames.jsonl, dataset-format ground truth for every
 * frame) re-encoded to fit a size budget — the video and the JPEG frames at a lower JPEG quality,
 * the label PNGs recompressed losslessly at the highest PNG level (ground truth unchanged).
 *
 * <p>{@code java -cp "trainer/target/trident-trainer.jar:trainer/target/lib/*"
 * dev.trident.trainer.export.DemoDriveBundler OUT_DIR [WxH] [SECONDS] [FPS] [SEED] [JPEG_QUALITY]}
 *
 * <p>Stateless; run one bundling per folder at a time.
 */
public final class DemoDriveBundler {
    private DemoDriveBundler() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DemoDriveBundler OUT_DIR [WxH=320x192] [SECONDS=12] [FPS=15] [SEED=2024] [JPEG_QUALITY=60]");
            System.exit(2);
        }
        OpenCvNatives.load();
        Path dir = Path.of(args[0]);
        String[] wh = (args.length > 1 ? args[1] : "320x192").split("x");
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 12;
        double fps = args.length > 3 ? Double.parseDouble(args[3]) : 15;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 2024;
        int quality = args.length > 5 ? Integer.parseInt(args[5]) : 60;
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        long[] sizes = bundle(dir, w, h, seconds, fps, seed, quality);
        System.out.printf("drive %s: %dx%d, %.1f s at %.0f fps, seed %d, JPEG quality %d: %.2f MB (%.2f MB before re-encoding)%n",
                dir, w, h, seconds, fps, seed, quality, sizes[1] / 1e6, sizes[0] / 1e6);
    }

    /** Writes and re-encodes the drive; returns its size in bytes before and after re-encoding. */
    public static long[] bundle(Path dir, int w, int h, double seconds, double fps, long seed, int quality) throws IOException {
        DriveWriter.generate(dir, w, h, seed, seconds, fps, false, i -> { });
        long before = size(dir);
        reencodeVideo(dir.resolve(DriveWriter.VIDEO), fps, w, h, quality);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".jpg")) {
                    rewrite(p, Imgcodecs.IMREAD_COLOR, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality));
                } else if (name.endsWith(".png")) {
                    rewrite(p, Imgcodecs.IMREAD_UNCHANGED, new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 9));
                }
            }
        }
        return new long[] {before, size(dir)};
    }

    private static void reencodeVideo(Path video, double fps, int w, int h, int quality) throws IOException {
        Path tmp = video.resolveSibling("reencode.avi");
        VideoCapture in = new VideoCapture(video.toString(), Videoio.CAP_ANY);
        VideoWriter out = new VideoWriter(tmp.toString(), Videoio.CAP_OPENCV_MJPEG, VideoWriter.fourcc('M', 'J', 'P', 'G'),
                fps, new Size(w, h), true);
        Mat frame = new Mat();
        try {
            if (!in.isOpened() || !out.isOpened()) {
                throw new IOException("cannot re-encode " + video + " (OpenCV video I/O unavailable)");
            }
            out.set(Videoio.VIDEOWRITER_PROP_QUALITY, quality);
            while (in.read(frame)) {
                out.write(frame);
            }
        } finally {
            frame.release();
            in.release();
            out.release();
        }
        Files.move(tmp, video, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void rewrite(Path p, int flags, MatOfInt params) throws IOException {
        Mat m = Imgcodecs.imread(p.toString(), flags);
        try {
            if (m.empty() || !Imgcodecs.imwrite(p.toString(), m, params)) {
                throw new IOException("cannot re-encode " + p);
            }
        } finally {
            m.release();
            params.release();
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            long n = 0;
            for (Path f : files) {
                n += Files.size(f);
            }
            return n;
        }
    }
}
