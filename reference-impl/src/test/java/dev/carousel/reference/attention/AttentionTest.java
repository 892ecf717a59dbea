package dev.carousel.reference.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;
import dev.carousel.testing.RandomArrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttentionTest {

    @Test
    void dotAttentionWithTwoKeysMatchesHandComputedSoftmax() {
        Attention att = new Attention(new DotAttention(2, 2));
        double[][] e = {{1.0, 0.0}, {0.5, 2.0}};
        double[] q = {1.0, -0.5};
        // scores: q.e1 = 1, q.e2 = 0.5 - 1 = -0.5
        double w1 = Math.exp(1.0);
        double w2 = Math.exp(-0.5);
        double a1 = w1 / (w1 + w2);
        double a2 = w2 / (w1 + w2);
        Attention.Step st = att.attend(att.precomputeKeys(e, null), q);
        assertArrayEquals(new double[] {1.0, -0.5}, st.scores(), 1e-15);
        assertArrayEquals(new double[] {a1, a2}, st.alphas(), 1e-15);
        assertArrayEquals(new double[] {a1 * 1.0 + a2 * 0.5, a2 * 2.0}, st.context(), 1e-15);
    }

    @Test
    void generalAttentionMatchesHandComputedBilinearScore() {
        GeneralAttention score = new GeneralAttention(2, 3);
        score.params().get("w_a").set(new double[] {1, 0, 2, 0, -1, 1});    // W_a [2, 3]
        Attention att = new Attention(score);
        double[][] e = {{1, 1, 0}, {0, 1, 1}};
        double[] q = {0.5, 1.0};
        // W_a e1 = (1, -1), W_a e2 = (2, 0); scores 0.5 - 1 = -0.5, 1.0
        double w1 = Math.exp(-0.5);
        double w2 = Math.exp(1.0);
        Attention.Step st = att.attend(att.precomputeKeys(e, null), q);
        assertArrayEquals(new double[] {-0.5, 1.0}, st.scores(), 1e-15);
        assertArrayEquals(new double[] {w1 / (w1 + w2), w2 / (w1 + w2)}, st.alphas(), 1e-15);
    }

    @Test
    void additiveAttentionMatchesHandComputedScore() {
        AdditiveAttention score = new AdditiveAttention(1, 1, 2);
        score.params().get("w_q").set(new double[] {1.0, -1.0});
        score.params().get("w_k").set(new double[] {0.5, 2.0});
        score.params().get("b").set(new double[] {0.1, 0.0});
        score.params().get("v").set(new double[] {1.0, 3.0});
        Attention att = new Attention(score);
        double q = 0.3;
        double[] es = {1.0, -2.0};
        double[] expected = new double[2];
        for (int j = 0; j < 2; j++) {
            expected[j] = 1.0 * Math.tanh(1.0 * q + 0.5 * es[j] + 0.1) + 3.0 * Math.tanh(-1.0 * q + 2.0 * es[j]);
        }
        Attention.Step st = att.attend(att.precomputeKeys(new double[][] {{es[0]}, {es[1]}}, null), new double[] {q});
        assertArrayEquals(expected, st.scores(), 1e-15);
    }

    @Test
    void maskedPositionsGetExactlyZeroWeightAndAreIgnored() {
        for (AttentionScore score : scores(3, 3, 4, 11)) {
            Attention att = new Attention(score);
            Random rnd = new Random(5);
            double[][] e = RandomArrays.matrix(rnd, 4, 3, 1.0);
            double[] mask = {1, 0, 1, 0};
            double[] q = RandomArrays.uniform(rnd, 3, 1.0);
            Attention.Step st = att.attend(att.precomputeKeys(e, mask), q);
            double[] alpha = st.alphas();
            assertEquals(0.0, alpha[1]);
            assertEquals(0.0, alpha[3]);
            assertEquals(1.0, alpha[0] + alpha[2], 1e-15);
            // the softmax over the two valid positions alone
            double[] valid = att.attend(att.precomputeKeys(new double[][] {e[0], e[2]}, null), q).alphas();
            assertEquals(valid[0], alpha[0], 1e-15);
            assertEquals(valid[1], alpha[2], 1e-15);
            // changing masked encoder outputs changes nothing, bit for bit
            double[][] e2 = new double[4][];
            for (int j = 0; j < 4; j++) {
                e2[j] = e[j].clone();
            }
            e2[1] = new double[] {100, -7, 3};
            e2[3] = new double[] {-50, 9, 1e3};
            Attention.Step st2 = att.attend(att.precomputeKeys(e2, mask), q);
            assertArrayEquals(st.alphas(), st2.alphas(), 0.0);
            assertArrayEquals(st.context(), st2.context(), 0.0);
        }
    }

    @Test
    void badInputsGiveClearExceptions() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new DotAttention(3, 4));
        assertTrue(ex.getMessage().contains("D=3") && ex.getMessage().contains("E=4"), ex.getMessage());
        Attention att = new Attention(new GeneralAttention(2, 3));
        double[][] e = {{1, 2, 3}, {4, 5, 6}};
        ex = assertThrows(IllegalArgumentException.class, () -> att.precomputeKeys(e, new double[] {0, 0}));
        assertTrue(ex.getMessage().contains("fully masked"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> att.precomputeKeys(e, new double[] {1}));
        assertTrue(ex.getMessage().contains("expected 2"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> att.precomputeKeys(new double[][] {{1, 2}}, null));
        assertTrue(ex.getMessage().contains("E=3"), ex.getMessage());
        SourceKeys keys = att.precomputeKeys(e, null);
        ex = assertThrows(IllegalArgumentException.class, () -> att.attend(keys, new double[] {1, 2, 3}));
        assertTrue(ex.getMessage().contains("D=2"), ex.getMessage());
    }

    @Test
    void keysAreComputedOncePerSourceNotPerDecoderStep() {
        int[] calls = new int[1];
        AttentionScore inner = new AdditiveAttention(2, 2, 3);
        AttentionScore counting = new AttentionScore() {
            public int querySize() { return inner.querySize(); }
            public int encoderSize() { return inner.encoderSize(); }
            public int keySize() { return inner.keySize(); }
            public ParamSet params() { return inner.params(); }
            public double[] key(double[] e) { calls[0]++; return inner.key(e); }
            public void backwardKey(double[] e, double[] dKey, double[] de) { inner.backwardKey(e, dKey, de); }
            public ScoreStep score(double[] q, double[][] k, double[] m) { return inner.score(q, k, m); }
            public void backwardScore(ScoreStep s, double[] d, double[] dq, double[][] dk) {
                inner.backwardScore(s, d, dq, dk);
            }
        };
        Attention att = new Attention(counting);
        SourceKeys keys = att.precomputeKeys(new double[5][2], new double[] {1, 1, 1, 0, 0});
        for (int t = 0; t < 4; t++) {
            att.attend(keys, new double[] {t, 1});
        }
        assertEquals(3, calls[0]);
    }

    /**
     * L = sum_t ( w_t . context_t + u_t . alpha_t ) over three queries sharing one precomputed source with masked
     * positions: checks dq, de (per position) and every parameter of each score type.
     */
    @Test
    void gradientsOfEveryScoreMatchFiniteDifferences() {
        for (AttentionScore score : scores(3, 3, 4, 17)) {
            Attention att = new Attention(score);
            Random rnd = new Random(23);
            double[][] e = RandomArrays.matrix(rnd, 5, 3, 1.0);
            double[] mask = {1, 1, 0, 1, 0};
            double[][] q = RandomArrays.matrix(rnd, 3, 3, 1.0);
            double[][] w = RandomArrays.matrix(rnd, 3, 3, 1.0);
            double[][] u = RandomArrays.matrix(rnd, 3, 5, 1.0);
            java.util.function.DoubleSupplier loss = () -> {
                SourceKeys keys = att.precomputeKeys(e, mask);
                double l = 0;
                for (int t = 0; t < 3; t++) {
                    Attention.Step st = att.attend(keys, q[t]);
                    double[] c = st.context();
                    double[] a = st.alphas();
                    for (int k = 0; k < 3; k++) {
                        l += w[t][k] * c[k];
                    }
                    for (int j = 0; j < 5; j++) {
                        l += u[t][j] * a[j];
                    }
                }
                return l;
            };
            att.params().zeroGrad();
            SourceKeys keys = att.precomputeKeys(e, mask);
            double[][] dq = new double[3][3];
            for (int t = 0; t < 3; t++) {
                att.backward(att.attend(keys, q[t]), keys, w[t], u[t], dq[t]);
            }
            double[][] de = att.backwardKeys(keys);
            GradCheck.Result r = GradCheck.params(att.params(), loss);
            r.merge(GradCheck.input("q", q, dq, loss));
            r.merge(GradCheck.input("e", e, de, loss));
            System.out.println("attention " + score.getClass().getSimpleName() + ": " + r);
            assertTrue(r.maxError <= 1e-6, r.toString());
            assertEquals(0.0, de[2][0]);
            assertEquals(0.0, de[4][2]);
        }
    }

    static AttentionScore[] scores(int d, int eSize, int a, long seed) {
        AttentionScore[] s = {new AdditiveAttention(d, eSize, a), new DotAttention(d, eSize),
            new GeneralAttention(d, eSize)};
        Random rnd = new Random(seed);
        for (AttentionScore score : s) {
            for (Param p : score.params()) {
                for (int k = 0; k < p.size(); k++) {
                    p.value[k] = rnd.nextGaussian();
                }
            }
        }
        return s;
    }
}
