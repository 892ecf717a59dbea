package dev.carousel.bench.seq2seq;

import dev.carousel.bench.report.AtomicFiles;
import dev.carousel.tasks.seq2seq.AttentionMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** An attention map as a PNG heatmap: source tokens across, output tokens down, alpha as colour. */
public final class AttentionHeatmap {
    static {
        // PNGs are encoded in memory: ImageIO's file cache registers a shutdown hook, which fails (a stack trace)
        // when a report is written while Ctrl-C / SIGTERM shuts the JVM down
        javax.imageio.ImageIO.setUseCache(false);
    }

    private AttentionHeatmap() {
    }

    public static void write(AttentionMap map, String title, Path png) throws IOException {
        List<String> xs = new ArrayList<>();
        for (int j = 0; j < map.sourceLabels().size(); j++) {
            xs.add(j + ":" + map.sourceLabels().get(j));          // positions keep repeated symbols apart
        }
        List<String> ys = new ArrayList<>();
        for (int t = 0; t < map.outputLabels().size(); t++) {
            ys.add(t + ":" + map.outputLabels().get(t));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < ys.size(); t++) {
            for (int j = 0; j < xs.size(); j++) {
                cells.add(new Number[] {j, ys.size() - 1 - t, map.weights()[t][j]});   // first output on top
            }
        }
        List<String> yTop = new ArrayList<>(ys);
        java.util.Collections.reverse(yTop);
        HeatMapChart chart = new HeatMapChartBuilder().width(120 + 48 * xs.size()).height(140 + 40 * ys.size())
                .title(title).xAxisTitle("source").yAxisTitle("output").build();
        chart.getStyler().setMin(0.0);
        chart.getStyler().setMax(1.0);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setLegendVisible(true);
        chart.addSeries("alpha", xs, yTop, cells);
        AtomicFiles.writeBytes(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
