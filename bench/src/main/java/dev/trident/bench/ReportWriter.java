package dev.trident.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.trident.runtime.TridentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link BenchReport} into a folder: {@code report.json} (schema {@value BenchReport#SCHEMA}),
 * {@code report.md} (the summary a person reads) and the PNG plots ({@link Plots}).
 * Stateless; thread-safe.
 */
public final class ReportWriter {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportWriter() {
    }

    /** Writes the report, its summary and plots; returns the files written. */
    public static List<Path> write(BenchReport report, Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(JSON);
            Files.writeString(json, json(report));
            out.add(json);
            out.addAll(Plots.write(report, dir));
            Path md = dir.resolve(MARKDOWN);
            Files.writeString(md, markdown(report, out.stream().filter(p -> p.toString().endsWith(".png"))
                    .map(p -> p.getFileName().toString()).toList()));
            out.add(md);
        } catch (IOException e) {
            throw new TridentException("cannot write the bench report into " + dir + ": " + e.getMessage());
        }
        return out;
    }

    public static String json(BenchReport report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench report not serialisable: " + e.getMessage(), e);
        }
    }

    public static BenchReport read(Path json) throws IOException {
        return MAPPER.readValue(json.toFile(), BenchReport.class);
    }

    /** The Markdown summary: setup, a table per load, stages, ratios against targets, notes. */
    public static String markdown(BenchReport r, List<String> plots) {
        StringBuilder b = new StringBuilder();
        b.append("# Trident latency bench\n\n");
        if (!r.command().isBlank()) {
            b.append("Command: `").append(r.command()).append("`\n\n");
        }
        b.append(String.format(Locale.ROOT, "- machine: %s, %d cores, %s %s, load average %.2f at the start, %.2f at the end, %d MB RAM%n",
                r.machine().cpuModel(), r.machine().cores(), r.machine().os(), r.machine().arch(), r.machine().loadAverageStart1m(),
                r.machine().loadAverageEnd1m(),
                r.machine().memoryTotalMb()));
        b.append(String.format(Locale.ROOT, "- JVM: %s %s (%s), GC %s, max heap %d MB%n", r.jvm().vm(), r.jvm().version(),
                r.jvm().vendor(), r.jvm().garbageCollectors(), r.jvm().maxHeapMb()));
        b.append(String.format(Locale.ROOT, "- model: %s — %s; input %dx%d; heads %s%n", r.model().name(), r.model().description(),
                r.model().inputWidth(), r.model().inputHeight(), r.model().heads()));
        b.append(String.format(Locale.ROOT, "- frames: %d of %dx%d, %s", r.source().frames(), r.source().width(), r.source().height(),
                r.source().description()));
        if (r.source().decodeMs() != null) {
            b.append(String.format(Locale.ROOT, " (decode p50 %.2f ms, p99 %.2f ms per frame, excluded from latency)",
                    r.source().decodeMs().p50(), r.source().decodeMs().p99()));
        }
        b.append('\n');
        BenchReport.Settings s = r.settings();
        b.append(String.format(Locale.ROOT, "- load: open loop at %.1f fps for %.0f s per mode, budget %.1f ms, queue %d (oldest dropped); "
                + "closed loop %.0f s per mode in %d rounds, modes taking turns; warm-up %.1f s; providers %s%n", s.fps(), s.durationS(),
                s.budgetMs(), s.queue(), s.closedDurationS(), s.closedRounds(), s.warmupS(), s.providers()));
        b.append("- timer: ").append(s.timer()).append("\n\n");

        b.append("## Ratios\n\n| ratio | value | target | met | definition |\n|---|---|---|---|---|\n");
        for (BenchReport.Ratio x : r.ratios()) {
            b.append("| ").append(x.name()).append(" | ").append(x.value() == null ? "—" : fmt(x.value())).append(" | ")
                    .append(x.target() == null ? "—" : x.target()).append(" | ")
                    .append(x.met() == null ? "—" : x.met() ? "yes" : "**no**").append(" | ").append(x.definition())
                    .append(x.note() == null ? "" : " (" + x.note() + ")").append(" |\n");
        }

        b.append("\n## Open loop (latency from scheduled arrival, ms)\n\n");
        b.append("| mode | fps | p50 | p90 | p99 | p99.9 | max | dropped | misses | errors | alloc B/frame | GC | CPU % |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (BenchReport.ModeResult m : r.modes()) {
            phaseRow(b, m, m.openLoop());
        }
        b.append("\n## Closed loop (max throughput; latency = service time, ms)\n\n");
        b.append("| mode | fps | p50 | p90 | p99 | p99.9 | max | dropped | misses | errors | alloc B/frame | GC | CPU % |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (BenchReport.ModeResult m : r.modes()) {
            phaseRow(b, m, m.closedLoop());
        }

        b.append("\n## Stages (closed loop, mean ms per frame; `other` = latency not inside a stage)\n\n");
        b.append("| mode | session create ms | first inference ms | stages |\n|---|---|---|---|\n");
        for (BenchReport.ModeResult m : r.modes()) {
            BenchReport.Phase p = m.closedLoop() != null ? m.closedLoop() : m.openLoop();
            if (!m.ok() || p == null) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (BenchReport.Stage st : p.stages()) {
                parts.add(String.format(Locale.ROOT, "%s %.3f", st.name(), st.meanPerFrameMs()));
            }
            parts.add(String.format(Locale.ROOT, "other %.3f", p.otherMeanMs()));
            b.append("| ").append(m.mode()).append(" | ").append(m.sessionCreateMs() == null ? "—" : fmt(m.sessionCreateMs()))
                    .append(" | ").append(m.firstInferenceMs() == null ? "—" : fmt(m.firstInferenceMs())).append(" | ")
                    .append(String.join(", ", parts)).append(" |\n");
        }

        boolean soak = r.modes().stream().anyMatch(m -> m.soak() != null);
        if (soak) {
            b.append("\n## Soak (open loop)\n\n| mode | samples | RSS growth MB | RSS trend MB/h | live heap growth MB | "
                    + "alloc B/frame first / median / last / max |\n|---|---|---|---|---|---|\n");
            for (BenchReport.ModeResult m : r.modes()) {
                BenchReport.Soak k = m.soak();
                if (k != null) {
                    b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.0f / %.0f / %.0f / %.0f |%n", m.mode(),
                            k.samples().size(), k.rssGrowthMb(), k.rssSlopeMbPerHour(), k.heapAfterGcGrowthMb(),
                            k.allocPerFrameFirst(), k.allocPerFrameMedian(), k.allocPerFrameLast(), k.allocPerFrameMax()));
                }
            }
        }

        b.append("\n## Modes\n\n");
        for (BenchReport.ModeResult m : r.modes()) {
            b.append("- **").append(m.mode()).append("** (").append(m.status()).append("): ").append(m.description());
            if (m.reason() != null) {
                b.append(" — ").append(m.reason());
            }
            b.append('\n');
            for (String n : m.notes()) {
                b.append("  - ").append(n).append('\n');
            }
        }
        if (!r.notes().isEmpty()) {
            b.append("\n## Notes\n\n");
            r.notes().forEach(n -> b.append("- ").append(n).append('\n'));
        }
        if (!plots.isEmpty()) {
            b.append("\n## Plots\n\n");
            plots.forEach(p -> b.append("![").append(p).append("](").append(p).append(")\n\n"));
        }
        return b.toString();
    }

    private static void phaseRow(StringBuilder b, BenchReport.ModeResult m, BenchReport.Phase p) {
        if (!m.ok()) {
            b.append("| ").append(m.mode()).append(" | ").append(m.status()).append(": ").append(m.reason())
                    .append(" |||||||||||| \n");
            return;
        }
        if (p == null || p.latencyMs() == null) {
            b.append("| ").append(m.mode()).append(" | not run |||||||||||| \n");
            return;
        }
        BenchReport.Latency l = p.latencyMs();
        b.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %d | %d | %.0f | %d (%.0f ms) | %.0f |%n",
                m.mode(), p.throughputFps(), l.p50(), l.p90(), l.p99(), l.p999(), l.max(), p.dropped(), p.deadlineMisses(), p.errors(),
                p.allocBytesPerFrame(), p.gcCount(), p.gcTimeMs(), p.cpuPercent()));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
    }
}
