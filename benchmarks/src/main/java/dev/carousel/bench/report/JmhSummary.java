package dev.carousel.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carousel.bench.jmh.DelayTaskShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads JMH result files ({@code jmh-t<threads>.json} and {@code jmh-delay-t<threads>.json}, one of each per thread
 * setting) and writes a Markdown summary: the machine, every measurement (time or throughput, sequences/s and
 * GFLOP/s by the FLOP model of docs/benchmarks.md), the ratios the targets name, each side at the thread setting that suits
 * it best, and one table per delay-task shape ({@link DelayTaskShapeSection}).
 */
public final class JmhSummary {

    /** One JMH measurement. */
    public record Row(String suite, String method, String layer, int threads, Map<String, String> params,
                      double score, double error, String unit) {
        /** Seconds per operation (throughput rows are inverted). */
        public double secondsPerOp() {
            double s = unit.endsWith("/op") ? score : 1.0 / score;
            if (unit.startsWith("ms")) {
                return unit.endsWith("/op") ? s / 1e3 : s;
            }
            if (unit.startsWith("us")) {
                return s / 1e6;
            }
            if (unit.startsWith("ops/ms")) {
                return 1.0 / (score * 1e3);
            }
            return s;
        }

        int param(String name, int dflt) {
            String v = params.get(name);
            return v == null ? dflt : Integer.parseInt(v);
        }
    }

    private JmhSummary() {
    }

