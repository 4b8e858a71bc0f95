package dev.trident.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenDataCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new TrainerCli());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesADatasetAndAPreviewSheet() {
        Path out = tmp.resolve("ds");
        Path sheet = tmp.resolve("sheet.png");
        Run r = run("gen-data", "--out", out.toString(), "--frames", "3", "--seed", "2", "--size", "128x80",
                "--partial", "detection=0.5", "--preview", sheet.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 3 frames");
        assertThat(out.resolve("dataset.yaml")).isRegularFile();
        assertThat(sheet).isRegularFile();
        assertThat(sheet.toFile().length()).isGreaterThan(1000);
    }

    @Test
    void badInputsGiveOneClearLineAndExitCode2() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String[][] cases = {
            {"--size", "0x0"},
            {"--size", "big"},
            {"--partial", "detection:0.5"},
            {"--partial", "detection=2"},
            {"--frames", "0"},
            {"--drive", "--frames", "5"},
            {"--seconds", "3"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "gen-data";
            args[1] = "--out";
            args[2] = tmp.resolve("never").toString();
            System.arraycopy(c, 0, args, 3, c.length);
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", c)).startsWith("trident gen-data: ").doesNotContain("Exception");
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
        Run r = run("gen-data", "--out", file.resolve("sub").toString(), "--frames", "1", "--size", "64x32");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("trident gen-data: ").contains(file.toString());
        assertThat(tmp.resolve("never")).doesNotExist();
    }
}
