package dev.carousel.djl.attention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.spec.RelativeError;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Autograd gradients of the DJL model against finite differences of the DJL model itself, in float64 on the
 * PyTorch engine (independent of reference-impl): up to 8 entries of every parameter tensor (all of a small one,
 * else the first, the last and random ones), the project's relative error ({@link RelativeError}: max|a - n| /
 * max|n| over the tensor's picked entries) within 1e-6, summed token loss over a padded batch with variable source
 * and target lengths; each of the three scores, both decoders, LSTM, peephole-LSTM and both GRU cells, both
 * directions and both init modes appear. The differences are fourth-order central ones with step 1e-3
 * ((8 (f(+h) - f(-h)) - (f(+2h) - f(-2h))) / 12h): the second-order ones with step 1e-6 carried ~1e-9 absolute
 * rounding noise, which is a relative error of 1.6e-5 on d attention.w_q (max|n| 4.7e-5) in the first
 * configuration.
 */
class FiniteDifferenceTest {
    private static final double EPS = 1e-3;
    private static final double TOL = 1e-6;
    private static final int PER_TENSOR = 8;

    @Test
    void everyParameterEntry() {
        Seq2SeqConfig[] configs = {
            new Seq2SeqConfig(5, 6, 2, 2, 3, CellType.PEEPHOLE_LSTM, CellType.LSTM, true, DecoderType.BAHDANAU,
                    ScoreType.ADDITIVE, 2, InitMode.FROM_ENCODER, 1, 2, 0),
            new Seq2SeqConfig(5, 6, 2, 2, 3, CellType.GRU, CellType.GRU_RESET_BEFORE, false, DecoderType.LUONG,
                    ScoreType.GENERAL, 2, InitMode.ZEROS, 1, 2, 0),
            new Seq2SeqConfig(5, 6, 2, 2, 4, CellType.GRU_RESET_BEFORE, CellType.PEEPHOLE_LSTM, true,
                    DecoderType.LUONG, ScoreType.DOT, 2, InitMode.FROM_ENCODER, 1, 2, 0),
            new Seq2SeqConfig(5, 6, 2, 3, 3, CellType.LSTM, CellType.GRU, false, DecoderType.BAHDANAU,
                    ScoreType.DOT, 2, InitMode.ZEROS, 1, 2, 0),
        };
        Random r = new Random(77);
        double worst = 0;
        java.util.List<String> failures = new java.util.ArrayList<>();
        int entries = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (Seq2SeqConfig cfg : configs) {
                Seq2SeqCase c = Seq2SeqCase.random(cfg, r, 2, 4, 3);
                Map<String, double[]> values = Seq2SeqCase.values(c.reference(r.nextLong()));
                AttentionSeq2SeqBlock block = c.block(m, DataType.FLOAT64, values);
                Map<String, double[]> analytic = c.djlPass(block, m, true).gradients();
                for (Map.Entry<String, double[]> e : values.entrySet()) {
                    double[] v = e.getValue();
                    double[] numeric = new double[v.length];
                    int[] picked = entries(r, v.length);
                    for (int k : picked) {
                        double keep = v[k];
                        double[] f = new double[4];
                        double[] steps = {EPS, -EPS, 2 * EPS, -2 * EPS};
                        for (int j = 0; j < 4; j++) {
                            v[k] = keep + steps[j];
                            Seq2SeqWeights.set(block, values);
                            f[j] = c.djlPass(block, m, false).loss();
                        }
                        v[k] = keep;
                        // fourth-order central difference: truncation O(EPS^4), rounding ~1e-16 |L| / EPS
                        numeric[k] = (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * EPS);
                    }
                    Seq2SeqWeights.set(block, values);
                    double[] a = analytic.get(e.getKey()).clone();
                    java.util.Arrays.fill(a, 0.0);
                    for (int k : picked) {
                        a[k] = analytic.get(e.getKey())[k];
                    }
                    double[] aPicked = new double[picked.length];
                    double[] nPicked = new double[picked.length];
                    for (int j = 0; j < picked.length; j++) {
                        aPicked[j] = a[picked[j]];
                        nPicked[j] = numeric[picked[j]];
                    }
                    double err = RelativeError.of(aPicked, nPicked);
                    worst = Math.max(worst, err);
                    if (err > TOL) {
                        failures.add(cfg + " d" + e.getKey() + ": relative error " + err + " > " + TOL
                                + " (max|n| " + maxAbs(nPicked) + ")");
                    }
                    entries += picked.length;
                }
            }
        }
        System.out.printf("finite differences: %d parameter entries in %d configurations, worst relative error"
                + " %.3g%n", entries, configs.length, worst);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Every index of a small tensor, else PER_TENSOR distinct random ones (the first and last always). */
    private static int[] entries(Random r, int n) {
        if (n <= PER_TENSOR) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        java.util.Set<Integer> s = new java.util.TreeSet<>(java.util.List.of(0, n - 1));
        while (s.size() < PER_TENSOR) {
            s.add(r.nextInt(n));
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
