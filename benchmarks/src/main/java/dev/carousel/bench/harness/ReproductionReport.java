package dev.carousel.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.carousel.bench.report.AtomicFiles;
import dev.carousel.bench.report.MachineInfo;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.PaperResult;
import dev.carousel.tasks.PaperResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a reproduction's results into a folder: {@code trials.json} and {@code trials.csv} (one row per trial),
 * {@code summary.md} (one row per task next to the paper's LSTM row), {@code curves-<task>.png} (training loss
 * against sequences seen, one line per trial) and {@code success.png} (success rate, reproduced and paper).
 */
public final class ReproductionReport {
    static {
        // PNGs are encoded in memory: ImageIO's file cache registers a shutdown hook, which fails (a stack trace)
        // when a report is written while Ctrl-C / SIGTERM shuts the JVM down
        javax.imageio.ImageIO.setUseCache(false);
    }


    /** Per-task aggregate of the trials. */
    public record TaskSummary(String task, String parameters, String title, int trials, int successes,
                              Long medianSequences, Long meanSequences, Long minSequences, Long maxSequences,
                              Integer medianTestWrong, Integer testSize, String paperSuccess, String paperSequences,
                              String protocol) {
        public double successPercent() {
            return trials == 0 ? 0 : 100.0 * successes / trials;
        }
    }

    private ReproductionReport() {
    }

