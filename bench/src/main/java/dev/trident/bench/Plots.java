package dev.trident.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG plots, drawn headless with XChart, each with a caption naming the machine, JVM,
 * model, input size and what the timer includes:
 * <ul>
 *   <li>{@code latency-open-loop.png} / {@code latency-closed-loop.png}: latency by percentile per
 *       mode, percentile axis on a log scale of 1/(1−p) as in HdrHistogram's plots</li>
 *   <li>{@code stages.png}: mean time per frame of each stage, stacked per mode (closed loop)</li>
 * </ul>
 * Stateless; thread-safe (AWT must be usable headless: {@code java.awt.headless=true}).
 */
public final class Plots {
    public static final String OPEN = "latency-open-loop.png";
    public static final String CLOSED = "latency-closed-loop.png";
    public static final String STAGES = "stages.png";
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 560;

    private Plots() {
    }

    /** Draws every plot the report has data for into {@code dir}; returns the files. */
    public static List<Path> write(BenchReport r, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (boolean closed : new boolean[] {false, true}) {
            XYChart c = latency(r, closed);
            if (c != null) {
                Path p = dir.resolve(closed ? CLOSED : OPEN);
                save(c, caption(r, closed), p);
                out.add(p);
            }
        }
        CategoryChart s = stages(r);
        if (s != null) {
            Path p = dir.resolve(STAGES);
            save(s, caption(r, true), p);
            out.add(p);
        }
        return out;
    }

    static XYChart latency(BenchReport r, boolean closed) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(closed ? "Latency by percentile, closed loop (service time)"
                        : String.format(Locale.ROOT, "Latency by percentile, open loop at %.0f fps (from scheduled arrival)",
                        r.settings().fps()))
                .xAxisTitle("percentile").yAxisTitle("latency (ms)").build();
        // x = log10(1/(1−p)): 0 = p0, 1 = p90, 2 = p99, 3 = p99.9 (XChart's own log axis with custom labels is very slow)
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.setCustomXAxisTickLabelsFormatter(x -> percentileLabel(x));
        int series = 0;
        double maxX = 1;
        for (BenchReport.ModeResult m : r.modes()) {
            BenchReport.Phase p = closed ? m.closedLoop() : m.openLoop();
            if (!m.ok() || p == null || p.distribution().size() < 2) {
                continue;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            double lastX = 0;
            for (BenchReport.Point pt : p.distribution()) {
                double x = pt.percentile() >= 100 ? Math.max(lastX + 0.3, Math.log10(p.latencyMs().count()))
                        : Math.log10(1 / (1 - pt.percentile() / 100));
                xs.add(x);
                ys.add(pt.ms());
                lastX = x;
            }
            chart.addSeries(m.mode(), xs, ys).setMarker(SeriesMarkers.NONE);
            maxX = Math.max(maxX, lastX);
            series++;
        }
        // whole decades at the ends, so the ticks fall on p0, p90, p99, …
        chart.getStyler().setXAxisMax(Math.ceil(maxX));
        return series == 0 ? null : chart;
    }

    /** log10(1/(1−p)) → "99.9%" at whole decades; no label between them. */
    static String percentileLabel(double x) {
        if (x < 0 || Math.abs(x - Math.rint(x)) > 1e-6) {
            return "";
        }
        x = Math.rint(x);
        double p = 100 * (1 - Math.pow(10, -x));
        String s = String.format(Locale.ROOT, "%.4f", p).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + "%";
    }

    static CategoryChart stages(BenchReport r) {
        List<BenchReport.ModeResult> ok = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (BenchReport.ModeResult m : r.modes()) {
            BenchReport.Phase p = m.closedLoop() != null ? m.closedLoop() : m.openLoop();
            if (m.ok() && p != null && p.processed() > 0) {
                ok.add(m);
                p.stages().forEach(s -> names.add(s.name()));
            }
        }
        if (ok.isEmpty()) {
            return null;
        }
        names.add("other");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Where a frame's time goes (mean ms per frame, closed loop)").xAxisTitle("mode").yAxisTitle("ms per frame")
                .build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setOverlapped(false);
        List<String> modes = ok.stream().map(BenchReport.ModeResult::mode).toList();
        for (String name : names) {
            List<Double> ys = new ArrayList<>();
            for (BenchReport.ModeResult m : ok) {
                BenchReport.Phase p = m.closedLoop() != null ? m.closedLoop() : m.openLoop();
                double v = name.equals("other") ? p.otherMeanMs()
                        : p.stages().stream().filter(s -> s.name().equals(name)).mapToDouble(BenchReport.Stage::meanPerFrameMs).sum();
                ys.add(v);
            }
            chart.addSeries(name, modes, ys);
        }
        return chart;
    }

    /** The caption lines: machine, JVM, model, input, frames, timer. */
    static List<String> caption(BenchReport r, boolean closed) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "machine: %s, %d cores, %s; load avg %.1f → %.1f   JVM: %s %s, GC %s",
                r.machine().cpuModel(), r.machine().cores(), r.machine().os(), r.machine().loadAverageStart1m(), r.machine().loadAverageEnd1m(), r.jvm().vm(), r.jvm().version(),
                r.jvm().garbageCollectors()));
        lines.add(String.format(Locale.ROOT, "model: %s, input %dx%d (%s)", r.model().name(), r.model().inputWidth(),
                r.model().inputHeight(), r.model().description()));
        lines.add(String.format(Locale.ROOT, "frames: %d of %dx%d, %s; providers %s; %s", r.source().frames(), r.source().width(),
                r.source().height(), r.source().description(), r.settings().providers(),
                closed ? String.format(Locale.ROOT, "closed loop %.0f s per mode", r.settings().closedDurationS())
                        : String.format(Locale.ROOT, "open loop %.0f s per mode at %.0f fps", r.settings().durationS(), r.settings().fps())));
        lines.add("timer: " + r.settings().timer());
        return lines;
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, List<String> caption, Path file) throws IOException {
        BufferedImage plot = BitmapEncoder.getBufferedImage(chart);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        List<String> wrapped = new ArrayList<>();
        for (String line : caption) {
            wrapped.addAll(wrap(line, fm, plot.getWidth() - 24));
        }
        pg.dispose();
        int lineHeight = fm.getHeight();
        BufferedImage out = new BufferedImage(plot.getWidth(), plot.getHeight() + wrapped.size() * lineHeight + 12,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(plot, 0, 0, null);
            g.setColor(Color.DARK_GRAY);
            g.setFont(font);
            int y = plot.getHeight() + fm.getAscent() + 4;
            for (String line : wrapped) {
                g.drawString(line, 12, y);
                y += lineHeight;
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(out, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) > width && !line.isEmpty()) {
                out.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (!line.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }
}
