package dev.trident.runtime.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trident.runtime.TestModels;
import dev.trident.runtime.ingest.IngestMessage;
import dev.trident.runtime.image.OpenCvNatives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** replay --push into a WebSocket ingest endpoint on loopback: frames, times, token, failures. */
class PushReplayTest {
    @TempDir
    Path dir;

    @Test
    void pushesEveryLoggedFrameWithItsTimeAndTheRecordedJpeg() throws Exception {
        Path log = dir.resolve("d.mcap");
        dev.trident.runtime.TestCli.Run rec = dev.trident.runtime.TestCli.trident("record", "--source", TestModels.realFrames().toString(), "--out", log.toString());
        assertThat(rec.code()).as(rec.err()).isZero();
        List<Long> times = RecordReplayTest.frameTimes(log);
        try (IngestTestServer server = new IngestTestServer("s3cret")) {
            dev.trident.runtime.TestCli.Run r = dev.trident.runtime.TestCli.trident("replay", log.toString(), "--push", server.url(), "--token", "s3cret", "--rate", "max",
                    "--no-progress");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("replayed 6 frames");
            long deadline = System.currentTimeMillis() + 5000;
            while (server.received.size() < 6 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.received).hasSize(6);
            OpenCvNatives.load();
            try (DriveLogReader reader = DriveLogReader.open(log, DriveLog.CAMERA_TOPIC)) {
                var c = reader.frames(Long.MIN_VALUE, Long.MAX_VALUE);
                for (int i = 0; i < 6; i++) {
                    assertThat(c.next()).isTrue();
                    IngestMessage m = server.received.get(i);
                    assertThat(m.seq()).isEqualTo(i);
                    assertThat(m.captureEpochNanos()).isEqualTo(times.get(i));
                    assertThat(m.image()).isEqualTo(c.image().toByteArray());
                }
            }
            Mat img = Imgcodecs.imdecode(new MatOfByte(server.received.get(0).image()), Imgcodecs.IMREAD_COLOR);
            assertThat(img.cols()).isEqualTo(1280);
            img.release();
        }
    }

    @Test
    void pushesAFolderAsJpegAndRefusesAWrongTokenOrNoDaemon() throws Exception {
        try (IngestTestServer server = new IngestTestServer("right")) {
            dev.trident.runtime.TestCli.Run ok = dev.trident.runtime.TestCli.trident("replay", TestModels.realFrames().toString(), "--push", server.url(), "--token", "right",
                    "--rate", "max", "--no-progress");
            assertThat(ok.code()).as(ok.err()).isZero();
            long deadline = System.currentTimeMillis() + 5000;
            while (server.received.size() < 6 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.received).hasSize(6);
            assertThat(server.received.get(1).captureEpochNanos()).isEqualTo(Math.round(1e9 / 30));
            assertThat(server.received.get(0).image()[0] & 0xff).isEqualTo(0xff); // JPEG SOI
            assertThat(server.received.get(0).image()[1] & 0xff).isEqualTo(0xd8);

            dev.trident.runtime.TestCli.Run wrong = dev.trident.runtime.TestCli.trident("replay", TestModels.realFrames().toString(), "--push", server.url(), "--token", "wrong",
                    "--no-progress");
            RecordReplayTest.expectBad(wrong, "refused the WebSocket handshake");
            dev.trident.runtime.TestCli.Run none = dev.trident.runtime.TestCli.trident("replay", TestModels.realFrames().toString(), "--push", server.url(), "--no-progress");
            RecordReplayTest.expectBad(none, "--token");
        }
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        dev.trident.runtime.TestCli.Run down = dev.trident.runtime.TestCli.trident("replay", TestModels.realFrames().toString(), "--push",
                "ws://127.0.0.1:" + closedPort + "/ws/ingest", "--no-progress");
        RecordReplayTest.expectBad(down, "cannot connect");
        RecordReplayTest.expectBad(dev.trident.runtime.TestCli.trident("replay", TestModels.realFrames().toString(), "--push", "wss://127.0.0.1:1/ws/ingest"),
                "wss:// is not supported");
        assertThat(Files.exists(dir)).isTrue();
    }
}
