package dev.carousel.reference.attention;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;

/**
 * "General" bilinear attention (Luong et al. 2015): {@code score(q, e_j) = q^T W_a e_j}, computed as
 * {@code q . k_j} with the key {@code k_j = W_a e_j} precomputed once per source sequence.
 *
 * <p>Parameter: {@code w_a} [D, E].
 */
public final class GeneralAttention extends QueryKeyDotScore {
    private final int nQ;
    private final int nE;
    private final ParamSet params = new ParamSet();
    private final Param wA;

    /**
     * @param querySize   D
     * @param encoderSize E
     */
    public GeneralAttention(int querySize, int encoderSize) {
        this.nQ = querySize;
        this.nE = encoderSize;
        wA = params.add(new Param("w_a", nQ, nE));
    }

    @Override
    public int querySize() {
        return nQ;
    }

    @Override
    public int encoderSize() {
        return nE;
    }

    @Override
    public int keySize() {
        return nQ;
    }

    @Override
    public ParamSet params() {
        return params;
    }

    /** k_j = W_a e_j  [D]. */
    @Override
    public double[] key(double[] e) {
        double[] k = new double[nQ];
        Linalg.addMatVec(wA.value, nE, e, k);
        return k;
    }

    /** dW_a += dk_j e_j^T;  de_j += W_a^T dk_j. */
    @Override
    public void backwardKey(double[] e, double[] dKey, double[] de) {
        Linalg.addOuter(wA.grad, nE, dKey, e);
        Linalg.addMatTVec(wA.value, nE, dKey, de);
    }
}
