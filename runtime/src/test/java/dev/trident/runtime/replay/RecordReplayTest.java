package dev.trident.runtime.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.Distortion;
import dev.trident.calibration.io.CameraModelYaml;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.mcap.McapReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record → log → replay through the CLI: timestamps, determinism, bad input. */
class RecordReplayTest {
    @TempDir
    static Path dir;
    static Path log;
    static Path model;

    @BeforeAll
    static void recordOnce() throws Exception {
        model = GeneratedModel.write(dir.resolve("m.onnx"), GeneratedModel.Spec.tiny());
        Path cam = dir.resolve("cam.yaml");
        CameraModelYaml.write(new CameraModel("dashcam", new CameraIntrinsics(1280, 720, 1000, 1000, 640, 360),
                new Distortion.BrownConrady(-0.1, 0.01, 0, 0, 0)), cam);
        log = dir.resolve("drive.mcap");
        // 6 real frames, looped to 12, with results from the model, small chunks
        dev.trident.runtime.TestCli.Run r = dev.trident.runtime.TestCli.trident("record", "--source", TestModels.realFrames().toString(), "--out", log.toString(), "--loop",
                "--max-frames", "12", "--calibration", cam.toString(), "--chunk-size", "200000", "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("recorded 12 frames");
    }

    static List<Long> frameTimes(Path file) {
        List<Long> times = new ArrayList<>();
        try (DriveLogReader r = DriveLogReader.open(file, DriveLog.CAMERA_TOPIC)) {
            var c = r.frames(Long.MIN_VALUE, Long.MAX_VALUE);
            while (c.next()) {
                times.add(c.timeNanos());
            }
        }
        return times;
    }

    @Test
    void recordWritesFramesCalibrationAndResultsAtTheSourceRate() throws Exception {
        List<Long> t = frameTimes(log);
        assertThat(t).hasSize(12);
        for (int i = 1; i < t.size(); i++) {
            assertThat(t.get(i) - t.get(0)).isEqualTo(Math.round(i * 1e9 / 30));
        }
        try (McapReader r = McapReader.open(log)) {
            assertThat(r.indexed()).isTrue();
            assertThat(r.statistics().chunkCount()).isGreaterThan(3);
            var counts = r.statistics().channelMessageCounts();
            assertThat(counts.get(r.channel(DriveLog.CAMERA_TOPIC).orElseThrow().id())).isEqualTo(12);
            assertThat(counts.get(r.channel(DriveLog.RESULTS_TOPIC).orElseThrow().id())).isEqualTo(12);
            assertThat(counts.get(r.channel(DriveLog.CALIBRATION_TOPIC).orElseThrow().id())).isEqualTo(1);
            var c = r.messages();
            var mapper = new ObjectMapper();
            while (c.next()) {
                if (c.message().channelId() == r.channel(DriveLog.CALIBRATION_TOPIC).orElseThrow().id()) {
                    var json = mapper.readTree(c.message().data());
                    assertThat(json.get("width").asInt()).isEqualTo(1280);
                    assertThat(json.get("distortion_model").asText()).isEqualTo("plumb_bob");
                    assertThat(json.get("K").get(0).asDouble()).isEqualTo(1000);
                    assertThat(json.get("P")).hasSize(12);
                }
            }
        }
        dev.trident.runtime.TestCli.Run info = dev.trident.runtime.TestCli.trident("log", "info", log.toString());
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("state: complete").contains("/camera/image/compressed")
                .contains("foxglove.CameraCalibration").contains("12 messages").contains("30.00 Hz");
        // the official reader agrees
        var js = dev.trident.runtime.mcap.McapJs.read(log);
        assertThat(js.get("indexed").get("statistics").get("messageCount").asLong()).isEqualTo(25);
    }

    @Test
    void replayHandsOnEveryFrameWithItsRecordedTimestamp() throws Exception {
        List<Long> seen = new ArrayList<>();
        ReplaySink capture = new ReplaySink() {
            @Override
            public void accept(long seq, long timeNanos, ReplayInput input) {
                assertThat(input.image().cols()).isEqualTo(1280);
                seen.add(timeNanos);
            }

            @Override
            public String summary() {
                return "";
            }

            @Override
            public void close() {
            }
        };
        try (LogInput in = new LogInput(log, DriveLog.CAMERA_TOPIC, 0, Long.MAX_VALUE)) {
            ReplayRunner.Report rep = ReplayRunner.run(in, capture, new ReplayRunner.Settings(0, false, 0, false), System.err,
                    new AtomicBoolean());
            assertThat(rep.frames()).isEqualTo(12);
        }
        assertThat(seen).isEqualTo(frameTimes(log));

        // a window and a loop: frames 3..8, twice; the second pass continues one interval after the first
        seen.clear();
        long interval = Math.round(1e9 / 30);
        try (LogInput in = new LogInput(log, DriveLog.CAMERA_TOPIC, 3 * interval, 8 * interval + 10)) {
            ReplayRunner.run(in, capture, new ReplayRunner.Settings(0, true, 12, false), System.err, new AtomicBoolean());
        }
        List<Long> all = frameTimes(log);
        assertThat(seen).hasSize(12);
        assertThat(seen.subList(0, 6)).isEqualTo(all.subList(3, 9));
        assertThat(seen.get(6) - seen.get(5)).isBetween(interval - 1, interval + 1);
    }

    @Test
    void resultsAreByteIdenticalAcrossRunsAndRates() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path c = dir.resolve("c.jsonl");
        dev.trident.runtime.TestCli.Run r1 = dev.trident.runtime.TestCli.trident("replay", log.toString(), "--model", model.toString(), "--results", a.toString(), "--rate", "1");
        assertThat(r1.code()).as(r1.err()).isZero();
        assertThat(r1.out()).contains("replayed 12 frames").contains("interval error mean").contains("p99");
        assertThat(r1.err()).contains("replay"); // the progress bar
        dev.trident.runtime.TestCli.Run r2 = dev.trident.runtime.TestCli.trident("replay", log.toString(), "--model", model.toString(), "--results", b.toString(), "--rate", "max",
                "--no-progress");
        assertThat(r2.code()).as(r2.err()).isZero();
        assertThat(r2.out()).contains("unpaced");
        dev.trident.runtime.TestCli.Run r3 = dev.trident.runtime.TestCli.trident("replay", log.toString(), "--model", model.toString(), "--results", c.toString(), "--rate", "4",
                "--no-progress");
        assertThat(r3.code()).as(r3.err()).isZero();
        List<String> lines = Files.readAllLines(a);
        assertThat(lines).hasSize(12);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(c)).isEqualTo(Files.readAllBytes(a));
        List<Long> t = frameTimes(log);
        var mapper = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            var json = mapper.readTree(lines.get(i));
            assertThat(json.get("seq").asLong()).isEqualTo(i);
            assertThat(json.get("captureEpochMs").asLong()).isEqualTo(Math.floorDiv(t.get(i), 1_000_000L));
            assertThat(json.has("timings")).isFalse();
        }
        // frames 0-5 and 6-11 are the same images: same results apart from seq and time
        assertThat(strip(lines.get(7))).isEqualTo(strip(lines.get(1)));
    }

    private static String strip(String line) {
        return line.replaceAll("\"seq\":\\d+,\"captureEpochMs\":\\d+,", "");
    }

    @Test
    void replaysAnImageFolderAtItsNominalRate() throws Exception {
        Path out = dir.resolve("folder.jsonl");
        dev.trident.runtime.TestCli.Run r = dev.trident.runtime.TestCli.trident("replay", TestModels.realFrames().toString(), "--model", model.toString(), "--results",
                out.toString(), "--rate", "max", "--no-progress", "--to", "100ms");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4); // 0, 33, 67, 100 ms
        assertThat(lines.get(3)).contains("\"captureEpochMs\":100,");
    }

    @Test
    void badInputGivesOneLineAndExitCode2() throws Exception {
        String m = model.toString();
        String l = log.toString();
        expectBad(dev.trident.runtime.TestCli.trident("replay", l, "--model", m, "--rate", "fast"), "--rate 'fast'");
        expectBad(dev.trident.runtime.TestCli.trident("replay", l, "--model", m, "--rate", "-1"), "--rate");
        expectBad(dev.trident.runtime.TestCli.trident("replay", l), "either --model");
        expectBad(dev.trident.runtime.TestCli.trident("replay", l, "--model", m, "--push", "ws://127.0.0.1:1/ws/ingest"), "not both");
        expectBad(dev.trident.runtime.TestCli.trident("replay", l, "--model", m, "--from", "ten"), "--from 'ten'");
        expectBad(dev.trident.runtime.TestCli.trident("replay", l, "--model", m, "--from", "5s", "--no-progress"), "no frames");
        expectBad(dev.trident.runtime.TestCli.trident("replay", l, "--model", m, "--topic", "/nope"), "has no channel '/nope'");
        expectBad(dev.trident.runtime.TestCli.trident("replay", l, "--model", m, "--topic", DriveLog.RESULTS_TOPIC), "trident.PerceptionResult");
        expectBad(dev.trident.runtime.TestCli.trident("replay", dir.resolve("none.mcap").toString(), "--model", m), "not found");
        Path text = Files.writeString(dir.resolve("text.mcap"), "not a log");
        expectBad(dev.trident.runtime.TestCli.trident("replay", text.toString(), "--model", m), "not an MCAP file");
        expectBad(dev.trident.runtime.TestCli.trident("replay", l, "--model", m, "--bogus"), "bogus");
        expectBad(dev.trident.runtime.TestCli.trident("record", "--source", TestModels.realFrames().toString(), "--out", l), "exists");
        expectBad(dev.trident.runtime.TestCli.trident("record", "--source", TestModels.realFrames().toString(), "--out", dir.resolve("x.mcap").toString(),
                "--duration", "a while"), "--duration");
        expectBad(dev.trident.runtime.TestCli.trident("record", "--source", dir.resolve("nothing").toString(), "--out", dir.resolve("y.mcap").toString()),
                "not found");
        expectBad(dev.trident.runtime.TestCli.trident("log", "repair", dir.resolve("none.mcap").toString()), "not found");
        expectBad(dev.trident.runtime.TestCli.trident("log", "info", text.toString()), "not an MCAP file");
    }

    static void expectBad(dev.trident.runtime.TestCli.Run r, String says) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).contains(says).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aTruncatedLogReplaysItsCompleteChunksAndRepairCompletesIt() throws Exception {
        byte[] all = Files.readAllBytes(log);
        Path cut = dir.resolve("cut.mcap");
        Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3));
        dev.trident.runtime.TestCli.Run info = dev.trident.runtime.TestCli.trident("log", "info", cut.toString());
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("did not finish").contains("trident log repair");
        List<Long> kept = frameTimes(cut);
        assertThat(kept.size()).isBetween(4, 11);
        assertThat(kept).isEqualTo(frameTimes(log).subList(0, kept.size()));

        Path out = dir.resolve("cut.jsonl");
        dev.trident.runtime.TestCli.Run replay = dev.trident.runtime.TestCli.trident("replay", cut.toString(), "--model", model.toString(), "--results", out.toString(), "--rate",
                "max", "--no-progress");
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(kept.size());

        dev.trident.runtime.TestCli.Run repair = dev.trident.runtime.TestCli.trident("log", "repair", cut.toString());
        assertThat(repair.code()).as(repair.err()).isZero();
        assertThat(repair.out()).contains("repaired").contains("kept");
        try (McapReader r = McapReader.open(cut)) {
            assertThat(r.indexed()).isTrue();
        }
        assertThat(frameTimes(cut)).isEqualTo(kept);
    }
}