    /** The median of sorted values (the mean of the two middle ones for an even count), rounded. */
    static long median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    }

    public static List<TaskSummary> summarise(List<DelayTask> tasks, List<TrialResult> results, boolean quick) {
        List<TaskSummary> out = new ArrayList<>();
        for (DelayTask task : tasks) {
            String params = Trial.parameterText(task);
            List<TrialResult> mine = results.stream()
                    .filter(r -> r.task().equals(task.id()) && r.parameters().equals(params)).toList();
            List<Long> seqs = mine.stream().filter(TrialResult::success).map(TrialResult::sequences).sorted().toList();
            List<Integer> wrong = mine.stream().filter(r -> r.success() && r.testSize() > 0)
                    .map(TrialResult::testWrong).sorted().toList();
            PaperResult p = paperRow(task);
            Protocol protocol = Protocol.forTask(task, new java.util.SplittableRandom(0), 1, quick);
            out.add(new TaskSummary(task.id(), params, task.title(), mine.size(), seqs.size(),
                    seqs.isEmpty() ? null : median(seqs),
                    seqs.isEmpty() ? null : Math.round(seqs.stream().mapToLong(Long::longValue).average().orElse(0)),
                    seqs.isEmpty() ? null : seqs.get(0), seqs.isEmpty() ? null : seqs.get(seqs.size() - 1),
                    wrong.isEmpty() ? null : wrong.get(wrong.size() / 2),
                    mine.isEmpty() ? null : mine.get(0).testSize(),
                    p == null ? "—" : (p.successRate().isEmpty() ? "—" : p.successRate() + " %"),
                    p == null ? "—" : p.sequencesToSuccess(), protocol.describe()));
        }
        return out;
    }

    /**
     * The paper's LSTM row for the set-up the harness trains: the row of the Table 10 architecture it uses (task 1's
     * five rows differ in network and alpha), task 5's n_seq = 140 (the harness's stopping rule), else the first.
     */
    static PaperResult paperRow(DelayTask task) {
        List<PaperResult> rows = PaperResults.lstmRows(task);
        String row = dev.carousel.tasks.Hs97Architectures.forTask(task).map(a -> a.row()).orElse("");
        for (PaperResult r : rows) {
            if (row.equals(r.setting().get("row")) || "140".equals(r.setting().get("n_seq"))) {
                return r;
            }
        }
        return rows.isEmpty() ? null : rows.get(0);
    }

    public static void write(Path dir, List<DelayTask> tasks, List<TrialResult> results, Map<String, Object> run,
                             boolean quick) throws IOException {
        Files.createDirectories(dir);
        List<TaskSummary> summary = summarise(tasks, results, quick);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.put("machine", MachineInfo.collect());
        json.put("summary", summary);
        json.put("trials", results);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.writeBytes(dir.resolve("trials.json"), mapper.writeValueAsBytes(json));
        writeCsv(dir.resolve("trials.csv"), results);
        AtomicFiles.writeString(dir.resolve("summary.md"), markdown(summary, run));
        for (DelayTask task : tasks) {
            writeCurves(dir.resolve("curves-" + task.id() + ".png"), task, results);
        }
        writeSuccess(dir.resolve("success.png"), summary);
    }

    private static void writeCsv(Path file, List<TrialResult> results) throws IOException {
        StringBuilder sb = new StringBuilder("task,parameters,impl,cell,seed,success,sequences,interrupted,test_size,"
                + "test_wrong,test_loss,seconds\n");
        for (TrialResult r : results) {
            sb.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%s,%d,%s,%d,%s,%d,%d,%.6g,%.2f%n", r.task(),
                    r.parameters(), r.impl(), r.cell(), r.seed(), r.success(), r.sequences(), r.interrupted(),
                    r.testSize(), r.testWrong(), r.testLoss(), r.seconds()));
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /** The summary table in Markdown: reproduced next to the paper. */
    public static String markdown(List<TaskSummary> summary, Map<String, Object> run) {
        StringBuilder sb = new StringBuilder();
        sb.append("| task | parameters | trials | success | sequences to success: median (mean; range) "
                + "| test wrong (median) | paper: success | paper: sequences |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (TaskSummary s : summary) {
            String seqs = s.medianSequences() == null ? "—" : String.format(Locale.ROOT, "%,d (%,d; %,d–%,d)",
                    s.medianSequences(), s.meanSequences(), s.minSequences(), s.maxSequences());
            String wrong = s.medianTestWrong() == null ? "—" : s.medianTestWrong() + " of " + s.testSize();
            sb.append(String.format(Locale.ROOT, "| %s %s | %s | %d | %d/%d (%.0f %%) | %s | %s | %s | %s |%n",
                    s.task(), s.title(), s.parameters().isEmpty() ? "—" : s.parameters(), s.trials(), s.successes(),
                    s.trials(), s.successPercent(), seqs, wrong, s.paperSuccess(), s.paperSequences()));
        }
        sb.append("\nRun: ");
        run.forEach((k, v) -> sb.append(k).append(" = ").append(v).append("; "));
        sb.append("\n\nStopping rules (the paper's Table 11 as implemented):\n\n");
        for (TaskSummary s : summary) {
            sb.append("- ").append(s.task()).append(": ").append(s.protocol()).append('\n');
        }
        sb.append("\nDifferences from the paper's protocol:\n\n");
        if (run.containsKey("deviation")) {
            sb.append("- **DEVIATION from the paper's set-up:** ").append(run.get("deviation")).append(".\n");
        }
        sb.append("exact".equals(String.valueOf(run.get("gradient")))
                        ? "- Gradients are exact backpropagation through time (--gradient exact), not the paper's "
                                + "truncated rule (which stops error at the cells' and gates' net inputs).\n"
                        : "- The paper's memory blocks (reference, --cell lstm1997) learn with the paper's truncated "
                                + "gradient (error crosses time steps only inside the cells' constant error "
                                + "carousels); the Carousel cells and the minibatch backends use exact "
                                + "backpropagation through time.\n")
                .append("- Experiments 2a/2b: the paper's sequential construction is emulated: the memory block ")
                .append("joins once the error of the network without it stops decreasing (a window of 500 ")
                .append("sequences within 10 % of the previous one).\n")
                .append("- Sequences are counted as presented. The reference learns on-line: with --update step ")
                .append("(the paper's real-time rule, the default for its memory blocks) the weights change at ")
                .append("every time step that carries error, with --update sequence once per sequence; the ")
                .append("minibatch backends update once per B sequences.\n")
                .append("- Quick runs: smaller stopping windows (see above), test sets of 512 (1000 for 2a-2c) ")
                .append("instead of 2560 (10,000), and the quick sequence budgets (docs/reproduction.md).\n");
        return sb.toString();
    }

    private static void writeCurves(Path file, DelayTask task, List<TrialResult> results) throws IOException {
        List<TrialResult> mine = results.stream().filter(r -> r.task().equals(task.id())).toList();
        if (mine.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(640).height(400).title("Task " + task.id() + ": " + task.title())
                .xAxisTitle("training sequences").yAxisTitle("training loss (recent window)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(0);
        for (TrialResult r : mine) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double[] p : r.curve()) {
                if (p[1] > 0 && Double.isFinite(p[1])) {
                    xs.add(p[0]);
                    ys.add(p[1]);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries("seed " + r.seed() + (r.success() ? " (solved)" : ""), xs, ys)
                        .setMarker(SeriesMarkers.NONE);
            }
        }
        if (!chart.getSeriesMap().isEmpty()) {
            AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        }
    }

    private static void writeSuccess(Path file, List<TaskSummary> summary) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(400).title("Success rate per task")
                .xAxisTitle("task").yAxisTitle("% of trials solved").build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        List<String> names = new ArrayList<>();
        List<Double> mine = new ArrayList<>();
        List<Double> paper = new ArrayList<>();
        for (TaskSummary s : summary) {
            names.add(s.task());
            mine.add(s.successPercent());
            String p = s.paperSuccess().replace(" %", "").replace(",", "");
            double v;
            try {
                v = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                v = 0;
            }
            paper.add(v);
        }
        chart.addSeries("Carousel", names, mine);
        chart.addSeries("paper (LSTM)", names, paper);
        AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
