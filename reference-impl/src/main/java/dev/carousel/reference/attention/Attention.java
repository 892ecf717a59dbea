package dev.carousel.reference.attention;

import dev.carousel.reference.ParamSet;
import java.util.Arrays;

/**
 * Attention over a masked source (equations.md section 4), for any {@link AttentionScore}:
 *
 * <pre>
 *   k_j       = key(e_j)                                   once per source sequence ({@link #precomputeKeys})
 *   score_j   = score(q, k_j)                              for valid j only
 *   alpha_j   = exp(score_j - m) / sum_{i valid} exp(score_i - m),   m = max_{i valid} score_i
 *   alpha_j   = 0 exactly where mask[j] = 0
 *   context   = sum_j alpha_j e_j
 * </pre>
 *
 * Backward (softmax Jacobian):
 *
 * <pre>
 *   dalpha_j  = dcontext . e_j  (+ dalpha_j given directly)
 *   de_j     += alpha_j dcontext
 *   dscore_j  = alpha_j ( dalpha_j - sum_i alpha_i dalpha_i )
 * </pre>
 *
 * then through the score into dq, dk_j and its parameters; {@link #backwardKeys} finally turns the accumulated
 * dk_j into de_j and dW_k, once per source sequence.
 */
public final class Attention {
    private final AttentionScore score;

    public Attention(AttentionScore score) {
        this.score = score;
    }

    public AttentionScore score() {
        return score;
    }

    /** The score's parameters (gradients are added into them). */
    public ParamSet params() {
        return score.params();
    }

    /**
     * Prepares one source sequence: checks it and computes the keys k_j of its valid positions.
     *
     * @param e    encoder outputs [S][E]
     * @param mask [S] of 0/1, or null for all valid
     * @throws IllegalArgumentException on a shape mismatch, a NaN, a non-0/1 mask entry, or a fully masked source
     */
    public SourceKeys precomputeKeys(double[][] e, double[] mask) {
        int s = e.length;
        double[] m = mask == null ? full(s) : mask.clone();
        if (m.length != s) {
            throw new IllegalArgumentException("source mask: expected " + s + " entries (one per encoder output), got "
                    + m.length);
        }
        int valid = 0;
        double[][] keys = new double[s][score.keySize()];
        double[][] eCopy = new double[s][];
        for (int j = 0; j < s; j++) {
            if (e[j].length != score.encoderSize()) {
                throw new IllegalArgumentException("encoder output " + j + ": expected size E=" + score.encoderSize()
                        + ", got " + e[j].length);
            }
            if (m[j] != 0.0 && m[j] != 1.0) {
                throw new IllegalArgumentException("source mask[" + j + "] must be 0 or 1, got " + m[j]);
            }
            eCopy[j] = e[j].clone();
            if (m[j] == 1.0) {
                for (double x : e[j]) {
                    if (Double.isNaN(x)) {
                        throw new IllegalArgumentException("encoder output " + j + " contains NaN");
                    }
                }
                keys[j] = score.key(e[j]);
                valid++;
            }
        }
        if (valid == 0) {
            throw new IllegalArgumentException("the source is fully masked (mask " + Arrays.toString(m)
                    + "): attention needs at least one valid position");
        }
        return new SourceKeys(eCopy, m, keys);
    }

