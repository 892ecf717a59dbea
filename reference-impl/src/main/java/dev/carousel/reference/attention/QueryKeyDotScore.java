package dev.carousel.reference.attention;

/**
 * The multiplicative scores of Luong et al. (2015), {@code score_j = q . k_j}: dot attention (k_j = e_j) and
 * general attention (k_j = W_a e_j) differ only in the key, which subclasses define.
 *
 * <pre>
 *   forward:   score_j = sum_c q_c k_jc                     (valid j only)
 *   backward:  dq += sum_j dscore_j k_j;   dk_j += dscore_j q
 * </pre>
 */
abstract class QueryKeyDotScore implements AttentionScore {
    /** score_j = q . k_j. */
    @Override
    public final ScoreStep score(double[] q, double[][] keys, double[] mask) {
        double[] s = new double[keys.length];
        for (int j = 0; j < keys.length; j++) {
            if (mask[j] == 0.0) {
                continue;
            }
            for (int c = 0; c < q.length; c++) {
                s[j] += q[c] * keys[j][c];
            }
        }
        return new DotStep(q, keys, s);
    }

    /** dq += sum_j dscore_j k_j;  dk_j += dscore_j q. */
    @Override
    public final void backwardScore(ScoreStep step, double[] dScores, double[] dq, double[][] dKeys) {
        DotStep st = (DotStep) step;
        for (int j = 0; j < st.keys.length; j++) {
            if (dScores[j] == 0.0) {
                continue;
            }
            for (int c = 0; c < st.q.length; c++) {
                dq[c] += dScores[j] * st.keys[j][c];
                dKeys[j][c] += dScores[j] * st.q[c];
            }
        }
    }

    private record DotStep(double[] q, double[][] keys, double[] scores) implements ScoreStep {
    }
}
