package dev.carousel.djl.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.RelativeError;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import dev.carousel.testing.Comparisons;
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
 * to float32 first so both sides start from the same values), every tensor against its own scale: no exception, also
 * not for the additive score's bias gradient d attention.b, a sum of terms of both signs that cancel (softmax is
 * shift-invariant, so one step's score gradients sum to 0). Its worst float32 error is printed with its conditioning:
 * how far half-ulp float32 perturbations of the weights move the float64 d b.
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
        double[] worstBias = {0, 0};          // float32 d attention.b error, its half-ulp sensitivity
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
                            double ge = check(what + " d" + g.getKey(), ag, g.getValue(), tol);
                            gErr = Math.max(gErr, ge);
                            if (dtype == DataType.FLOAT32 && g.getKey().equals("attention.b") && ge > worstBias[0]) {
                                worstBias[0] = ge;
                                worstBias[1] = halfUlpSensitivity(c, ref);
                            }
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
                + " outputs %.3g, gradients %.3g; float32 d attention.b (a cancelling sum, checked against its own"
                + " scale like every tensor): worst %.3g, where half-ulp weight perturbations move the float64 d b by"
                + " %.3g of its scale (condition number %.3g)%n", n, worst64, worstGrad64, worst32, worstGrad32,
                worstBias[0], worstBias[1], worstBias[1] / 0x1p-24);
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
        return Comparisons.assertRelativeError(actual, expected, tol, what);
    }

    /**
     * How much the float64 reference's d attention.b moves, relative to its own max|e|, when every weight is
     * multiplied by (1 + d) with d uniform in [-2^-24, 2^-24] (the rounding of one float32 operation): the largest
     * change over 8 such perturbations. Divided by 2^-24 it is the condition number of d b; a float32 computation
     * rounds its intermediates at that level, so its error relative to d b's own scale is expected to be of this
     * order (the margin that 1e-4 leaves).
     */
    static double halfUlpSensitivity(Seq2SeqCase c, AttentionSeq2Seq ref) {
        Map<String, double[]> base = Seq2SeqCase.values(ref);
        double[] db = c.referencePass(ref).gradients().get("attention.b");
        Random r = new Random(99);
        double worst = 0;
        for (int k = 0; k < 8; k++) {
            AttentionSeq2Seq p = c.reference(1);
            p.params().asMap().forEach((name, param) -> {
                double[] v = base.get(name);
                for (int j = 0; j < v.length; j++) {
                    param.value[j] = v[j] * (1 + (2 * r.nextDouble() - 1) * 0x1p-24);
                }
            });
            worst = Math.max(worst, RelativeError.of(c.referencePass(p).gradients().get("attention.b"), db));
        }
        return worst;
    }
}
