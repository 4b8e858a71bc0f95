package dev.trident.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input gets one line naming the problem and exit code 2. */
class BenchCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(dev.trident.bench.cli.BenchCli.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void unknownModeIsBadInput() {
        Run r = run("bench", "--tiny", "--modes", "runtime,tensorflow", "--report", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown bench mode 'tensorflow'", "ort-floor");
    }

    @Test
    void replayLogsAreNotSupportedYet() throws Exception {
        Path mcap = Files.writeString(dir.resolve("drive.mcap"), "x");
        Run r = run("bench", "--tiny", "--source", mcap.toString(), "--modes", "runtime", "--report", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(".mcap", "not supported", "--source synthetic");
    }

    @Test
    void missingModelIsBadInput() {
        Run r = run("bench", "--model", dir.resolve("nope.onnx").toString(), "--report", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.onnx does not exist");
    }

    @Test
    void missingSourceIsBadInput() {
        Run r = run("bench", "--tiny", "--source", dir.resolve("no-such-folder").toString(), "--modes", "runtime",
                "--report", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-folder");
    }

    @Test
    void nonsenseRatesAreBadInput() {
        assertThat(run("bench", "--tiny", "--fps", "0", "--report", dir.toString()).code()).isEqualTo(2);
        assertThat(run("bench", "--tiny", "--queue", "0", "--report", dir.toString()).code()).isEqualTo(2);
        Run r = run("bench", "--tiny", "--duration", "soon", "--report", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'soon' is not a duration");
    }

    @Test
    void durationsParse() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(DurationConverter.parse("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(DurationConverter.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("5")).isEqualTo(Duration.ofSeconds(5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DurationConverter.parse("-1s"))
                .isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
