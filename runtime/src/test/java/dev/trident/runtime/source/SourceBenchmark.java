package dev.trident.runtime.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Prints decode throughput and Java heap allocation per frame of the sources, on the shared real
 * 1280×720 frames (as images, and encoded to a 1280×720 H.264 MP4 here). Run from the runtime folder:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.trident.runtime.source.SourceBenchmark [frames]}.
 */
public final class SourceBenchmark {
    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        Path real = Path.of(System.getProperty("trident.shared", "../../shared"), "real-frames");
        dev.trident.runtime.image.OpenCvNatives.load();
        FfmpegLibrary.ensureLoaded();
        Path tmp = Files.createTempDirectory("trident-source-bench");
        Path mp4 = tmp.resolve("real.mp4");
        encodeRealFrames(real, mp4, 120);
        System.out.printf("cores=%d  java=%s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        run("images  1280x720 JPEG (OpenCV imread)", real.toString(), frames);
        run("video   1280x720 H.264 MP4 (FFmpeg)  ", mp4.toString(), frames);
        Files.deleteIfExists(mp4);
        Files.deleteIfExists(tmp);
    }

    private static void run(String name, String spec, int frames) throws Exception {
        SourceOptions opts = SourceOptions.defaults().withRealtime(false).withLoop(true);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(spec, opts)) {
            for (int i = 0; i < 30; i++) {
                source.read(into); // warm-up: decoder threads, swscale tables, JIT
            }
            long bytes0 = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                source.read(into);
            }
            double sec = (System.nanoTime() - t0) / 1e9;
            long bytes = mx.getThreadAllocatedBytes(tid) - bytes0;
            System.out.printf("%s  %7.1f frames/s  %6.2f ms/frame  %7.0f heap bytes/frame  (%d frames)%n", name,
                    frames / sec, sec * 1e3 / frames, (double) bytes / frames, frames);
        } finally {
            into.release();
        }
    }

    private static void encodeRealFrames(Path real, Path out, int count) throws Exception {
        Mat[] images = new Mat[6];
        for (int i = 0; i < 6; i++) {
            images[i] = Imgcodecs.imread(real.resolve("bdd-" + (i + 1) + ".jpg").toString());
        }
        int w = images[0].cols();
        int h = images[0].rows();
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), w, h, 0);
             Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3)) {
            rec.setFormat("mp4");
            rec.setVideoCodecName("libopenh264");
            rec.setFrameRate(30);
            rec.setGopSize(30);
            rec.setVideoBitrate(8_000_000);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.start();
            byte[] row = new byte[w * 3];
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            for (int i = 0; i < count; i++) {
                Mat m = images[(i / 5) % 6];
                for (int y = 0; y < h; y++) {
                    m.get(y, 0, row);
                    buf.position(y * frame.imageStride);
                    buf.put(row);
                }
                buf.rewind();
                rec.record(frame, AV_PIX_FMT_BGR24);
            }
            rec.stop();
        } finally {
            for (Mat m : images) {
                m.release();
            }
        }
    }
}
