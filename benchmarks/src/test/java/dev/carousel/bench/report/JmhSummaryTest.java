package dev.carousel.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.bench.jmh.DelayTaskShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhSummaryTest {
    private static final String DELAY = "dev.carousel.bench.jmh.DelayTaskShapeBenchmark.";

    /** One JMH JSON result object (the fields JmhSummary reads). */
    private static String result(String benchmark, Map<String, String> params, double score, String unit) {
        StringBuilder p = new StringBuilder();
        params.forEach((k, v) -> p.append(p.length() == 0 ? "" : ", ").append('"').append(k).append("\": \"")
                .append(v).append('"'));
        return String.format(Locale.ROOT, "{\"benchmark\": \"%s\", \"mode\": \"avgt\", \"params\": {%s}, "
                + "\"primaryMetric\": {\"score\": %s, \"scoreError\": 0.01, \"scoreUnit\": \"%s\"}}", benchmark, p,
                score, unit);
    }

    private static String delay(String method, String task, int batch, String layer, double ms) {
        return result(DELAY + method, Map.of("task", task, "batch", Integer.toString(batch), "layer", layer), ms,
                "ms/op");
    }

    private static void write(Path dir, String name, String... results) throws IOException {
        Files.writeString(dir.resolve(name), "[" + String.join(",\n", results) + "]");
    }

    private static List<JmhSummary.Row> synthetic(Path dir) throws IOException {
        write(dir, "jmh-delay-t1.json",
                delay("forward", "copy", 32, "dl4j_CarouselPeepholeLSTM", 2.0),
                delay("forward", "copy", 32, "dl4j_LSTM", 10.0),
                delay("forward", "copy", 32, "gemmFloor_G4", 0.25),
                delay("forward", "copy", 32, "djl_GRU", 1.0),
                delay("forward", "copy", 32, "gemmFloor_G3", 0.5),
                delay("trainingStep", "copy", 32, "dl4j_CarouselPeepholeLSTM", 6.0),
                delay("trainingStep", "copy", 32, "dl4j_LSTM", 40.0));
        write(dir, "jmh-delay-t2.json",
                delay("forward", "copy", 32, "dl4j_CarouselPeepholeLSTM", 4.0),
                delay("forward", "copy", 32, "dl4j_LSTM", 8.0),
                delay("forward", "4:T=1000", 1, "reference_PeepholeLSTM", 3.0));
        write(dir, "jmh-t1.json", result("dev.carousel.bench.jmh.RecurrentLayerBenchmark.layerTraining",
                Map.of("layer", "carouselPeepholeLSTM", "batch", "32", "time", "100", "input", "64", "hidden", "128"),
                100.0, "ms/op"));
        Files.writeString(dir.resolve("jmh-other.json"), "not JMH output, not read");
        return JmhSummary.read(dir);
    }

    @Test
    void readsBothResultFilesPerThreadSetting(@TempDir Path dir) throws IOException {
        List<JmhSummary.Row> rows = synthetic(dir);
        assertEquals(11, rows.size());
        assertEquals(3, rows.stream().filter(r -> r.threads() == 2).count());
        JmhSummary.Row r = rows.stream().filter(x -> x.suite().equals("DelayTaskShapeBenchmark")).findFirst()
                .orElseThrow();
        assertEquals("dl4j_CarouselPeepholeLSTM", r.layer());
        assertEquals(0.002, r.secondsPerOp(), 1e-15);
    }

    @Test
    void delayTaskShapeTablesGiveSequencesPerSecondGflopsAndRatiosAtTheBestThreadSetting(@TempDir Path dir)
            throws IOException {
        String md = JmhSummary.markdown(synthetic(dir), Map.of("cpu", "test"), "test");
        assertTrue(md.contains("\n## Delay-task shapes\n"), md);
        assertTrue(md.contains("Tasks measured: copy, 4:T=1000; a representative subset, left out: "
                + "1, 2a, 2b, 2c, 3a, 3b, 3c, 5, 6a, 6b, adding"), md);
        assertTrue(md.contains("\n### task copy (I=10, H=32, T=120), B=32\n"), md);
        int t4 = DelayTaskShape.of("4:T=1000").time();
        assertTrue(md.contains("\n### task 4:T=1000 (I=2, H=4, T=" + t4 + "), B=1\n"), md);
        assertTrue(md.indexOf("### task copy") < md.indexOf("### task 4:T=1000"), "tasks in order of appearance");

        // copy: I=10, H=32, T=120, B=32. LSTM forward FLOPs 8 H (I + H) B T, GRU 6 H (I + H) B T, training 3x.
        double lstm = 8.0 * 32 * (10 + 32) * 32 * 120;
        double gru = 6.0 * 32 * (10 + 32) * 32 * 120;
        // Carousel peephole: forward 2 ms at t=1 (4 ms at t=2), training 6 ms; DL4J LSTM best forward 8 ms (t=2),
        // training 40 ms; floor G4 forward 0.25 ms, no training floor.
        String carousel = String.format(Locale.ROOT, "| dl4j_CarouselPeepholeLSTM | 16000 (t=1) | %.3g | 4.00x | "
                + "8.00x | 5333 (t=1) | %.3g | 6.67x | — |", lstm / 0.002 / 1e9, 3 * lstm / 0.006 / 1e9);
        assertTrue(md.contains(carousel + "\n"), "expected " + carousel + " in\n" + md);
        String dl4j = String.format(Locale.ROOT, "| dl4j_LSTM | 4000 (t=2) | %.3g | 1.00x | 32.00x | 800 (t=1) | "
                + "%.3g | 1.00x | — |", lstm / 0.008 / 1e9, 3 * lstm / 0.040 / 1e9);
        assertTrue(md.contains(dl4j + "\n"), "expected " + dl4j + " in\n" + md);
        // DJL GRU forward 1 ms: 8x DL4J LSTM's 8 ms, 2x the G=3 floor's 0.5 ms; no training measurement.
        String djlGru = String.format(Locale.ROOT,
                "| djl_GRU | 32000 (t=1) | %.3g | 8.00x | 2.00x | — | — | — | — |",
                gru / 0.001 / 1e9);
        assertTrue(md.contains(djlGru + "\n"), "expected " + djlGru + " in\n" + md);
        // rows in the benchmark's declared layer order
        assertTrue(md.indexOf("| dl4j_CarouselPeepholeLSTM | 16000") < md.indexOf("| dl4j_LSTM | 4000")
                && md.indexOf("| dl4j_LSTM | 4000") < md.indexOf("| djl_GRU | 32000")
                && md.indexOf("| djl_GRU | 32000") < md.indexOf("| gemmFloor_G4 |"), md);
        // the reference at batch 1: 1 / 3 ms = 333 sequences/s, no DL4J LSTM or floor measured for that shape
        String ref = String.format(Locale.ROOT,
                "| reference_PeepholeLSTM | 333 (t=2) | %.3g | — | — | — | — | — | — |",
                8.0 * 4 * (2 + 4) * t4 / 0.003 / 1e9);
        assertTrue(md.contains(ref + "\n"), "expected " + ref + " in\n" + md);
    }

    @Test
    void everyMeasurementUsesTheTaskShapeForDelayRows(@TempDir Path dir) throws IOException {
        String md = JmhSummary.markdown(synthetic(dir), Map.of("cpu", "test"), "test");
        double lstm = 8.0 * 32 * (10 + 32) * 32 * 120;
        String row = String.format(Locale.ROOT, "| DelayTaskShapeBenchmark | forward | dl4j_CarouselPeepholeLSTM | 1 | "
                + "2.000 ± 0.010 | ms/op | 16000.0 | %.2f |", lstm / 0.002 / 1e9);
        assertTrue(md.contains(row + "\n"), "expected " + row + " in\n" + md);
        // the reference-shape suites keep B=32, T=100, I=64, H=128: 32 / 0.1 s = 320 sequences/s
        assertTrue(md.contains("| RecurrentLayerBenchmark | layerTraining | carouselPeepholeLSTM | 1 | 100.0 ± 0.010 "
                + "| ms/op | 320.0 |"), md);
    }

    @Test
    void noDelayRowsNoSection(@TempDir Path dir) throws IOException {
        write(dir, "jmh-t1.json", result("dev.carousel.bench.jmh.GemmFloorBenchmark.forward", Map.of("gates", "4"),
                1.0, "ms/op"));
        assertTrue(!JmhSummary.markdown(JmhSummary.read(dir), Map.of(), "test").contains("Delay-task shapes"));
    }
}
