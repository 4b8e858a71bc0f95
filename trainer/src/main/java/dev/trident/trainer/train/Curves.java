package dev.trident.trainer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves as PNG (XChart): one chart per group of series over epochs. Stateless.
 */
public final class Curves {
    private Curves() {
    }

    /** Writes one line chart; series with no finite value are skipped. */
    public static void write(Path png, String title, String yLabel, Map<String, List<Double>> series) {
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle("epoch").yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> ys = e.getValue();
            if (ys.isEmpty() || ys.stream().noneMatch(v -> v != null && Double.isFinite(v))) {
                continue;
            }
            double[] x = new double[ys.size()];
            double[] y = new double[ys.size()];
            for (int i = 0; i < ys.size(); i++) {
                x[i] = i + 1;
                y[i] = ys.get(i) == null || !Double.isFinite(ys.get(i)) ? Double.NaN : ys.get(i);
            }
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
