package dev.carousel.dl4j.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An attention score (equations.md section 4) for a minibatch, as ND4J operations. The key k_j of every source
 * position is computed ONCE per source batch ({@link #keys}); each decoder step then scores the query against the
 * keys ({@link #score}). Backward mirrors that split: {@link #backward} per step adds into dL/dk, and
 * {@link #backwardKeys} turns the summed dL/dk into dL/de and the key-side parameter gradients once.
 * Parameter gradients are ADDED into the gradient map.
 */
interface BatchScore {

    /** k = key(e) for e [N, E] (N = B*S rows), [N, K]. */
    INDArray keys(Map<String, INDArray> params, INDArray e);

    /**
     * @param q    queries [B, D]
     * @param keys [B, S, K]
     * @return the scores [B, S] with the step's caches
     */
    Scored score(Map<String, INDArray> params, INDArray q, INDArray keys);

    /**
     * Backward of one step: adds dL/dk into {@code dKeys} [B, S, K] and parameter gradients into {@code grads}.
     *
     * @return dL/dq [B, D]
     */
    INDArray backward(Map<String, INDArray> params, Scored step, INDArray dScores, INDArray dKeys,
                      Map<String, INDArray> grads);

    /** Once per source batch: adds dL/de [N, E] into {@code de} and the key-side parameter gradients. */
    void backwardKeys(Map<String, INDArray> params, INDArray e, INDArray dKeys, INDArray de,
                      Map<String, INDArray> grads);

    /** The scores [B, S] of one step and what its backward needs. */
    interface Scored {
        INDArray scores();
    }

    /** The score of a configuration. */
    static BatchScore of(Seq2SeqConfig.ScoreType type) {
        switch (type) {
            case ADDITIVE: return new AdditiveScore();
            case DOT: return new BilinearScore(false);
            case GENERAL: return new BilinearScore(true);
            default: throw new IllegalArgumentException("unknown score type " + type);
        }
    }
}
