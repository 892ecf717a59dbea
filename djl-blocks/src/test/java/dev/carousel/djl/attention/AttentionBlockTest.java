package dev.carousel.djl.attention;

import dev.carousel.reference.attention.ReferenceCells;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.carousel.reference.Param;
import dev.carousel.reference.attention.Attention;
import dev.carousel.reference.attention.SourceKeys;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.testing.RandomArrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The attention block alone against the reference's Attention (every score), float64, with a general (non-prefix)
 * 0/1 source mask and with lengths: context and alphas within 1e-12; alphas exactly 0 at masked positions; outputs
 * bit-identical when the encoder outputs at masked positions change; clear errors for bad masks and shapes.
 */
class AttentionBlockTest {
    private static final int B = 3;
    private static final int TQ = 2;
    private static final int S = 5;
    private static final int E = 4;
    /** Random values are uniform in [-UNIT, UNIT): unit variance. */
    private static final double UNIT = Math.sqrt(3);

    @Test
    void everyScoreAgreesWithTheReferenceUnderAGeneralMask() {
        Random r = new Random(11);
        double[][] mask = {{1, 0, 1, 1, 0}, {0, 0, 0, 1, 0}, {1, 1, 1, 1, 1}};
        double worst = 0;
        for (ScoreType type : ScoreType.values()) {
            int d = type == ScoreType.DOT ? E : 3;
            Attention ref = new Attention(ReferenceCells.score(type, d, E, 3));
            for (Param p : ref.params()) {
                RandomArrays.fill(p.value, r, 0.7 * UNIT);
            }
            double[][][] e = RandomArrays.sequence(r, B, S, E, UNIT);
            double[][][] q = RandomArrays.sequence(r, B, TQ, d, UNIT);
            try (NDManager m = NDManager.newBaseManager()) {
                AttentionBlock block = block(m, type, d, ref);
                NDList out = run(m, block, q, e, m.create(RandomArrays.flatten(mask), new Shape(B, S)));
                double[] ctx = out.get(0).toDoubleArray();
                double[] alphas = out.get(1).toDoubleArray();
                for (int b = 0; b < B; b++) {
                    SourceKeys keys = ref.precomputeKeys(e[b], mask[b]);
                    for (int t = 0; t < TQ; t++) {
                        Attention.Step st = ref.attend(keys, q[b][t]);
                        double[] ea = st.alphas();
                        double[] ec = st.context();
                        for (int j = 0; j < S; j++) {
                            double a = alphas[(b * TQ + t) * S + j];
                            if (mask[b][j] == 0) {
                                assertEquals(0.0, a, 0.0, type + " masked alpha");
                            }
                            worst = Math.max(worst, Math.abs(a - ea[j]));
                        }
                        for (int k = 0; k < E; k++) {
                            worst = Math.max(worst, Math.abs(ctx[(b * TQ + t) * E + k] - ec[k]));
                        }
                    }
                }
                // masked encoder outputs change nothing, bit for bit
                double[][][] e2 = new double[B][S][];
                for (int b = 0; b < B; b++) {
                    for (int j = 0; j < S; j++) {
                        e2[b][j] = mask[b][j] == 1 ? e[b][j].clone() : new double[] {9, -7, 5, 3};
                    }
                }
                NDList out2 = run(m, block, q, e2, m.create(RandomArrays.flatten(mask), new Shape(B, S)));
                assertArrayEquals(ctx, out2.get(0).toDoubleArray(), 0.0, type + " context");
                assertArrayEquals(alphas, out2.get(1).toDoubleArray(), 0.0, type + " alphas");
                // lengths give the prefix mask
                int[] lengths = {2, 5, 1};
                NDList byLength = run(m, block, q, e, m.create(lengths));
                double[] al = byLength.get(1).toDoubleArray();
                for (int b = 0; b < B; b++) {
                    double[] prefix = new double[S];
                    java.util.Arrays.fill(prefix, 0, lengths[b], 1.0);
                    SourceKeys keys = ref.precomputeKeys(e[b], prefix);
                    for (int t = 0; t < TQ; t++) {
                        double[] ea = ref.attend(keys, q[b][t]).alphas();
                        for (int j = 0; j < S; j++) {
                            worst = Math.max(worst, Math.abs(al[(b * TQ + t) * S + j] - ea[j]));
                        }
                    }
                }
            }
        }
        System.out.printf("attention block vs reference: max |difference| %.3g%n", worst);
        assertTrue(worst <= 1e-12, "max difference " + worst);
    }

    @Test
    void badMasksAndShapesGiveClearErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            Attention ref = new Attention(ReferenceCells.score(ScoreType.GENERAL, 3, E, 3));
            AttentionBlock block = block(m, ScoreType.GENERAL, 3, ref);
            double[][][] q = RandomArrays.sequence(new Random(1), B, TQ, 3, UNIT);
            double[][][] e = RandomArrays.sequence(new Random(2), B, S, E, UNIT);
            DecodingTest.assertMessage(IllegalArgumentException.class, () -> run(m, block, q, e,
                    m.create(new int[] {1, 0, 2})), "[1, 5]");
            DecodingTest.assertMessage(IllegalArgumentException.class, () -> run(m, block, q, e,
                    m.create(new int[] {1, 2})), "3 source lengths");
            DecodingTest.assertMessage(IllegalArgumentException.class, () -> run(m, block, q, e,
                    m.zeros(new Shape(B, S), DataType.FLOAT64)), "fully masked");
            DecodingTest.assertMessage(IllegalArgumentException.class, () -> run(m, block, q, e,
                    m.ones(new Shape(B, S), DataType.FLOAT64).mul(0.5)), "0 or 1");
            DecodingTest.assertMessage(IllegalArgumentException.class, () -> run(m, block, q, e,
                    m.ones(new Shape(B, 4), DataType.FLOAT64)), "(3, 5)");
            double[][][] q4 = RandomArrays.sequence(new Random(3), B, TQ, 4, UNIT);
            DecodingTest.assertMessage(IllegalArgumentException.class, () -> run(m, block, q4, e,
                    m.create(new int[] {1, 1, 1})), "[B, Tq, D]");
            DecodingTest.assertMessage(IllegalArgumentException.class, () -> new AttentionBlock(ScoreType.DOT, 3, 4,
                    1), "D == ");
        }
    }

    private static AttentionBlock block(NDManager m, ScoreType type, int d, Attention ref) {
        AttentionBlock block = new AttentionBlock(type, d, E, 3);
        block.initialize(m, DataType.FLOAT64, new Shape(B, TQ, d), new Shape(B, S, E), new Shape(B));
        for (Param p : ref.params()) {
            NDArray arr = block.getDirectParameters().get(p.name()).getArray();
            dev.carousel.djl.OwnedArrays.overwrite(arr, p.value);
        }
        return block;
    }

    private static NDList run(NDManager m, AttentionBlock block, double[][][] q, double[][][] e, NDArray source) {
        return block.forward(new ParameterStore(m, false), new NDList(
                m.create(RandomArrays.flatten(q), new Shape(q.length, q[0].length, q[0][0].length)),
                m.create(RandomArrays.flatten(e), new Shape(e.length, e[0].length, e[0][0].length)), source), false);
    }
}
