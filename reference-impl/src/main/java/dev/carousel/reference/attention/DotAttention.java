package dev.carousel.reference.attention;

import dev.carousel.reference.ParamSet;

/**
 * Dot-product attention (Luong et al. 2015): {@code score(q, e_j) = q^T e_j}. No parameters; the key is e_j itself,
 * so the query size D must equal the encoder output size E.
 */
public final class DotAttention extends QueryKeyDotScore {
    private final int size;
    private final ParamSet params = new ParamSet();

    /**
     * @param querySize   D
     * @param encoderSize E; must equal D
     */
    public DotAttention(int querySize, int encoderSize) {
        if (querySize != encoderSize) {
            throw new IllegalArgumentException("dot attention needs query size D == encoder output size E, got D="
                    + querySize + " E=" + encoderSize + " (use general or additive attention instead)");
        }
        if (querySize <= 0) {
            throw new IllegalArgumentException("dot attention: size must be positive, got " + querySize);
        }
        this.size = querySize;
    }

    @Override
    public int querySize() {
        return size;
    }

    @Override
    public int encoderSize() {
        return size;
    }

    @Override
    public int keySize() {
        return size;
    }

    @Override
    public ParamSet params() {
        return params;
    }

    /** k_j = e_j. */
    @Override
    public double[] key(double[] e) {
        return e.clone();
    }

    /** de_j += dk_j. */
    @Override
    public void backwardKey(double[] e, double[] dKey, double[] de) {
        Linalg.addInto(de, dKey);
    }
}
