package dev.trident.runtime.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.cli.TridentCli;
import dev.trident.runtime.mcap.McapJs;
import dev.trident.runtime.mcap.McapReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a real {@code trident record} in a child JVM is killed with SIGKILL mid-write;
 * every message of every complete chunk must survive, readable by scanning, and
 * {@code trident log repair} must give a complete file the official reader accepts.
 */
class KillRecordingTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingKilledWithSigkillKeepsEveryCompleteChunkAndRepairs() throws Exception {
        Path log = dir.resolve("killed.mcap");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), TridentCli.class.getName(),
                "record", "--source", TestModels.realFrames().toString(), "--loop", "--out", log.toString(),
                "--chunk-size", "300000")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // kill once several chunks are on disk (the child keeps writing: the kill lands mid-chunk or mid-write)
            while (!(Files.exists(log) && Files.size(log) > 3_000_000) && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("the recording must still be running: " + Files.readString(dir.resolve("child.log")))
                    .isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(child.exitValue()).isEqualTo(137);

        // an independent count of what a complete-record reader sees: @mcap/core's streaming reader
        // stops at the cut-off record; every message before it is in a complete chunk
        JsonNode js = McapJs.readStreamOnly(log);
        long streamed = js.get("stream").get("logTimes").get("0").size();
        List<Long> scanned;
        try (McapReader r = McapReader.open(log)) {
            assertThat(r.indexed()).isFalse();
            assertThat(r.damage().orElseThrow()).contains("did not finish");
            scanned = RecordReplayTest.frameTimes(log);
        }
        assertThat(scanned).hasSize((int) streamed);
        assertThat(scanned.size()).isGreaterThan(6);
        for (int i = 1; i < scanned.size(); i++) {
            assertThat(scanned.get(i) - scanned.get(0)).isEqualTo(Math.round(i * 1e9 / 30));
        }

        dev.trident.runtime.TestCli.Run repair = dev.trident.runtime.TestCli.trident("log", "repair", log.toString());
        assertThat(repair.code()).as(repair.err()).isZero();
        try (McapReader r = McapReader.open(log)) {
            assertThat(r.indexed()).isTrue();
            assertThat(r.statistics().messageCount()).isEqualTo(scanned.size());
        }
        assertThat(RecordReplayTest.frameTimes(log)).isEqualTo(scanned);
        JsonNode repaired = McapJs.read(log);
        assertThat(repaired.get("indexed").get("statistics").get("messageCount").asLong()).isEqualTo(scanned.size());
        assertThat(repaired.get("indexed").get("logTimes").get("0")).hasSize(scanned.size());
        assertThat(repaired.get("stream").get("done").asBoolean()).isTrue();
    }
}
