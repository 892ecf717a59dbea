package dev.carousel.reference.attention;

import dev.carousel.reference.ParamSet;

/**
 * Dot-product attention (Luong et al. 2015): {@code score(q, e_j) = q^T e_j}. No parameters; the key is e_j itself,
 * so the query size D must equal the encoder output size E.
 */
public final class DotAttention implements AttentionScore {
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

    /** score_j = q . k_j. */
    @Override
    public ScoreStep score(double[] q, double[][] keys, double[] mask) {
        double[] s = new double[keys.length];
        for (int j = 0; j < keys.length; j++) {
            if (mask[j] == 0.0) {
                continue;
            }
            for (int c = 0; c < size; c++) {
                s[j] += q[c] * keys[j][c];
            }
        }
        return new DotStep(q, keys, s);
    }

    /** dq += sum_j dscore_j k_j;  dk_j += dscore_j q. */
    @Override
    public void backwardScore(ScoreStep step, double[] dScores, double[] dq, double[][] dKeys) {
        DotStep st = (DotStep) step;
        for (int j = 0; j < st.keys.length; j++) {
            if (dScores[j] == 0.0) {
                continue;
            }
            for (int c = 0; c < size; c++) {
                dq[c] += dScores[j] * st.keys[j][c];
                dKeys[j][c] += dScores[j] * st.q[c];
            }
        }
    }

    private record DotStep(double[] q, double[][] keys, double[] scores) implements ScoreStep {
    }
}
