package dev.trident.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trident.bench.cli.BenchCli;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke: {@code trident bench} end to end on the tiny generated model and the real frames,
 * every mode, about a second per phase. Checks the report's structure and sanity, never an
 * absolute time.
 */
class BenchSmokeTest {
    @TempDir
    static Path dir;
    static BenchReport report;
    static int exitCode;
    static String stdout;

    @BeforeAll
    static void run() throws Exception {
        Path frames = Path.of(System.getProperty("trident.shared", "../../shared"), "real-frames");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exitCode = BenchCli.run("bench", "--tiny", "--source", frames.toString(), "--fps", "30", "--duration", "1s",
                    "--closed-duration", "0.7s", "--warmup", "0.2s", "--modes", "all", "--report", dir.toString());
        } finally {
            System.setOut(old);
        }
        stdout = out.toString(StandardCharsets.UTF_8);
        report = ReportWriter.read(dir.resolve(ReportWriter.JSON));
    }

    @Test
    void exitsZeroAndPrintsTheRatios() {
        assertThat(exitCode).as(stdout).isZero();
        assertThat(stdout).contains("runtime/ort-floor throughput", "report.json");
    }

    @Test
    void describesTheRun() {
        assertThat(report.schema()).isEqualTo(BenchReport.SCHEMA);
        assertThat(report.command()).startsWith("trident bench --tiny");
        assertThat(report.machine().cores()).isPositive();
        assertThat(report.machine().cpuModel()).isNotBlank();
        assertThat(report.jvm().version()).isNotBlank();
        assertThat(report.model().generated()).isTrue();
        assertThat(report.model().inputWidth()).isEqualTo(160);
        assertThat(report.model().heads()).hasSize(3);
        assertThat(report.source().frames()).isEqualTo(6);
        assertThat(report.source().width()).isEqualTo(1280);
        assertThat(report.source().decodeMs().count()).isEqualTo(6);
        assertThat(report.settings().timer()).contains("scheduled arrival");
        assertThat(report.notes()).anyMatch(n -> n.contains("generated"));
    }

    @Test
    void runsEveryModeOrSaysWhyNot() {
        assertThat(report.modes()).extracting(BenchReport.ModeResult::mode)
                .containsExactly("ort-floor", "runtime", "runtime-rates", "single-task", "djl", "opencv-dnn");
        for (BenchReport.ModeResult m : report.modes()) {
            assertThat(m.status()).as(m.mode() + ": " + m.reason()).isIn("ok", "skipped");
            if (!m.ok()) {
                assertThat(m.reason()).isNotBlank();
            }
        }
        // the Trident modes and the floor always run here
        for (String mode : List.of("ort-floor", "runtime", "runtime-rates", "single-task")) {
            assertThat(report.mode(mode).orElseThrow().ok()).as(mode).isTrue();
        }
    }

    @Test
    void phasesAreSane() {
        for (BenchReport.ModeResult m : report.modes()) {
            if (!m.ok()) {
                continue;
            }
            assertThat(m.sessionCreateMs()).as(m.mode()).isPositive();
            for (BenchReport.Phase p : List.of(m.openLoop(), m.closedLoop())) {
                String what = m.mode() + " " + p.load();
                assertThat(p.errors()).as(what).isZero();
                assertThat(p.processed()).as(what).isPositive();
                assertThat(p.processed() + p.dropped()).as(what).isEqualTo(p.offered());
                BenchReport.Latency l = p.latencyMs();
                assertThat(l.count()).as(what).isEqualTo(p.processed());
                assertThat(l.min()).as(what).isLessThanOrEqualTo(l.p50());
                assertThat(l.p50()).as(what).isLessThanOrEqualTo(l.p90());
                assertThat(l.p90()).as(what).isLessThanOrEqualTo(l.p99());
                assertThat(l.p99()).as(what).isLessThanOrEqualTo(l.p999());
                assertThat(l.p999()).as(what).isLessThanOrEqualTo(l.max());
                assertThat(p.throughputFps()).as(what).isPositive();
                assertThat(p.allocBytesPerFrame()).as(what).isNotNegative();
                assertThat(p.rssMb()).as(what).isPositive();
                assertThat(p.distribution()).as(what).isNotEmpty();
                assertThat(p.stages()).as(what).extracting(BenchReport.Stage::name).contains("inference");
                for (BenchReport.Stage s : p.stages()) {
                    assertThat(s.count()).as(what + " " + s.name()).isLessThanOrEqualTo(p.processed());
                    assertThat(s.meanPerFrameMs()).as(what + " " + s.name()).isNotNegative();
                }
            }
            assertThat(m.openLoop().schedulerLagMs()).isNotNull();
        }
    }

    @Test
    void theTridentModesTimeEveryStage() {
        BenchReport.Phase p = report.mode("runtime").orElseThrow().closedLoop();
        assertThat(p.stages()).extracting(BenchReport.Stage::name)
                .containsExactly("preprocess", "inference", "decode:detection", "decode:segmentation", "decode:depth", "publish");
        assertThat(p.stages()).allSatisfy(s -> assertThat(s.count()).isEqualTo(p.processed()));

        // depth at half rate: its decode runs on every 2nd frame
        BenchReport.Phase rates = report.mode("runtime-rates").orElseThrow().closedLoop();
        BenchReport.Stage depth = rates.stages().stream().filter(s -> s.name().equals("decode:depth")).findFirst().orElseThrow();
        assertThat(depth.count()).isBetween(rates.processed() / 2 - 1, rates.processed() / 2 + 1);

        BenchReport.ModeResult single = report.mode("single-task").orElseThrow();
        assertThat(single.notes()).anyMatch(n -> n.contains("detection"));
        assertThat(dir.resolve("single-task")).isDirectoryContaining(f -> f.getFileName().toString().endsWith(".depth.onnx"));
    }

    @Test
    void reportsTheRatiosWithTargets() {
        Set<String> names = report.ratios().stream().map(BenchReport.Ratio::name).collect(Collectors.toSet());
        assertThat(names).contains("runtime/ort-floor throughput", "multi-head/single-task latency", "runtime/djl throughput",
                "runtime/opencv-dnn throughput", "runtime p99.9/p50 latency", "runtime heap bytes allocated per frame");
        for (BenchReport.Ratio r : report.ratios()) {
            boolean needsSkipped = (r.name().contains("djl") && !report.mode("djl").orElseThrow().ok())
                    || (r.name().contains("opencv") && !report.mode("opencv-dnn").orElseThrow().ok());
            if (!needsSkipped) {
                assertThat(r.value()).as(r.name()).isNotNull().isPositive();
            }
            if (r.target() != null && r.value() != null) {
                assertThat(r.met()).as(r.name()).isNotNull();
            }
        }
    }

    @Test
    void writesMarkdownAndPlots() throws Exception {
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertThat(md).contains("## Ratios", "## Open loop", "## Closed loop", "## Stages", "runtime/ort-floor throughput",
                "trident bench --tiny", Plots.OPEN);
        for (String png : List.of(Plots.OPEN, Plots.CLOSED, Plots.STAGES)) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(800);
            assertThat(img.getHeight()).isGreaterThan(500);
        }
    }
}
