package dev.trident.runtime.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Generates test images and encodes test videos with real codecs. */
final class TestMedia {
    static {
        dev.trident.runtime.image.OpenCvNatives.load();
        FfmpegLibrary.ensureLoaded(); // quiets the recorder's banner too
    }

    private TestMedia() {
    }

    /** Frame {@code i}: a background colour unique to i plus a bright square that moves with i (survives lossy codecs). */
    static Mat pattern(int i, int w, int h) {
        Mat m = new Mat(h, w, CvType.CV_8UC3, new Scalar((i * 37) % 200 + 20, (i * 71) % 200 + 20, (i * 113) % 200 + 20));
        int s = h / 4;
        int x = (i * 13) % (w - s);
        Imgproc.rectangle(m, new Point(x, s), new Point(x + s, 2 * s), new Scalar(250, 250, 250), -1);
        return m;
    }

    /** Mean absolute difference per channel value between two same-size BGR images. */
    static double meanAbsDiff(Mat a, Mat b) {
        Mat d = new Mat();
        try {
            Core.absdiff(a, b, d);
            Scalar s = Core.mean(d);
            return (s.val[0] + s.val[1] + s.val[2]) / 3;
        } finally {
            d.release();
        }
    }

    /**
     * Encodes {@code count} pattern frames with FFmpeg through JavaCV's recorder.
     *
     * @param format FFmpeg muxer, e.g. "mp4", "mpegts", "avi"
     * @param codec  FFmpeg encoder name, e.g. "libopenh264", "mpeg4"
     */
    static void encode(Path file, String format, String codec, int count, int w, int h, double fps) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
             Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3)) {
            rec.setFormat(format);
            rec.setVideoCodecName(codec);
            rec.setFrameRate(fps);
            rec.setGopSize(10);
            rec.setVideoBitrate(4_000_000);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.start();
            byte[] row = new byte[w * 3];
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            for (int i = 0; i < count; i++) {
                Mat m = pattern(i, w, h);
                try {
                    for (int y = 0; y < h; y++) {
                        m.get(y, 0, row);
                        buf.position(y * frame.imageStride);
                        buf.put(row);
                    }
                    buf.rewind();
                    rec.record(frame, AV_PIX_FMT_BGR24);
                } finally {
                    m.release();
                }
            }
            rec.stop();
        }
    }

    static void releaseAll(List<Mat> mats) {
        mats.forEach(Mat::release);
    }
}
