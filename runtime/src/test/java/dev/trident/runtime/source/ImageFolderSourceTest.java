package dev.trident.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;

class ImageFolderSourceTest {
    private static final int W = 96;
    private static final int H = 64;

    @TempDir
    Path dir;

    @BeforeEach
    void writeFolder() throws Exception {
        for (int i = 0; i < 3; i++) {
            Mat m = TestMedia.pattern(i, W, H);
            assertThat(Imgcodecs.imwrite(dir.resolve("f" + i + ".jpg").toString(), m)).isTrue();
            m.release();
        }
        Files.writeString(dir.resolve("readme.txt"), "not an image");
        Files.createDirectory(dir.resolve("sub"));
        // sorts between f0 and f1: a JPEG header followed by garbage
        Files.write(dir.resolve("f0b.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, 5});
    }

    private static List<Mat> originals() {
        List<Mat> list = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            list.add(TestMedia.pattern(i, W, H));
        }
        return list;
    }

    @Test
    void playsFolderInNameOrderSkippingCorruptAndNonImages() throws Exception {
        Mat into = new Mat();
        List<Mat> expected = originals();
        try (FrameSource source = FrameSources.open(dir.toString(), SourceOptions.defaults().withRealtime(false))) {
            assertThat(source.info().kind()).isEqualTo(SourceKind.IMAGES);
            assertThat(source.info().nominalFps()).isEqualTo(30);
            for (int i = 0; i < 3; i++) {
                Frame f = source.read(into);
                assertThat(f.seq()).isEqualTo(i);
                assertThat(f.image()).isSameAs(into);
                assertThat(into.size()).isEqualTo(new Size(W, H));
                assertThat(TestMedia.meanAbsDiff(into, expected.get(i))).as("image %d", i).isLessThan(4);
            }
            assertThat(source.read(into)).isNull();
            SourceStats stats = source.stats();
            assertThat(stats.delivered()).isEqualTo(3);
            assertThat(stats.corruptSkipped()).isEqualTo(1);
            assertThat(stats.state()).isEqualTo(SourceState.ENDED);
            assertThat(stats.lastFrameNanos()).isPositive();
        } finally {
            into.release();
            TestMedia.releaseAll(expected);
        }
    }

    @Test
    void loopWrapsAndSeqKeepsIncreasing() throws Exception {
        Mat into = new Mat();
        List<Mat> expected = originals();
        try (FrameSource source = FrameSources.open(dir.toString(), SourceOptions.defaults().withRealtime(false).withLoop(true))) {
            long lastNanos = 0;
            for (int i = 0; i < 10; i++) {
                Frame f = source.read(into);
                assertThat(f.seq()).isEqualTo(i);
                assertThat(f.captureNanos()).isGreaterThanOrEqualTo(lastNanos);
                lastNanos = f.captureNanos();
                assertThat(TestMedia.meanAbsDiff(into, expected.get(i % 3))).as("frame %d", i).isLessThan(4);
            }
            // order f0, f0b (corrupt), f1, f2: three full passes meet it three times, frame 9 is pass 4's f0
            assertThat(source.stats().corruptSkipped()).isEqualTo(3);
            assertThat(source.stats().state()).isEqualTo(SourceState.UP);
        } finally {
            into.release();
            TestMedia.releaseAll(expected);
        }
    }

    @Test
    void pacesAtRequestedFps() throws Exception {
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(dir.toString(), SourceOptions.defaults().withFps(20).withLoop(true))) {
            Frame first = source.read(into);
            Frame last = first;
            for (int i = 0; i < 8; i++) {
                last = source.read(into);
            }
            double seconds = (last.captureNanos() - first.captureNanos()) / 1e9;
            // 8 periods of 50 ms; loose bounds for a loaded 2-core machine
            assertThat(seconds).isBetween(0.35, 1.5);
            assertThat(last.captureEpochMillis() - first.captureEpochMillis()).isBetween(300L, 1600L);
        } finally {
            into.release();
        }
    }

    @Test
    void globSelectsMatchingImagesOnly() throws Exception {
        Mat m = TestMedia.pattern(7, 40, 30);
        Imgcodecs.imwrite(dir.resolve("sub/a.png").toString(), m);
        Imgcodecs.imwrite(dir.resolve("sub/b.png").toString(), m);
        m.release();
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(dir + "/sub/*.png", SourceOptions.defaults().withRealtime(false))) {
            int n = 0;
            while (source.read(into) != null) {
                assertThat(into.size()).isEqualTo(new Size(40, 30));
                n++;
            }
            assertThat(n).isEqualTo(2);
        } finally {
            into.release();
        }
        try (FrameSource source = FrameSources.open(dir + "/**.png", SourceOptions.defaults().withRealtime(false))) {
            int n = 0;
            while (source.read(into) != null) {
                n++;
            }
            assertThat(n).as("** crosses folders").isEqualTo(2);
        }
        into.release();
    }

    @Test
    void folderWithoutImagesAndAllCorruptLoopFailClearly() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("x.txt"), "x");
        assertThatThrownBy(() -> FrameSources.open(empty.toString(), SourceOptions.defaults()))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining("no image files")
                .hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> FrameSources.open(dir + "/nothere/*.jpg", SourceOptions.defaults()))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining("does not exist");

        Path bad = Files.createDirectory(dir.resolve("bad"));
        Files.write(bad.resolve("a.jpg"), new byte[] {9, 9, 9});
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(bad.toString(), SourceOptions.defaults().withRealtime(false).withLoop(true))) {
            assertThatThrownBy(() -> source.read(into))
                    .isInstanceOf(TridentException.class)
                    .hasMessageContaining("no decodable frame");
            assertThat(source.stats().state()).isEqualTo(SourceState.DOWN);
        } finally {
            into.release();
        }
    }

    @Test
    void closeFromAnotherThreadUnblocksPacedRead() throws Exception {
        Mat into = new Mat();
        FrameSource source = FrameSources.open(dir.toString(), SourceOptions.defaults().withFps(0.2).withLoop(true));
        try {
            source.read(into); // first frame is due at once; the next only in 5 s
            Thread closer = new Thread(() -> {
                sleep(200);
                source.close();
            });
            closer.start();
            long t0 = System.nanoTime();
            assertThat(source.read(into)).isNull();
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
            closer.join();
            assertThat(source.stats().state()).isEqualTo(SourceState.DOWN);
            assertThat(source.read(into)).isNull();
        } finally {
            source.close();
            into.release();
        }
    }

    @Test
    void playsTheSharedRealFrames() throws Exception {
        Path real = Path.of(System.getProperty("trident.shared", "../shared"), "real-frames");
        assertThat(real).isDirectory();
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open(real + "/bdd-*.jpg", SourceOptions.defaults().withRealtime(false))) {
            int n = 0;
            for (Frame f; (f = source.read(into)) != null; n++) {
                Mat direct = Imgcodecs.imread(real.resolve("bdd-" + (n + 1) + ".jpg").toString());
                assertThat(f.image().size()).isEqualTo(new Size(1280, 720));
                assertThat(TestMedia.meanAbsDiff(into, direct)).isZero();
                direct.release();
            }
            assertThat(n).isEqualTo(6);
            assertThat(source.stats().corruptSkipped()).isZero();
        } finally {
            into.release();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
