package dev.carousel.reference.attention;

import dev.carousel.reference.ParamSet;

/**
 * The score function of attention (equations.md section 4), split into a part that depends only on one encoder
 * output e_j (the key k_j, computed ONCE per source sequence by {@link Attention#precomputeKeys}) and a part that
 * combines the query q of one decoder step with every key:
 *
 * <pre>
 *   additive (Bahdanau):  k_j = W_k e_j          score_j = v^T tanh( W_q q + k_j + b )
 *   dot (Luong):          k_j = e_j              score_j = q^T k_j          (D = E)
 *   general (Luong):      k_j = W_a e_j          score_j = q^T k_j          (= q^T W_a e_j)
 * </pre>
 *
 * The softmax over valid positions and the context vector are the same for every score and live in
 * {@link Attention}. Parameter gradients are ADDED into {@link #params()}.
 */
public interface AttentionScore {

    /** D, the size of the query q (the decoder state). */
    int querySize();

    /** E, the size of one encoder output e_j. */
    int encoderSize();

    /** K, the size of one precomputed key k_j. */
    int keySize();

    /** The score's parameters (none for dot attention). */
    ParamSet params();

    /** k_j from e_j; called once per valid source position per source sequence. */
    double[] key(double[] e);

    /** Backward of {@link #key}: adds dLoss/dparams and {@code de += (dk_j/de_j)^T dKey}. */
    void backwardKey(double[] e, double[] dKey, double[] de);

    /**
     * The scores of query q against every VALID key (mask[j] == 1); entries at masked j are left 0 and never read.
     *
     * @param q    the query [D]
     * @param keys the precomputed keys [S][K]
     * @param mask [S] of 0/1
     */
    ScoreStep score(double[] q, double[][] keys, double[] mask);

    /**
     * Backward of {@link #score}: given dLoss/dscore_j (0 at masked j) adds into dq [D], dKeys [S][K] and the
     * parameter gradients.
     */
    void backwardScore(ScoreStep step, double[] dScores, double[] dq, double[][] dKeys);

    /** The scores of one query plus whatever the score's backward needs. */
    interface ScoreStep {
        /** score_j [S] (0 at masked positions). */
        double[] scores();
    }
}