    /**
     * One attention read: alphas over the valid source positions and the context vector.
     *
     * @param keys what {@link #precomputeKeys} returned for this source
     * @param q    the query [D]
     */
    public Step attend(SourceKeys keys, double[] q) {
        if (q.length != score.querySize()) {
            throw new IllegalArgumentException("attention query: expected size D=" + score.querySize() + ", got "
                    + q.length);
        }
        int s = keys.length();
        AttentionScore.ScoreStep scored = score.score(q, keys.keys, keys.mask);
        double[] sc = scored.scores();
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s; j++) {
            if (keys.mask[j] == 1.0) {
                max = Math.max(max, sc[j]);
            }
        }
        double[] alpha = new double[s];
        double sum = 0;
        for (int j = 0; j < s; j++) {
            if (keys.mask[j] == 1.0) {
                alpha[j] = Math.exp(sc[j] - max);
                sum += alpha[j];
            }
        }
        double[] context = new double[score.encoderSize()];
        for (int j = 0; j < s; j++) {
            if (keys.mask[j] == 1.0) {
                alpha[j] /= sum;
                for (int c = 0; c < context.length; c++) {
                    context[c] += alpha[j] * keys.e[j][c];
                }
            }
        }
        return new Step(q.clone(), scored, alpha, context);
    }

    /**
     * Backward through one {@link #attend}: adds dLoss/dq into {@code dq}, parameter gradients into
     * {@link #params()}, and accumulates dLoss/dk_j and the context path of dLoss/de_j into {@code keys}.
     *
     * @param step     what attend returned
     * @param keys     the same source
     * @param dContext dLoss/dcontext [E]
     * @param dAlpha   dLoss/dalpha [S] when the weights themselves enter the loss, or null
     * @param dq       receives dLoss/dq [D] (added)
     */
    public void backward(Step step, SourceKeys keys, double[] dContext, double[] dAlpha, double[] dq) {
        int s = keys.length();
        double[] dA = new double[s];
        double dot = 0;                                       // sum_i alpha_i dalpha_i
        for (int j = 0; j < s; j++) {
            if (keys.mask[j] == 0.0) {
                continue;
            }
            for (int c = 0; c < dContext.length; c++) {
                dA[j] += dContext[c] * keys.e[j][c];
                keys.dContextPath[j][c] += step.alpha[j] * dContext[c];
            }
            if (dAlpha != null) {
                dA[j] += dAlpha[j];
            }
            dot += step.alpha[j] * dA[j];
        }
        double[] dScores = new double[s];
        for (int j = 0; j < s; j++) {
            if (keys.mask[j] == 1.0) {
                dScores[j] = step.alpha[j] * (dA[j] - dot);
            }
        }
        score.backwardScore(step.scored, dScores, dq, keys.dKeys);
    }

    /**
     * Finishes the backward pass of one source sequence, once after every decoder step's {@link #backward}:
     * {@code de_j = (context path) + (dk_j/de_j)^T dk_j}, adding the key-side parameter gradients (W_k, W_a).
     *
     * The accumulators in {@code keys} are reset to zero, so the same source can be back-propagated again.
     *
     * @return dLoss/de [S][E] (0 at masked positions)
     */
    public double[][] backwardKeys(SourceKeys keys) {
        double[][] de = new double[keys.length()][];
        for (int j = 0; j < keys.length(); j++) {
            de[j] = keys.dContextPath[j].clone();
            if (keys.mask[j] == 1.0) {
                score.backwardKey(keys.e[j], keys.dKeys[j], de[j]);
            }
            Arrays.fill(keys.dContextPath[j], 0.0);
            Arrays.fill(keys.dKeys[j], 0.0);
        }
        return de;
    }

    private static double[] full(int s) {
        double[] m = new double[s];
        Arrays.fill(m, 1.0);
        return m;
    }

    /** One attention read: the query, the scores' cache, alpha [S] and the context [E]. */
    public static final class Step {
        final double[] q;
        final AttentionScore.ScoreStep scored;
        final double[] alpha;
        final double[] context;

        Step(double[] q, AttentionScore.ScoreStep scored, double[] alpha, double[] context) {
            this.q = q;
            this.scored = scored;
            this.alpha = alpha;
            this.context = context;
        }

        /** alpha_j [S], exactly 0 at masked positions (a copy). */
        public double[] alphas() {
            return alpha.clone();
        }

        /** context = sum_j alpha_j e_j [E] (a copy). */
        public double[] context() {
            return context.clone();
        }

        /** The raw scores [S] (0 at masked positions, where they are not computed). */
        public double[] scores() {
            return scored.scores().clone();
        }
    }
}
