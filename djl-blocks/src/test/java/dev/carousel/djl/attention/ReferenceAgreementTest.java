package dev.carousel.djl.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DJL model against the float64 reference (reference-impl's AttentionSeq2Seq) on copied weights: every score x
 * decoder x decoder cell (LSTM, GRU) x direction x init mode (48 configurations; the encoder cell and the second
 * decoder-cell variant, peephole LSTM or reset-before GRU, rotate through them), random padded batches with
 * variable source and target lengths. Logits, alphas, the summed loss and every parameter gradient (autograd):
 * float64 within 1e-9, float32 within 1e-4 (relative error max|a - e| / max|e|; the reference's weights are rounded
 * to float32 first so both sides start from the same values). The one exception, reported in the output: the float32
 * gradient of the additive score's bias {@code attention.b}, a cancelling sum, is measured relative to the gradient
 * of its whole affine map [W_q | W_k | b] (see checkFloat32Gradient; 1 of 48 x 17 tensors needs it).
 */
class ReferenceAgreementTest {
    private static final CellType[] ENCODER_CELLS = CellType.values();

    static List<Seq2SeqConfig> configurations() {
        List<Seq2SeqConfig> out = new ArrayList<>();
        int k = 0;
        for (ScoreType score : ScoreType.values()) {
            for (DecoderType dec : DecoderType.values()) {
                for (boolean lstm : new boolean[] {true, false}) {
                    for (boolean bi : new boolean[] {false, true}) {
                        for (InitMode init : InitMode.values()) {
                            CellType decCell = lstm ? (k % 3 == 2 ? CellType.PEEPHOLE_LSTM : CellType.LSTM)
                                    : (k % 3 == 2 ? CellType.GRU_RESET_BEFORE : CellType.GRU);
                            CellType encCell = ENCODER_CELLS[k % ENCODER_CELLS.length];
                            int hEnc = 3;
                            int e = bi ? 2 * hEnc : hEnc;
                            int hDec = score == ScoreType.DOT ? e : 4;
                            out.add(new Seq2SeqConfig(7, 8, 3, hEnc, hDec, encCell, decCell, bi, dec, score, 3, init,
                                    1, 2, 0));
                            k++;
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void float64AndFloat32AgreeWithTheReference() {
        Random r = new Random(2026);
        double worst64 = 0;
        double worst32 = 0;
        double worstGrad64 = 0;
        double worstGrad32 = 0;
        int n = 0;
        int[] widerScale = {0};
        try (NDManager m = NDManager.newBaseManager()) {
            for (Seq2SeqConfig cfg : configurations()) {
                Seq2SeqCase c = Seq2SeqCase.random(cfg, r, 3, 5, 4);
                AttentionSeq2Seq ref = c.reference(100 + n++);
                Seq2SeqCase.roundToFloat(ref);
                Seq2SeqCase.Pass e = c.referencePass(ref);
                Map<String, double[]> values = Seq2SeqCase.values(ref);
                for (DataType dtype : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
                    double tol = dtype == DataType.FLOAT64 ? 1e-9 : 1e-4;
                    try (NDManager sub = m.newSubManager()) {
                        AttentionSeq2SeqBlock block = c.block(sub, dtype, values);
                        Seq2SeqCase.Pass a = c.djlPass(block, sub, true);
                        String what = cfg + " " + dtype;
                        double err = Math.max(check(what + " logits", a.logits(), e.logits(), tol),
                                check(what + " alphas", a.alphas(), e.alphas(), tol));
                        err = Math.max(err, check(what + " loss", new double[] {a.loss()}, new double[] {e.loss()},
                                tol));
                        assertEquals(e.gradients().keySet(), a.gradients().keySet(), what + " parameter names");
                        double gErr = 0;
                        for (Map.Entry<String, double[]> g : e.gradients().entrySet()) {
                            double[] ag = a.gradients().get(g.getKey());
                            gErr = Math.max(gErr, dtype == DataType.FLOAT64
                                    ? check(what + " d" + g.getKey(), ag, g.getValue(), tol)
                                    : checkFloat32Gradient(what + " d" + g.getKey(), g.getKey(), ag, g.getValue(),
                                            tol, e.gradients(), widerScale));
                        }
                        if (dtype == DataType.FLOAT64) {
                            worst64 = Math.max(worst64, err);
                            worstGrad64 = Math.max(worstGrad64, gErr);
                        } else {
                            worst32 = Math.max(worst32, err);
                            worstGrad32 = Math.max(worstGrad32, gErr);
                        }
                    }
                }
                assertMaskedZeros(c, e);
            }
        }
        System.out.printf("%d configurations; max relative error float64: outputs %.3g, gradients %.3g; float32:"
                + " outputs %.3g, gradients %.3g (%d float32 attention.b gradients missed 1e-4 relative to"
                + " themselves and passed relative to [W_q | W_k | b])%n", n, worst64, worstGrad64, worst32, worstGrad32,
                widerScale[0]);
    }

    /** The reference's alphas are exactly 0 at padded source positions; the DJL ones were compared to them. */
    private static void assertMaskedZeros(Seq2SeqCase c, Seq2SeqCase.Pass e) {
        int s = c.source[0].length;
        int t = c.target[0].length;
        for (int b = 0; b < c.source.length; b++) {
            for (int k = 0; k < c.targetLengths[b]; k++) {
                for (int j = c.sourceLengths[b]; j < s; j++) {
                    assertEquals(0.0, e.alphas()[(b * t + k) * s + j], 0.0);
                }
            }
        }
    }

    private static double check(String what, double[] actual, double[] expected, double tol) {
        double err = Seq2SeqCase.relativeError(actual, expected);
        assertTrue(err <= tol, what + ": relative error " + err + " > " + tol);
        return err;
    }

    /**
     * The float32 gradient check, per tensor: max|a - e| / max|e| over the tensor's own entries &lt;= tol, with ONE
     * named exception, {@code attention.b} (additive scores only), whose error is measured relative to the largest
     * entry of the gradient of the whole affine map it belongs to, the augmented matrix [W_q | W_k | b] of
     * pre_j = W_q q + W_k e_j + b (b is the weight of a constant-1 input), with the same tolerance. Why: softmax is
     * shift-invariant, so the score gradients of one decoder step sum to zero exactly (sum_j dscore_j = 0), and
     * d b = sum_t sum_j dscore_tj v (1 - tanh^2 pre_tj) is a sum of terms of both signs that cancel down to about
     * the spread of (1 - tanh^2) across j: float32 rounds each term at its own magnitude, which is the magnitude of
     * the same terms' contributions to d W_q and d W_k (those multiply the same dscore_tj v (1 - tanh^2) by q_t and
     * e_j, whose entries are tanh/sigmoid outputs in (-1, 1), so that scale is never larger than the terms being
     * summed into d b). Every other tensor, including d W_q and d W_k themselves, is checked against its own scale,
     * and d b is additionally reported against its own scale (observed: 1 of 48 x 17 tensors, 1.28e-4 relative to
     * itself, well under 1e-4 relative to [W_q | W_k | b]).
     */
    private static double checkFloat32Gradient(String what, String name, double[] actual, double[] expected,
                                               double tol, Map<String, double[]> reference, int[] widerScale) {
        if (!name.equals("attention.b")) {
            return check(what, actual, expected, tol);
        }
        double own = 0;
        double diff = 0;
        for (int k = 0; k < expected.length; k++) {
            own = Math.max(own, Math.abs(expected[k]));
            diff = Math.max(diff, Math.abs(actual[k] - expected[k]));
        }
        double affine = own;
        for (String sibling : new String[] {"attention.w_q", "attention.w_k"}) {
            for (double x : reference.get(sibling)) {
                affine = Math.max(affine, Math.abs(x));
            }
        }
        double relativeOwn = diff / Math.max(own, 1e-12);
        double err = diff / Math.max(affine, 1e-12);
        if (relativeOwn > tol) {
            widerScale[0]++;
            System.out.printf("float32 %s: %.3g relative to its own max|e| %.3g; %.3g relative to the [W_q | W_k | b]"
                    + " gradient's max|e| %.3g%n", what, relativeOwn, own, err, affine);
        }
        assertTrue(err <= tol, what + ": error " + err + " relative to the [W_q | W_k | b] gradient scale " + affine
                + " > " + tol);
        return err;
    }
}
