package dev.carousel.reference.attention;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;
import dev.carousel.spec.decoding.LogSoftmax;

/**
 * The output layer over the target vocabulary:
 *
 * <pre>
 *   logits_t = W_out out_t + b_out            W_out [V, O], b_out [V]
 *   log p_t  = logits_t - log sum_v exp(logits_t[v])
 *   loss_t   = - log p_t[target_t]           dlogits_t = softmax(logits_t) - onehot(target_t)
 * </pre>
 *
 * Parameters: {@code w_out} [V, O], {@code b_out} [V].
 */
public final class SoftmaxOutput {
    private final int nIn;
    private final int nV;
    private final ParamSet params = new ParamSet();
    private final Param wOut;
    private final Param bOut;

    public SoftmaxOutput(int inputSize, int vocabSize) {
        this.nIn = inputSize;
        this.nV = vocabSize;
        wOut = params.add(new Param("w_out", nV, nIn));
        bOut = params.add(new Param("b_out", nV));
    }

    public ParamSet params() {
        return params;
    }

    /** W_out out + b_out [V]. */
    public double[] logits(double[] out) {
        double[] z = bOut.value.clone();
        Linalg.addMatVec(wOut.value, nIn, out, z);
        return z;
    }

    /** log softmax(logits), with the max subtracted first ({@link LogSoftmax}). */
    public static double[] logSoftmax(double[] logits) {
        return LogSoftmax.of(logits);
    }

    /**
     * Backward of {@code -log p[target]}: dlogits = exp(log p) - onehot(target); dW_out += dlogits out^T;
     * db_out += dlogits.
     *
     * @return dLoss/dout [O]
     */
    public double[] backward(double[] out, double[] logProbs, int target) {
        double[] dz = new double[nV];
        for (int v = 0; v < nV; v++) {
            dz[v] = Math.exp(logProbs[v]) - (v == target ? 1.0 : 0.0);
        }
        Linalg.addOuter(wOut.grad, nIn, dz, out);
        Linalg.addInto(bOut.grad, dz);
        double[] dOut = new double[nIn];
        Linalg.addMatTVec(wOut.value, nIn, dz, dOut);
        return dOut;
    }
}
