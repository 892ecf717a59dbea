package dev.carousel.bench.league;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.carousel.bench.report.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a league's results, every file atomically: {@code league.json} (run, summary, every trial with its
 * learning curve), {@code trials.csv} (one row per trial), {@code summary.csv} and {@code league.md} (one row per
 * backend x cell x task), {@code heatmap-<impl>.png} (cells x tasks, success rate) and {@code curves-<task>.png}
 * (training loss against sequences, one line per backend and cell: the curve of its first trial).
 */
public final class LeagueReport {
    static {
        // PNGs are encoded in memory: ImageIO's file cache registers a shutdown hook, which fails when a report is
        // written while Ctrl-C / SIGTERM shuts the JVM down
        javax.imageio.ImageIO.setUseCache(false);
    }

    /**
     * One backend x cell x task.
     *
     * @param medianSequences  median sequences to success over the successful trials (null: none succeeded)
     * @param medianTestError  median test error rate in % over the trials with a final test (null: none)
     * @param meanTestLoss     mean final test loss over the trials with a final test (null: none)
     * @param seconds          wall time of the trials, summed
     */
    public record Summary(String impl, String cell, String task, int trials, int successes, Long medianSequences,
                          Double medianTestError, Double meanTestLoss, double seconds) {
        /** Success rate in %, or NaN without trials. */
        public double successPercent() {
            return trials == 0 ? Double.NaN : 100.0 * successes / trials;
        }
    }

    private LeagueReport() {
    }

    /** Per backend, cell and task (in the orders given), the aggregate of the finished trials. */
    public static List<Summary> summarise(List<LeagueRow> rows, List<String> impls, List<String> cells,
                                          List<String> tasks) {
        List<Summary> out = new ArrayList<>();
        for (String impl : impls) {
            for (String cell : cells) {
                for (String task : tasks) {
                    List<LeagueRow> mine = rows.stream().filter(r -> r.impl().equals(impl) && r.cell().equals(cell)
                            && r.task().equals(task)).toList();
                    List<Long> seqs = mine.stream().filter(LeagueRow::success).map(LeagueRow::sequences).sorted()
                            .toList();
                    List<Double> errors = mine.stream().filter(r -> r.testSize() > 0)
                            .map(r -> 100.0 * r.testErrorRate()).sorted().toList();
                    List<Double> losses = mine.stream().map(LeagueRow::testLoss).filter(Double::isFinite).toList();
                    out.add(new Summary(impl, cell, task, mine.size(), seqs.size(),
                            seqs.isEmpty() ? null : Math.round(median(seqs.stream().map(Long::doubleValue).toList())),
                            errors.isEmpty() ? null : median(errors),
                            losses.isEmpty() ? null : losses.stream().mapToDouble(Double::doubleValue).average()
                                    .orElseThrow(),
                            mine.stream().mapToDouble(LeagueRow::seconds).sum()));
                }
            }
        }
        return out;
    }

