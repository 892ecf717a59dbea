package dev.carousel.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A quick contention-robust companion to the JMH suite: runs every case of {@link RecurrentLayerBenchmark},
 * {@link GemmFloorBenchmark} and {@link TinyShapeBenchmark} round-robin (so background load hits all alike) and
 * reports the MINIMUM time per operation over the rounds, which approximates the unloaded time on a shared
 * machine, and the median beside it. Usage: {@code java -cp ... dev.carousel.bench.jmh.MinTimeProbe [rounds [regex]]}
 * (the regex selects cases by name).
 */
public final class MinTimeProbe {
    private MinTimeProbe() {
    }

    private interface Op {
        Object run();
    }

    private record Case(String name, Op op, int repeat) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        java.util.regex.Pattern only = java.util.regex.Pattern.compile(args.length > 1 ? args[1] : ".*");
        List<Case> cases = new ArrayList<>();
        for (String kind : new String[] {"carouselPeepholeLSTM", "carouselGRU_resetAfter", "carouselGRU_resetBefore",
                "dl4jLSTM", "dl4jGravesLSTM"}) {
            Dl4jLayerFixture f = new Dl4jLayerFixture(kind, 32, 100, 64, 128);
            cases.add(new Case(kind + " layerTraining", f::layerTrainingStep, 1));
            cases.add(new Case(kind + " layerInference", f::layerInference, 1));
            cases.add(new Case(kind + " networkFit", () -> {
                f.networkFit();
                return f.net;
            }, 1));
            cases.add(new Case(kind + " networkOutput", f::networkOutput, 1));
        }
        for (int g : new int[] {4, 3}) {
            GemmFloorBenchmark b = new GemmFloorBenchmark();
            b.gates = g;
            b.batch = 32;
            b.time = 100;
            b.input = 64;
            b.hidden = 128;
            b.setUp();
            cases.add(new Case("gemmFloor G=" + g + " forward", b::forward, 1));
            cases.add(new Case("gemmFloor G=" + g + " training", b::training, 1));
        }
        for (String kind : new String[] {"carouselPeepholeLSTM", "carouselGRU_resetAfter", "dl4jLSTM",
                "dl4jGravesLSTM"}) {
            Dl4jLayerFixture f = new Dl4jLayerFixture(kind, 1, 100, 2, 4);
            cases.add(new Case("tiny " + kind + " layerTraining", f::layerTrainingStep, 20));
            cases.add(new Case("tiny " + kind + " layerInference", f::layerInference, 20));
            cases.add(new Case("tiny " + kind + " networkFit", () -> {
                f.networkFit();
                return f.net;
            }, 20));
            cases.add(new Case("tiny " + kind + " networkOutput", f::networkOutput, 20));
        }
        cases.removeIf(c -> !only.matcher(c.name).find());
        double[] best = new double[cases.size()];
        double[][] all = new double[cases.size()][rounds];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < rounds + 2; r++) {
            for (int c = 0; c < cases.size(); c++) {
                Case k = cases.get(c);
                long t0 = System.nanoTime();
                for (int i = 0; i < k.repeat; i++) {
                    k.op.run();
                }
                double ms = (System.nanoTime() - t0) / 1e6 / k.repeat;
                if (r >= 2) {                                     // two warm-up rounds
                    best[c] = Math.min(best[c], ms);
                    all[c][r - 2] = ms;
                }
            }
        }
        System.out.println("OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", carousel.dl4j.threads="
                + System.getProperty("carousel.dl4j.threads", "auto") + ", rounds=" + rounds
                + ", minimum and median ms/op (tiny: also sequences/s)");
        for (int c = 0; c < cases.size(); c++) {
            String n = cases.get(c).name;
            double[] sorted = all[c].clone();
            java.util.Arrays.sort(sorted);
            System.out.println(String.format(Locale.ROOT, "%-48s %10.3f ms  median %10.3f ms%s", n, best[c],
                    sorted[sorted.length / 2],
                    n.startsWith("tiny") ? String.format(Locale.ROOT, "  %10.0f seq/s", 1000.0 / best[c]) : ""));
        }
        INDArray keep = Nd4j.zeros(DataType.FLOAT, 1);
        keep.addi(0);
    }
}
