package dev.trident.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.videoio.VideoWriter;
import org.opencv.videoio.Videoio;

class VideoFileSourceTest {
    private static final int W = 320;
    private static final int H = 240;
    private static final int COUNT = 30;

    @TempDir
    static Path dir;
    static Path h264Mp4;

    @BeforeAll
    static void encodeH264() throws Exception {
        h264Mp4 = dir.resolve("clip.mp4");
        // the bytedeco FFmpeg build has no libx264 (GPL); libopenh264 is its H.264 encoder
        TestMedia.encode(h264Mp4, "mp4", "libopenh264", COUNT, W, H, 30);
    }

    private static final SourceOptions FAST = SourceOptions.defaults().withRealtime(false);

    @Test
    void decodesH264Mp4WithCorrectCountAndContent() throws Exception {
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(h264Mp4.toString(), FAST)) {
            SourceInfo info = source.info();
            assertThat(info.kind()).isEqualTo(SourceKind.VIDEO_FILE);
            assertThat(info.live()).isFalse();
            assertThat(info.description()).contains("h264").contains("FFmpeg");
            assertThat(info.width()).isEqualTo(W);
            assertThat(info.height()).isEqualTo(H);
            assertThat(info.nominalFps()).isCloseTo(30, org.assertj.core.data.Offset.offset(0.01));
            for (int i = 0; i < COUNT; i++) {
                Frame f = source.read(into);
                assertThat(f).as("frame %d", i).isNotNull();
                assertThat(f.seq()).isEqualTo(i);
                assertThat(f.image()).isSameAs(into);
                assertThat(into.type()).isEqualTo(CvType.CV_8UC3);
                assertThat(into.size()).isEqualTo(new Size(W, H));
                Mat expected = TestMedia.pattern(i, W, H);
                try {
                    assertThat(TestMedia.meanAbsDiff(into, expected)).as("frame %d vs original", i).isLessThan(8);
                } finally {
                    expected.release();
                }
            }
            assertThat(source.read(into)).isNull();
            SourceStats stats = source.stats();
            assertThat(stats.delivered()).isEqualTo(COUNT);
            assertThat(stats.corruptSkipped()).isZero();
            assertThat(stats.state()).isEqualTo(SourceState.ENDED);
        } finally {
            into.release();
        }
    }

    @Test
    void readsMjpgAviWrittenByOpenCv() throws Exception {
        Path avi = dir.resolve("clip.avi");
        VideoWriter writer = new VideoWriter(avi.toString(), Videoio.CAP_OPENCV_MJPEG, VideoWriter.fourcc('M', 'J', 'P', 'G'), 15,
                new Size(W, H));
        assertThat(writer.isOpened()).isTrue();
        for (int i = 0; i < 12; i++) {
            Mat m = TestMedia.pattern(i, W, H);
            writer.write(m);
            m.release();
        }
        writer.release();

        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(avi.toString(), FAST)) {
            assertThat(source.info().description()).contains("OpenCV");
            assertThat(source.info().nominalFps()).isEqualTo(15);
            int n = 0;
            for (Frame f; (f = source.read(into)) != null; n++) {
                assertThat(f.seq()).isEqualTo(n);
                assertThat(into.size()).isEqualTo(new Size(W, H));
                Mat expected = TestMedia.pattern(n, W, H);
                assertThat(TestMedia.meanAbsDiff(into, expected)).isLessThan(6);
                expected.release();
            }
            assertThat(n).isEqualTo(12);
        } finally {
            into.release();
        }
    }

    @Test
    void aviInAnotherCodecFallsBackToFfmpeg() throws Exception {
        Path avi = dir.resolve("mpeg4.avi");
        TestMedia.encode(avi, "avi", "mpeg4", 10, W, H, 25);
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(avi.toString(), FAST)) {
            assertThat(source.info().description()).contains("mpeg4").contains("FFmpeg");
            int n = 0;
            while (source.read(into) != null) {
                n++;
            }
            assertThat(n).isEqualTo(10);
        } finally {
            into.release();
        }
    }

    @Test
    void loopingFileWrapsAndSeqKeepsIncreasing() throws Exception {
        Mat into = new Mat();
        Mat first = new Mat();
        try (FrameSource source = FrameSources.open(h264Mp4.toString(), FAST.withLoop(true))) {
            for (int i = 0; i < COUNT + 5; i++) {
                Frame f = source.read(into);
                assertThat(f.seq()).isEqualTo(i);
                if (i == 0) {
                    into.copyTo(first);
                }
                if (i == COUNT) {
                    assertThat(TestMedia.meanAbsDiff(into, first)).as("loop restarts at frame 0").isLessThan(1);
                }
            }
            assertThat(source.stats().state()).isEqualTo(SourceState.UP);
        } finally {
            into.release();
            first.release();
        }
    }

    @Test
    void realtimePacesAtFileRateAndNonRealtimeDoesNot() throws Exception {
        Path slow = dir.resolve("slow.mp4");
        TestMedia.encode(slow, "mp4", "libopenh264", 10, 160, 120, 10);
        Mat into = new Mat();
        try {
            long t0 = System.nanoTime();
            try (FrameSource source = FrameSources.open(slow.toString(), SourceOptions.defaults())) {
                while (source.read(into) != null) {
                    // drain at the file's own 10 fps
                }
            }
            double pacedSec = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            try (FrameSource source = FrameSources.open(slow.toString(), FAST)) {
                while (source.read(into) != null) {
                    // as fast as it decodes
                }
            }
            double fastSec = (System.nanoTime() - t0) / 1e9;
            // 10 frames at 10 fps: the 10th is due 0.9 s after the first
            assertThat(pacedSec).isBetween(0.8, 3.0);
            assertThat(fastSec).isLessThan(pacedSec / 2);
        } finally {
            into.release();
        }
    }

    @Test
    void closeFromAnotherThreadWhileDecodingIsSafe() throws Exception {
        for (int round = 0; round < 20; round++) {
            Mat into = new Mat();
            FrameSource source = FrameSources.open(h264Mp4.toString(), FAST.withLoop(true));
            long[] frames = new long[1];
            Thread reader = new Thread(() -> {
                try {
                    while (source.read(into) != null) {
                        frames[0]++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            reader.start();
            Thread.sleep(round % 5 * 3); // close at varying points: before, during and between decodes
            source.close();
            reader.join(2000);
            assertThat(reader.isAlive()).as("reader returned after close, round %d", round).isFalse();
            assertThat(source.stats().state()).isEqualTo(SourceState.DOWN);
            assertThat(source.read(into)).isNull();
            into.release();
        }
    }

    @Test
    void corruptedH264IsSkippedAndCountedNotFatal() throws Exception {
        byte[] bytes = Files.readAllBytes(h264Mp4);
        // trash a run of bytes in the middle of the media data (the moov box is at the end for this muxer)
        int at = bytes.length / 3;
        for (int i = 0; i < 3000; i++) {
            bytes[at + i] = (byte) (i * 31 + 7);
        }
        Path broken = dir.resolve("broken.mp4");
        Files.write(broken, bytes);
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(broken.toString(), FAST)) {
            int n = 0;
            while (source.read(into) != null) {
                n++;
            }
            SourceStats stats = source.stats();
            assertThat(n).isPositive();
            assertThat(stats.corruptSkipped()).isPositive();
            assertThat(n + stats.corruptSkipped()).isLessThanOrEqualTo(COUNT + 5);
        } finally {
            into.release();
        }
    }

    @Test
    void missingUnknownAndUndecodableFilesFailWithClearMessages() throws Exception {
        Path missing = dir.resolve("nope.mp4");
        assertThatThrownBy(() -> FrameSources.open(missing.toString(), FAST))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("/dev/videoN");
        Path unknown = Files.writeString(dir.resolve("notes.xyz"), "hello");
        assertThatThrownBy(() -> FrameSources.open(unknown.toString(), FAST))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining("unsupported frame source file type '.xyz'");
        Path garbage = Files.write(dir.resolve("garbage.mp4"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThatThrownBy(() -> FrameSources.open(garbage.toString(), FAST))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining(garbage.toString())
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> FrameSources.open("ftp://127.0.0.1/x.mp4", FAST))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining("unsupported frame source scheme");
        assertThatThrownBy(() -> FrameSources.open(" ", FAST))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining("empty");
    }
}
