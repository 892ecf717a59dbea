package dev.carousel.djl.attention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Autograd gradients of the DJL model against central differences of the DJL model itself, in float64 on the
 * PyTorch engine (independent of reference-impl): up to 8 entries of every parameter tensor (all of a small
 * one, else the first, the last and random ones), |a - n| / max(1, |a|, |n|) within
 * 1e-6 (the reference's own finite-difference metric: tensors whose entries cancel, such as d attention.w_q, are
 * small and their central differences carry ~1e-9 absolute rounding noise), summed token loss over a padded
 * batch with variable source and target lengths; each of the three scores, both decoders, LSTM, peephole-LSTM and
 * both GRU cells, both directions and both init modes appear.
 */
class FiniteDifferenceTest {
    private static final double EPS = 1e-6;
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
        double worstRelative = 0;
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
                        v[k] = keep + EPS;
                        Seq2SeqWeights.set(block, values);
                        double up = c.djlPass(block, m, false).loss();
                        v[k] = keep - EPS;
                        Seq2SeqWeights.set(block, values);
                        double down = c.djlPass(block, m, false).loss();
                        v[k] = keep;
                        numeric[k] = (up - down) / (2 * EPS);
                    }
                    Seq2SeqWeights.set(block, values);
                    double[] a = analytic.get(e.getKey()).clone();
                    java.util.Arrays.fill(a, 0.0);
                    for (int k : picked) {
                        a[k] = analytic.get(e.getKey())[k];
                    }
                    for (int k : picked) {
                        double err = Math.abs(a[k] - numeric[k]) / Math.max(1.0, Math.max(Math.abs(a[k]),
                                Math.abs(numeric[k])));
                        assertTrue(err <= TOL, cfg + " d" + e.getKey() + "[" + k + "]: autograd " + a[k]
                                + ", central difference " + numeric[k] + ", error " + err + " > " + TOL);
                        worst = Math.max(worst, err);
                    }
                    if (maxAbs(numeric) >= 1e-2) {
                        worstRelative = Math.max(worstRelative, Seq2SeqCase.relativeError(a, numeric));
                    }
                    entries += picked.length;
                }
            }
        }
        System.out.printf("finite differences: %d parameter entries in %d configurations, max |a - n| / max(1, |a|,"
                + " |n|) %.3g; max relative error (max|a - n| / max|n|) over tensors with max|n| >= 1e-2: %.3g%n",
                entries, configs.length, worst, worstRelative);
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