    /** The median of sorted values (the mean of the two middle ones for an even count). */
    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** The Markdown report: per backend a success-rate table (cells x tasks), then every summary row. */
    public static String markdown(List<Summary> summary, Map<String, Object> run, List<String> notes) {
        StringBuilder sb = new StringBuilder("# Delay-task league\n\n");
        run.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        List<String> impls = distinct(summary.stream().map(Summary::impl).toList());
        List<String> cells = distinct(summary.stream().map(Summary::cell).toList());
        List<String> tasks = distinct(summary.stream().map(Summary::task).toList());
        for (String impl : impls) {
            sb.append("\n## Success rate, ").append(impl).append(" (% of trials solved)\n\n| cell |");
            tasks.forEach(t -> sb.append(' ').append(t).append(" |"));
            sb.append("\n|---|");
            tasks.forEach(t -> sb.append("---|"));
            sb.append('\n');
            for (String cell : cells) {
                sb.append("| ").append(cell).append(" |");
                for (String task : tasks) {
                    Summary s = find(summary, impl, cell, task);
                    sb.append(' ').append(s == null || s.trials() == 0 ? "n/a"
                            : String.format(Locale.ROOT, "%.0f", s.successPercent())).append(" |");
                }
                sb.append('\n');
            }
        }
        sb.append("\n## Every backend, cell and task\n\n")
                .append("| impl | cell | task | trials | solved | median sequences to success "
                        + "| median test error | mean test loss | seconds |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Summary s : summary) {
            if (s.trials() == 0) {
                continue;                                  // not run (n/a above)
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %s | %s | %.1f |%n", s.impl(),
                    s.cell(), s.task(), s.trials(), s.successes(),
                    s.medianSequences() == null ? "—" : String.format(Locale.ROOT, "%,d", s.medianSequences()),
                    s.medianTestError() == null ? "—" : String.format(Locale.ROOT, "%.2f %%", s.medianTestError()),
                    s.meanTestLoss() == null ? "—" : String.format(Locale.ROOT, "%.4g", s.meanTestLoss()),
                    s.seconds()));
        }
        if (!notes.isEmpty()) {
            sb.append("\nNotes:\n\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /** The summary as CSV (empty fields where a value does not exist). */
    public static String summaryCsv(List<Summary> summary) {
        StringBuilder sb = new StringBuilder("impl,cell,task,trials,successes,success_percent,median_sequences,"
                + "median_test_error_percent,mean_test_loss,seconds\n");
        for (Summary s : summary) {
            sb.append(String.format(Locale.ROOT, "%s,%s,\"%s\",%d,%d,%s,%s,%s,%s,%.2f%n", s.impl(), s.cell(),
                    s.task(), s.trials(), s.successes(),
                    s.trials() == 0 ? "" : String.format(Locale.ROOT, "%.1f", s.successPercent()),
                    s.medianSequences() == null ? "" : s.medianSequences().toString(),
                    s.medianTestError() == null ? "" : String.format(Locale.ROOT, "%.4f", s.medianTestError()),
                    s.meanTestLoss() == null ? "" : String.format(Locale.ROOT, "%.6g", s.meanTestLoss()),
                    s.seconds()));
        }
        return sb.toString();
    }

    /** One CSV row per trial (no curves: they are in the JSON). */
    public static String trialsCsv(List<LeagueRow> rows) {
        StringBuilder sb = new StringBuilder("task,parameters,impl,cell,seed,success,sequences,interrupted,"
                + "test_size,test_wrong,test_loss,seconds\n");
        for (LeagueRow r : rows) {
            sb.append(String.format(Locale.ROOT, "\"%s\",\"%s\",%s,%s,%d,%s,%d,%s,%d,%d,%s,%.2f%n", r.task(),
                    r.parameters(), r.impl(), r.cell(), r.seed(), r.success(), r.sequences(), r.interrupted(),
                    r.testSize(), r.testWrong(),
                    Double.isFinite(r.testLoss()) ? String.format(Locale.ROOT, "%.6g", r.testLoss()) : "",
                    r.seconds()));
        }
        return sb.toString();
    }

    /** The JSON document: run, summary, trials (with curves). NaN is written as null. */
    public static String json(List<LeagueRow> rows, List<Summary> summary, Map<String, Object> run) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", run);
        List<Map<String, Object>> sums = new ArrayList<>();
        for (Summary s : summary) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("impl", s.impl());
            m.put("cell", s.cell());
            m.put("task", s.task());
            m.put("trials", s.trials());
            m.put("successes", s.successes());
            m.put("successPercent", s.trials() == 0 ? null : s.successPercent());
            m.put("medianSequences", s.medianSequences());
            m.put("medianTestErrorPercent", s.medianTestError());
            m.put("meanTestLoss", s.meanTestLoss());
            m.put("seconds", s.seconds());
            sums.add(m);
        }
        doc.put("summary", sums);
        doc.put("trials", rows.stream().map(LeagueReport::rowMap).toList());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One trial as an ordered map (the JSON row). */
    public static Map<String, Object> rowMap(LeagueRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", r.task());
        m.put("parameters", r.parameters());
        m.put("impl", r.impl());
        m.put("cell", r.cell());
        m.put("seed", r.seed());
        m.put("success", r.success());
        m.put("sequences", r.sequences());
        m.put("interrupted", r.interrupted());
        m.put("testSize", r.testSize());
        m.put("testWrong", r.testWrong());
        m.put("testLoss", Double.isFinite(r.testLoss()) ? r.testLoss() : null);
        m.put("seconds", r.seconds());
        List<List<Double>> curve = new ArrayList<>();
        for (double[] p : r.curve()) {
            curve.add(java.util.Arrays.asList(p[0], Double.isFinite(p[1]) ? p[1] : null));
        }
        m.put("curve", curve);
        return m;
    }

    /**
     * Writes every file of the report into {@code dir}.
     *
     * @param notes lines for the Markdown (protocols, pairs left out, an interruption)
     */
    public static void write(Path dir, List<LeagueRow> rows, List<String> impls, List<String> cells,
                             List<String> tasks, Map<String, Object> run, List<String> notes) throws IOException {
        Files.createDirectories(dir);
        List<Summary> summary = summarise(rows, impls, cells, tasks);
        Map<String, Object> runWithMachine = new LinkedHashMap<>(run);
        runWithMachine.put("machine", dev.carousel.bench.report.MachineInfo.collect());
        runWithMachine.put("notes", notes);
        AtomicFiles.writeString(dir.resolve("league.json"), json(rows, summary, runWithMachine));
        AtomicFiles.writeString(dir.resolve("trials.csv"), trialsCsv(rows));
        AtomicFiles.writeString(dir.resolve("summary.csv"), summaryCsv(summary));
        AtomicFiles.writeString(dir.resolve("league.md"), markdown(summary, run, notes));
        for (String impl : impls) {
            writeHeatMap(dir.resolve("heatmap-" + impl + ".png"), impl, summary, cells, tasks);
        }
        for (String task : tasks) {
            writeCurves(dir.resolve("curves-" + fileName(task) + ".png"), task, rows);
        }
    }

    /** A task spec as part of a file name ("4:T=500" becomes "4_T_500"). */
    static String fileName(String task) {
        return task.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void writeHeatMap(Path file, String impl, List<Summary> summary, List<String> cells,
                                     List<String> tasks) throws IOException {
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(480, 200 + 70 * tasks.size()))
                .height(160 + 40 * cells.size())
                .title("Success rate (%), " + impl).xAxisTitle("task").yAxisTitle("cell").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(100);
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setRangeColors(new java.awt.Color[] {new java.awt.Color(0xd7301f),
            new java.awt.Color(0xfdd49e), new java.awt.Color(0x1a9850)});      // 0 % red, 50 % pale, 100 % green
        List<Number[]> heat = new ArrayList<>();
        for (int y = 0; y < cells.size(); y++) {
            for (int x = 0; x < tasks.size(); x++) {
                Summary s = find(summary, impl, cells.get(y), tasks.get(x));
                if (s != null && s.trials() > 0) {
                    heat.add(new Number[] {x, y, Math.round(s.successPercent())});
                }
            }
        }
        if (heat.isEmpty()) {
            return;
        }
        chart.addSeries("success %", tasks, cells, heat);
        AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    private static void writeCurves(Path file, String task, List<LeagueRow> rows) throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(420).title("Task " + task + ": first trial per cell")
                .xAxisTitle("training sequences").yAxisTitle("training loss (recent window)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(0);
        Map<String, LeagueRow> first = new LinkedHashMap<>();
        for (LeagueRow r : rows) {
            if (r.task().equals(task)) {
                first.merge(r.impl() + " " + r.cell(), r, (a, b) -> a.seed() <= b.seed() ? a : b);
            }
        }
        for (Map.Entry<String, LeagueRow> e : first.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double[] p : e.getValue().curve()) {
                if (p[1] > 0 && Double.isFinite(p[1])) {
                    xs.add(p[0]);
                    ys.add(p[1]);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(e.getKey() + (e.getValue().success() ? " (solved)" : ""), xs, ys)
                        .setMarker(SeriesMarkers.NONE);
            }
        }
        if (!chart.getSeriesMap().isEmpty()) {
            AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        }
    }

    private static Summary find(List<Summary> summary, String impl, String cell, String task) {
        return summary.stream().filter(s -> s.impl().equals(impl) && s.cell().equals(cell) && s.task().equals(task))
                .findFirst().orElse(null);
    }

    private static List<String> distinct(List<String> xs) {
        return xs.stream().distinct().toList();
    }
}
