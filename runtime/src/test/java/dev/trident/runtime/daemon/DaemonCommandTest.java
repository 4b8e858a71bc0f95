package dev.trident.runtime.daemon;

import static dev.trident.runtime.TestCli.trident;

import dev.trident.runtime.TestCli.Run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.cli.TridentCli;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.server.DaemonFixture;
import dev.trident.runtime.source.SourceOptions;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** {@code trident daemon} end to end: an H.264 MP4 made here, bad input, a dead live source, SIGTERM. */
class DaemonCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;


    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }


    @Test
    void anH264Mp4IsDecodedByTheFfmpegSourceAndTheDaemonEndsWithIt() throws Exception {
        Path mp4 = dir.resolve("drive.mp4");
        int frames = encodeRealFrames(mp4, 12);
        Run r = trident("daemon", "--model", DaemonFixture.tinyModel().toString(), "--source", mp4.toString(), "--no-loop",
                "--fps", "60", "--port", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trident daemon: serving http://127.0.0.1:").contains("the source ended;");
        int processed = Integer.parseInt(r.out().replaceAll("(?s).*the source ended; (\\d+) frames processed.*", "$1"));
        assertThat(processed).isBetween(1, frames);
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        String model = DaemonFixture.tinyModel().toString();
        Run missing = trident("daemon", "--model", model, "--source", dir.resolve("nothing.mp4").toString(), "--port", "0");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(lastLine(missing.err())).startsWith("trident daemon: ").contains("frame source not found").contains("nothing.mp4");

        Path corrupt = Files.write(dir.resolve("broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        Run undecodable = trident("daemon", "--model", model, "--source", corrupt.toString(), "--port", "0");
        assertThat(undecodable.code()).isEqualTo(2);
        assertThat(undecodable.err()).contains("broken.mp4");

        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Run busy = trident("daemon", "--model", model, "--source", TestModels.realFrames().toString(), "--port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(busy.code()).isEqualTo(2);
            assertThat(lastLine(busy.err())).startsWith("trident daemon: port ").contains("is already in use");
        }

        Run noModel = trident("daemon", "--model", dir.resolve("none.onnx").toString(), "--source", "/dev/video0");
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("none.onnx").contains("does not exist");
    }

    @Test
    void aLiveSourceThatIsDownRetriesAndHealthSays503() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SourceOptions fastRetry = SourceOptions.defaults().withReconnect(Duration.ofMillis(50), Duration.ofMillis(200))
                .withOpenTimeout(Duration.ofSeconds(1));
        try (Daemon d = DaemonCommand.open(DaemonFixture.tinyModel(), "rtsp://127.0.0.1:" + closedPort + "/cam", fastRetry,
                DaemonFixture.config(DaemonFixture.settings()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (d.pipeline().source().stats().reconnects() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            var h = DaemonFixture.get(d, "/health");
            assertThat(h.statusCode()).isEqualTo(503);
            var body = JSON.readTree(h.body());
            assertThat(body.get("status").asText()).isEqualTo("source-down");
            assertThat(body.get("source").get("reconnects").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(DaemonFixture.get(d, "/metrics").body()).contains("trident_source_up 0.0");
        }
    }

    @Test
    void corruptFramesAreSkippedAndCounted() throws Exception {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Files.copy(TestModels.realFrames().resolve("bdd-1.jpg"), frames.resolve("a.jpg"));
        Files.write(frames.resolve("b.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5});
        Files.copy(TestModels.realFrames().resolve("bdd-2.jpg"), frames.resolve("c.jpg"));
        try (Daemon d = DaemonCommand.open(DaemonFixture.tinyModel(), frames.toString(),
                SourceOptions.defaults().withLoop(true).withFps(30), DaemonFixture.config(DaemonFixture.settings()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while ((d.pipeline().processed() < 4 || d.pipeline().source().stats().corruptSkipped() < 1)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(d.pipeline().source().stats().corruptSkipped()).isPositive();
            assertThat(d.pipeline().processed()).isGreaterThanOrEqualTo(4);
            assertThat(DaemonFixture.get(d, "/metrics").body()).containsPattern("trident_source_corrupt_frames_total [1-9]");
            assertThat(DaemonFixture.get(d, "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sigtermStopsGracefully() throws Exception {
        // the 640x384 demo model, unpaced: the inference thread is inside session.run nearly all the
        // time, so the signal lands mid-run — where ONNX Runtime's own shutdown hook used to free the
        // environment under the running session (SIGSEGV, exit 134)
        Path model = GeneratedModel.write(dir.resolve("busy.onnx"), GeneratedModel.Spec.demo());
        // its own temp dir: the child extracts its own copies of the native libraries
        Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a bigger main-thread stack: with the default one, ONNX Runtime's session creation overflowed it
                // in native code (SIGSEGV, exit 139) when started with this long class path
                "-Xss8m", "-Djava.io.tmpdir=" + tmp, "-cp", productClassPath(), TridentCli.class.getName(), "daemon", "--model",
                model.toString(), "--source", TestModels.realFrames().toString(), "--fps", "200", "--port", "0"));
        Path log = dir.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(log).contains("serving http") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            assertThat(p.isAlive()).as("daemon process died: %s %s", p.isAlive() ? "" : "exit " + p.exitValue(),
                    Files.readString(log)).isTrue();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(log);
            assertThat(out).doesNotContain("fatal error");
            assertThat(p.exitValue()).as(out).isEqualTo(143);
            assertThat(out).contains("daemon stopped after");
        } finally {
            p.destroyForcibly();
        }
    }

    /** The test JVM's class path without the test frameworks: the child runs product code only. */
    private static String productClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("test-classes") && !e.contains("/org/junit/") && !e.contains("/org/assertj/")
                        && !e.contains("/org/opentest4j/") && !e.contains("/org/apiguardian/") && !e.contains("surefire"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The last line of a command's stderr (above it: log lines). */
    private static String lastLine(String err) {
        String[] lines = err.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** Encodes the real frames (cycled) as an H.264 MP4 with JavaCV's recorder; returns the frame count. */
    static int encodeRealFrames(Path file, int count) throws Exception {
        int w = 320;
        int h = 180;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
             Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3)) {
            rec.setFormat("mp4");
            rec.setVideoCodecName("libopenh264");
            rec.setFrameRate(30);
            rec.setVideoBitrate(2_000_000);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.start();
            byte[] row = new byte[w * 3];
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            Mat small = new Mat();
            try {
                for (int i = 0; i < count; i++) {
                    Mat m = Imgcodecs.imread(TestModels.realFrames().resolve("bdd-" + (i % 6 + 1) + ".jpg").toString());
                    try {
                        Imgproc.resize(m, small, new org.opencv.core.Size(w, h));
                    } finally {
                        m.release();
                    }
                    for (int y = 0; y < h; y++) {
                        small.get(y, 0, row);
                        buf.position(y * frame.imageStride);
                        buf.put(row);
                    }
                    buf.rewind();
                    rec.record(frame, AV_PIX_FMT_BGR24);
                }
            } finally {
                small.release();
            }
            rec.stop();
        }
        return count;
    }
}
