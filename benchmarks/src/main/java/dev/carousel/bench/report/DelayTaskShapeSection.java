package dev.carousel.bench.report;

import dev.carousel.bench.jmh.DelayTaskShape;
import dev.carousel.bench.jmh.DelayTaskShapeBenchmark;
import dev.carousel.tasks.DelayTasks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.annotations.Param;

/**
 * The "Delay-task shapes" section of the JMH summary: for every (task, batch) of {@link DelayTaskShapeBenchmark} (tasks
 * in the order they appear in the results, batches ascending), one table with a row per layer and, for the forward
 * pass and the training step,
 * <ul>
 *   <li>sequences per second = batch / (seconds per operation) and GFLOP/s = {@link FlopModel} FLOPs / seconds,
 *   at the layer's best thread setting (shown as t=...);</li>
 *   <li>"vs DL4J LSTM" = the layer's sequences per second / those of {@code dl4j_LSTM} (each at its best thread
 *   setting): above 1 is faster than DL4J's LSTM;</li>
 *   <li>"vs floor" = the layer's time / the time of the gemm floor with the same gate count ({@code gemmFloor_G4}
 *   for the LSTMs, {@code gemmFloor_G3} for the GRUs), each at its best thread setting: how many times its bare
 *   matrix products the layer takes.</li>
 * </ul>
 */
final class DelayTaskShapeSection {
    static final String SUITE = "DelayTaskShapeBenchmark";
    static final String BASELINE = "dl4j_LSTM";
    private static final String[][] MODES = {{"forward", "forward"}, {"trainingStep", "training"}};
    private static final Map<String, DelayTaskShape> SHAPES = new ConcurrentHashMap<>();

    private DelayTaskShapeSection() {
    }

    /** The shape of a row's {@code task} parameter (computed once per key). */
    static DelayTaskShape shape(JmhSummary.Row r) {
        String key = r.params().get("task");
        if (key == null) {
            throw new IllegalArgumentException(SUITE + " row without a 'task' parameter: " + r.params());
        }
        return SHAPES.computeIfAbsent(key, DelayTaskShape::of);
    }

    static void append(StringBuilder sb, List<JmhSummary.Row> all) {
        List<JmhSummary.Row> rows = all.stream().filter(r -> r.suite().equals(SUITE)).toList();
        if (rows.isEmpty()) {
            return;
        }
        Map<String, List<JmhSummary.Row>> byShape = new LinkedHashMap<>();
        Set<String> taskIds = new LinkedHashSet<>();
        for (JmhSummary.Row r : rows) {
            byShape.computeIfAbsent(r.params().get("task") + "|" + r.param("batch", 32), k -> new ArrayList<>())
                    .add(r);
            taskIds.add(shape(r).task().id());
        }
        List<String> tasks = rows.stream().map(r -> r.params().get("task")).distinct().toList();
        List<String> leftOut = new ArrayList<>(DelayTasks.ids());
        leftOut.removeAll(taskIds);
        sb.append("\n## Delay-task shapes\n\n").append("Every implementation at the delay tasks' own shapes ")
                .append("(`DelayTaskShapeBenchmark`; I, H and T from the task definitions, T = the padded length ")
                .append("of a batch of 32 sequences drawn with seed 1). Tasks measured: ")
                .append(String.join(", ", tasks))
                .append(leftOut.isEmpty() ? "." : "; a representative subset, left out: " + String.join(", ", leftOut)
                        + " (see docs/benchmarks.md).")
                .append(" seq/s = batch / time per operation; GFLOP/s by the FLOP model (training = 3x forward); ")
                .append("each layer at its best thread setting t. \"vs DL4J LSTM\" = seq/s over dl4j_LSTM's ")
                .append("(above 1: faster); \"vs floor\" = time over the gemm floor's with the same gate count ")
                .append("(G=4 for the LSTMs, G=3 for the GRUs). Reference = float64 Java loops; the rest float32.\n");
        List<List<JmhSummary.Row>> groups = new ArrayList<>(byShape.values());
        groups.sort(Comparator.<List<JmhSummary.Row>>comparingInt(g -> tasks.indexOf(g.get(0).params().get("task")))
                .thenComparingInt(g -> g.get(0).param("batch", 32)));
        for (List<JmhSummary.Row> group : groups) {
            table(sb, group);
        }
    }

    private static void table(StringBuilder sb, List<JmhSummary.Row> group) {
        JmhSummary.Row first = group.get(0);
        DelayTaskShape s = shape(first);
        int batch = first.param("batch", 32);
        sb.append("\n### ").append(s.label()).append(", B=").append(batch).append("\n\n| layer |");
        for (String[] m : MODES) {
            sb.append(' ').append(m[1]).append(" seq/s (t) | ").append(m[1]).append(" GFLOP/s | ").append(m[1])
                    .append(" vs DL4J LSTM | ").append(m[1]).append(" vs floor |");
        }
        sb.append("\n|---|---|---|---|---|---|---|---|---|\n");
        for (String layer : layers(group)) {
            sb.append("| ").append(layer).append(" |");
            for (String[] m : MODES) {
                Optional<JmhSummary.Row> r = JmhSummary.best(group, JmhSummary.is(SUITE, m[0], layer));
                Optional<JmhSummary.Row> base = JmhSummary.best(group, JmhSummary.is(SUITE, m[0], BASELINE));
                Optional<JmhSummary.Row> floor = JmhSummary.best(group, JmhSummary.is(SUITE, m[0],
                        "gemmFloor_G" + FlopModel.gates(JmhSummary.cell(layer))));
                if (r.isEmpty()) {
                    sb.append(" — | — | — | — |");
                    continue;
                }
                double sec = r.get().secondsPerOp();
                double flops = JmhSummary.flops(r.get(), batch, s.time(), s.input(), s.hidden());
                sb.append(String.format(Locale.ROOT, " %s (t=%d) | %.3g | %s | %s |", rate(batch / sec),
                        r.get().threads(), flops / sec / 1e9,
                        base.map(b -> String.format(Locale.ROOT, "%.2fx", b.secondsPerOp() / sec)).orElse("—"),
                        floor.map(f -> String.format(Locale.ROOT, "%.2fx", sec / f.secondsPerOp())).orElse("—")));
            }
            sb.append('\n');
        }
    }

    /** Sequences per second: whole numbers from 100 up, three significant digits below. */
    static String rate(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.3g", v);
    }

    /** The group's layers in the benchmark's declared order, then any others in order of appearance. */
    private static List<String> layers(List<JmhSummary.Row> group) {
        Set<String> present = new LinkedHashSet<>();
        group.forEach(r -> present.add(r.layer()));
        List<String> out = new ArrayList<>();
        try {
            for (String l : DelayTaskShapeBenchmark.class.getField("layer").getAnnotation(Param.class).value()) {
                if (present.remove(l)) {
                    out.add(l);
                }
            }
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DelayTaskShapeBenchmark has no 'layer' parameter", e);
        }
        out.addAll(present);
        return out;
    }
}