    public static List<Row> read(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("jmh(-delay)?-t\\d+\\.json")).sorted()
                    .toList()) {
                int threads = Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""));
                for (JsonNode n : mapper.readTree(f.toFile())) {
                    String bench = n.get("benchmark").asText();
                    int dot = bench.lastIndexOf('.');
                    String suite = bench.substring(bench.lastIndexOf('.', dot - 1) + 1, dot);
                    Map<String, String> params = new LinkedHashMap<>();
                    if (n.has("params")) {
                        n.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                    }
                    JsonNode m = n.get("primaryMetric");
                    String layer = params.getOrDefault("layer", params.getOrDefault("model",
                            params.containsKey("gates") ? "gemmFloor_G" + params.get("gates") : ""));
                    rows.add(new Row(suite, bench.substring(dot + 1), layer, threads, params,
                            m.get("score").asDouble(), m.get("scoreError").asDouble(), m.get("scoreUnit").asText()));
                }
            }
        }
        return rows;
    }

    /** The fastest measurement matching {@code p} over all thread settings. */
    static Optional<Row> best(List<Row> rows, Predicate<Row> p) {
        return rows.stream().filter(p).min(Comparator.comparingDouble(Row::secondsPerOp));
    }

    static Predicate<Row> is(String suite, String method, String layer) {
        return r -> r.suite().equals(suite) && r.method().equals(method) && r.layer().equals(layer);
    }

    static Predicate<Row> is(String suite, String method, String layer, int threads) {
        return is(suite, method, layer).and(r -> r.threads() == threads);
    }

    public static String markdown(List<Row> rows, Map<String, String> machine, String command) {
        StringBuilder sb = new StringBuilder("# JMH results\n\n");
        sb.append("Command: `").append(command).append("`\n\n| machine | |\n|---|---|\n");
        machine.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        sb.append("\nEach suite ran once per thread setting t: `OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=t` for ND4J, ")
                .append("`-Dai.djl.pytorch.num_threads=t` (interop threads 1) for PyTorch. Ratios take each side at ")
                .append("its best thread setting; \"x\" means times faster (or, for the DJL targets, time ratios ")
                .append("where lower is better). Carousel's DL4J CPU path splits the batch over ")
                .append("min(cores, B/4) threads when OpenBLAS runs on one thread, so at t=1 (1 below about 4M ")
                .append("per-step multiply-adds per pass), and uses one thread with OpenBLAS's threads otherwise ")
                .append("(`-Dcarousel.dl4j.threads`, default auto, docs/dl4j-layers.md \"Threads\"; the JMH log records ")
                .append("the choice per layer and shape). Runs of other shapes (`--param batch=64 --param time=50 ...`) belong in ")
                .append("their own `--out` folder: the ratios take the best row of a suite, layer and method.\n\n");
        ratios(sb, rows);
        DelayTaskShapeSection.append(sb, rows);
        sb.append("\n## Every measurement\n\n| suite | method | layer / case | threads | score | unit | seq/s "
                + "| GFLOP/s |\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            int b = r.param("batch", r.suite().startsWith("Tiny") ? 1 : 32);
            int t = r.method().equals("streamingStep") ? 1 : r.param("time", 100);   // one rnnTimeStep step
            int i = r.param("input", r.suite().startsWith("Tiny") ? 2 : 64);
            int h = r.param("hidden", r.suite().startsWith("Tiny") ? 4 : 128);
            if (r.suite().equals(DelayTaskShapeSection.SUITE)) {
                DelayTaskShape s = DelayTaskShapeSection.shape(r);
                t = s.time();
                i = s.input();
                h = s.hidden();
            }
            double sec = r.secondsPerOp();
            double flops = flops(r, b, t, i, h);
            boolean recurrent = !r.suite().contains("Attention");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.4g ± %.2g | %s | %s | %s |%n", r.suite(),
                    r.method(), r.layer(), r.threads(), r.score(), r.error(), r.unit(),
                    recurrent ? String.format(Locale.ROOT, "%.1f", b / sec) : "—",
                    recurrent ? String.format(Locale.ROOT, "%.2f", flops / sec / 1e9) : "—"));
        }
        return sb.toString();
    }

    /** FLOPs of one operation of {@code r} at batch b, length t, input i, hidden h, by {@link FlopModel}. */
    static double flops(Row r, int b, int t, int i, int h) {
        boolean training = r.method().toLowerCase(Locale.ROOT).contains("train")
                || r.method().equals("networkFit");
        String cellName = cell(r.layer());
        return training ? FlopModel.trainStep(cellName, b, t, i, h) : FlopModel.forward(cellName, b, t, i, h);
    }

    /** The {@link FlopModel} cell name of a layer: "gru" for the GRUs and the G=3 floor, "lstm" otherwise. */
    static String cell(String layer) {
        return layer.contains("G3") || layer.toLowerCase(Locale.ROOT).contains("gru") ? "gru" : "lstm";
    }

    private static void ratio(StringBuilder sb, List<Row> rows, String label, Predicate<Row> num,
                              Predicate<Row> den, String target, boolean higherIsBetter) {
        Optional<Row> a = best(rows, num);
        Optional<Row> b = best(rows, den);
        if (a.isEmpty() || b.isEmpty()) {
            return;
        }
        double v = higherIsBetter ? b.get().secondsPerOp() / a.get().secondsPerOp()
                : a.get().secondsPerOp() / b.get().secondsPerOp();
        String verdict = !higherIsBetter ? String.format(Locale.ROOT, "%.2fx the time", v)
                : v >= 1 ? String.format(Locale.ROOT, "%.2fx faster", v)
                : String.format(Locale.ROOT, "%.2fx slower", 1 / v);
        sb.append(String.format(Locale.ROOT, "| %s | %.3g ms (t=%d) | %.3g ms (t=%d) | %s | %s |%n", label,
                a.get().secondsPerOp() * 1e3, a.get().threads(), b.get().secondsPerOp() * 1e3, b.get().threads(),
                verdict, target));
    }

    private static void ratios(StringBuilder sb, List<Row> rows) {
        sb.append("## Ratios\n\n| comparison | Carousel | baseline | ratio | target |\n|---|---|---|---|---|\n");
        String dl4j = "RecurrentLayerBenchmark";
        String[][] modes = {{"layerTraining", "training step (layer)"}, {"layerInference", "inference (layer)"},
            {"networkFit", "training step (MultiLayerNetwork.fit)"}, {"networkOutput", "inference (output)"}};
        for (String layer : new String[] {"carouselPeepholeLSTM", "carouselGRU_resetAfter",
            "carouselGRU_resetBefore"}) {
            for (String[] m : modes) {
                for (String base : new String[] {"dl4jLSTM", "dl4jGravesLSTM"}) {
                    ratio(sb, rows, "DL4J " + layer + " vs " + base + ", " + m[1], is(dl4j, m[0], layer),
                            is(dl4j, m[0], base), ">= 3x", true);
                }
            }
            String fused = layer.contains("GRU") ? "djlGru" : "djlLstm";
            String fusedName = layer.contains("GRU") ? "DJL fused GRU" : "DJL fused LSTM";
            ratio(sb, rows, "DL4J " + layer + " training step vs " + fusedName, is(dl4j, "layerTraining", layer),
                    is("DjlRecurrentTrainingBenchmark", "trainingStep", fused), "<= 1.0", false);
            ratio(sb, rows, "DL4J " + layer + " inference vs " + fusedName, is(dl4j, "layerInference", layer),
                    is("DjlRecurrentTrainingBenchmark", "inference", fused), "<= 1.0", false);
            String floor = "gemmFloor_G" + (layer.contains("GRU") ? 3 : 4);
            for (String[] m : new String[][] {{"layerTraining", "training"}, {"layerInference", "forward"}}) {
                Optional<Row> l = best(rows, is(dl4j, m[0], layer));
                l.ifPresent(row -> ratio(sb, rows, "overhead factor, " + layer + " " + m[1]
                        + " over its matrix products (same threads)", is(dl4j, m[0], layer, row.threads()),
                        is("GemmFloorBenchmark", m[1], floor, row.threads()), "<= 1.3", false));
            }
        }
        for (String layer : new String[] {"carouselPeepholeLSTM", "carouselGRU_resetAfter"}) {
            for (String m : new String[] {"layerTraining", "layerInference", "networkFit", "networkOutput"}) {
                ratio(sb, rows, "tiny shape (I=2, H=4, B=1, T=100) " + layer + " vs dl4jLSTM, " + m + ", sequences/s",
                        is("TinyShapeBenchmark", m, layer), is("TinyShapeBenchmark", m, "dl4jLSTM"), ">= 10x", true);
            }
        }
        String djl = "DjlRecurrentTrainingBenchmark";
        for (int t : rows.stream().mapToInt(Row::threads).distinct().sorted().toArray()) {
            ratio(sb, rows, "DJL PeepholeLSTM training step vs DJL fused LSTM, t=" + t, is(djl, "trainingStep",
                    "carouselPeepholeLstm", t), is(djl, "trainingStep", "djlLstm", t), "<= 1.5", false);
            ratio(sb, rows, "DJL GRU reset-before training step vs DJL fused GRU, t=" + t, is(djl, "trainingStep",
                    "carouselGruResetBefore", t), is(djl, "trainingStep", "djlGru", t), "<= 1.5", false);
            ratio(sb, rows, "DJL fused-path dispatch (LSTM) vs DJL's block directly, t=" + t, is(djl, "trainingStep",
                    "carouselLstmFusedDispatch", t), is(djl, "trainingStep", "djlLstm", t), "<= 1.05", false);
            ratio(sb, rows, "DJL fused-path dispatch (GRU) vs DJL's block directly, t=" + t, is(djl, "trainingStep",
                    "carouselGruFusedDispatch", t), is(djl, "trainingStep", "djlGru", t), "<= 1.05", false);
        }
        for (String a : new String[] {"Dl4jAttentionBenchmark", "DjlAttentionBenchmark"}) {
            List<Row> att = rows.stream().filter(r -> r.suite().equals(a)).toList();
            att.stream().map(Row::method).distinct().forEach(method -> {
                List<String> layers = att.stream().filter(r -> r.method().equals(method)).map(Row::layer).distinct()
                        .toList();
                List<String> plains = layers.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains("plain"))
                        .toList();
                for (String plain : plains) {
                    for (String l : layers) {
                        if (!plains.contains(l)) {
                            ratio(sb, rows, a + " " + l + " vs " + plain + ", " + method, is(a, method, l),
                                    is(a, method, plain), "reported", false);
                        }
                    }
                }
            });
        }
    }

    public static void write(Path dir, String command) throws IOException {
        List<Row> rows = read(dir);
        Map<String, String> machine = new LinkedHashMap<>(MachineInfo.collect());
        machine.keySet().removeIf(k -> k.contains("THREADS") || k.contains("num_") || k.startsWith("load"));
        AtomicFiles.writeString(dir.resolve("summary.md"), markdown(rows, machine, command));
    }
}
