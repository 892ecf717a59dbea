package dev.carousel.bench.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 14's parity question answered in one JVM, for machines whose speed drifts by a factor of two over minutes
 * (this project's 2-vCPU runners): Carousel's DL4J layers and PyTorch's fused LSTM / GRU (DJL's built-in blocks)
 * run interleaved, one operation each in turn, with a pause between operations so that neither library's spinning
 * pool threads run into the other's time; every round gives one Carousel/PyTorch ratio per pair taken seconds
 * apart, and the probe reports the median ratio and its quartiles (plus each side's minimum and median time).
 * The same rounds time each Carousel layer forced to one thread against its own matrix products on one thread
 * ({@link GemmFloorFixture}): the overhead factor.
 *
 * <p>Usage: {@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -cp ... dev.carousel.bench.jmh.ParityProbe
 * ROUNDS B T I H [streaming]}. Each side at its own setting: Carousel's layers choose their threads
 * ({@code -Dcarousel.dl4j.threads}, default auto), PyTorch uses {@code ai.djl.pytorch.num_threads}. With
 * {@code streaming}, T is ignored: the cases are one {@code rnnTimeStep} of one step (Carousel) against a one-step
 * forward of the fused layer (PyTorch), repeated to a few milliseconds per measurement.
 */
public final class ParityProbe {
    private ParityProbe() {
    }

    private record Case(String name, Runnable op, int repeat, String oneThread) {
    }

    private static final String[][] PAIRS = {
        {"carouselPeepholeLSTM", "djlLstm", "4"},
        {"carouselGRU_resetAfter", "djlGru", "3"},
        {"carouselGRU_resetBefore", "djlGru", "3"},
    };
    /** Pause before each operation, ms ({@code -Dparity.pauseMs}, default 30). */
    private static final long PAUSE_MS = Long.getLong("parity.pauseMs", 30);

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 5) {
            System.err.println("usage: ParityProbe ROUNDS B T I H [streaming]");
            System.exit(2);
        }
        int rounds;
        int nB;
        int nT;
        int nI;
        int nH;
        try {
            rounds = Integer.parseInt(args[0]);
            nB = Integer.parseInt(args[1]);
            nT = Integer.parseInt(args[2]);
            nI = Integer.parseInt(args[3]);
            nH = Integer.parseInt(args[4]);
        } catch (NumberFormatException e) {
            rounds = 0;
            nB = 0;
            nT = 0;
            nI = 0;
            nH = 0;
        }
        if (rounds < 1 || nB < 1 || nT < 1 || nI < 1 || nH < 1) {
            System.err.println("ParityProbe: ROUNDS B T I H must be positive integers, got "
                    + String.join(" ", args));
            System.exit(2);
        }
        boolean streaming = args.length > 5 && args[5].equals("streaming");
        List<Case> cases = new ArrayList<>();
        List<int[]> ratios = new ArrayList<>();              // {numerator case, denominator case}
        List<String> ratioNames = new ArrayList<>();
        for (String[] pair : PAIRS) {
            if (streaming) {
                Dl4jLayerFixture c = new Dl4jLayerFixture(pair[0], nB, 1, nI, nH);
                DjlLayerFixture d = new DjlLayerFixture(pair[1], nB, 1, nI, nH);
                int rep = 200;
                ratios.add(new int[] {add(cases, new Case(pair[0] + " streamingStep", c::streamingStep, rep, null)),
                    add(cases, new Case(pair[1] + " one-step inference", d::inference, rep, null))});
                ratioNames.add(pair[0] + " / " + pair[1] + " streaming");
                continue;
            }
            Dl4jLayerFixture c = new Dl4jLayerFixture(pair[0], nB, nT, nI, nH);
            DjlLayerFixture d = new DjlLayerFixture(pair[1], nB, nT, nI, nH);
            int train = add(cases, new Case(pair[0] + " training", c::layerTrainingStep, 1, null));
            ratios.add(new int[] {train, add(cases, new Case(pair[1] + " training", () -> {
                d.trainingStep();
                if (Boolean.getBoolean("parity.checkGradients")) {   // the step really ran backward
                    System.out.printf(Locale.ROOT, "  %s training: sum |dL/dp0| = %.6g%n", pair[1],
                            d.firstGradientAbsSum());
                }
            }, 1, null))});
            ratioNames.add(pair[0] + " / " + pair[1] + " training");
            int infer = add(cases, new Case(pair[0] + " inference", c::layerInference, 1, null));
            ratios.add(new int[] {infer, add(cases, new Case(pair[1] + " inference", d::inference, 1, null))});
            ratioNames.add(pair[0] + " / " + pair[1] + " inference");
            GemmFloorBenchmark g = new GemmFloorBenchmark();
            g.gates = Integer.parseInt(pair[2]);
            g.batch = nB;
            g.time = nT;
            g.input = nI;
            g.hidden = nH;
            g.setUp();
            int train1 = add(cases, new Case(pair[0] + " training, 1 thread", c::layerTrainingStep, 1, "1"));
            ratios.add(new int[] {train1, add(cases, new Case("gemm floor G=" + pair[2] + " training", g::training, 1,
                    null))});
            ratioNames.add(pair[0] + " overhead (training, 1 thread)");
            int infer1 = add(cases, new Case(pair[0] + " inference, 1 thread", c::layerInference, 1, "1"));
            ratios.add(new int[] {infer1, add(cases, new Case("gemm floor G=" + pair[2] + " forward", g::forward, 1,
                    null))});
            ratioNames.add(pair[0] + " overhead (inference, 1 thread)");
            ratios.add(new int[] {train, train1});
            ratioNames.add(pair[0] + " training, own setting / 1 thread");
            ratios.add(new int[] {infer, infer1});
            ratioNames.add(pair[0] + " inference, own setting / 1 thread");
        }
        java.util.regex.Pattern only = java.util.regex.Pattern.compile(System.getProperty("parity.only", ".*"));
        for (int k = 0; k < cases.size(); k++) {
            if (!only.matcher(cases.get(k).name).find()) {
                cases.set(k, new Case(cases.get(k).name, () -> { }, 1, null));
            }
        }
        int repeat = Integer.getInteger("parity.repeat", 1);
        if (repeat > 1) {
            cases.replaceAll(c -> c.repeat == 1 ? new Case(c.name, c.op, repeat, c.oneThread) : c);
        }
        String threads = System.getProperty(dev.carousel.dl4j.host.HostThreads.PROPERTY, "auto");
        int warm = 3;
        double[][] ms = new double[cases.size()][rounds];
        for (int r = -warm; r < rounds; r++) {
            for (int k0 = 0; k0 < cases.size(); k0++) {
                int k = (k0 + Math.max(0, r)) % cases.size();   // rotate the order every round
                Case c = cases.get(k);
                if (c.oneThread != null) {
                    System.setProperty(dev.carousel.dl4j.host.HostThreads.PROPERTY, c.oneThread);
                }
                Thread.sleep(PAUSE_MS);
                long t0 = System.nanoTime();
                for (int i = 0; i < c.repeat; i++) {
                    c.op.run();
                }
                double t = (System.nanoTime() - t0) / 1e6 / c.repeat;
                System.setProperty(dev.carousel.dl4j.host.HostThreads.PROPERTY, threads);
                if (r >= 0) {
                    ms[k][r] = t;
                }
            }
        }
        System.out.printf(Locale.ROOT, "ParityProbe B=%d T=%d I=%d H=%d float32%s, %d rounds; %d processors; "
                        + "carousel.dl4j.threads=%s, carousel.dl4j.openblas=%s, OMP_NUM_THREADS=%s, "
                        + "OpenBLAS threads now %d, ai.djl.pytorch.num_threads=%s%n",
                nB, nT, nI, nH, streaming ? " streaming" : "", rounds, Runtime.getRuntime().availableProcessors(),
                threads, System.getProperty(dev.carousel.dl4j.host.HostThreads.BLAS_PROPERTY, "single"),
                System.getenv("OMP_NUM_THREADS"), org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        System.out.println("case | min ms | median ms");
        for (int k = 0; k < cases.size(); k++) {
            double[] s = ms[k].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%s | %.3f | %.3f%n", cases.get(k).name, s[0], s[s.length / 2]);
            if (Boolean.getBoolean("parity.samples")) {
                System.out.println("  samples in round order: " + Arrays.toString(ms[k]));
            }
        }
        System.out.println("ratio (per round) | median | quartiles | ratio of minima");
        for (int q = 0; q < ratios.size(); q++) {
            int[] p = ratios.get(q);
            double[] v = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                v[r] = ms[p[0]][r] / ms[p[1]][r];
            }
            Arrays.sort(v);
            double minA = Arrays.stream(ms[p[0]]).min().orElse(Double.NaN);
            double minB = Arrays.stream(ms[p[1]]).min().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "%s | %.3f | %.3f-%.3f | %.3f%n", ratioNames.get(q), v[rounds / 2],
                    v[rounds / 4], v[(3 * rounds) / 4], minA / minB);
        }
    }

    private static int add(List<Case> cases, Case c) {
        cases.add(c);
        return cases.size() - 1;
    }
}
