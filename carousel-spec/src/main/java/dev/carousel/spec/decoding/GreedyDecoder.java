package dev.carousel.spec.decoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy decoding against any {@link IncrementalDecoder}: encode once ({@code start}), then from y_0 = bos repeatedly
 * take the most probable token (the lowest id among equal maxima) until the end token or the maximum length:
 *
 * <pre>
 *   y_t = argmax_v log p(v | y_&lt;t, source)        t = 1 .. maxLength, stop after y_t = end
 * </pre>
 *
 * The hypothesis' score is logProb / length^alpha as in {@link BeamSearch} (it does not change greedy's choices).
 * Greedy decoding is beam search with width 1, token for token.
 */
public final class GreedyDecoder {
    private final int maxLength;
    private final double alpha;
    private final Integer endToken;

    /** alpha = 1.0, the model's eos as end token. */
    public GreedyDecoder(int maxLength) {
        this(maxLength, 1.0);
    }

    /** The model's eos as end token. */
    public GreedyDecoder(int maxLength, double alpha) {
        this(maxLength, alpha, null);
    }

    /**
     * @param maxLength the maximum number of generated tokens (the end token included)
     * @param alpha     the length-normalisation exponent of the reported score
     * @param endToken  the end token, or null for the model's {@link IncrementalDecoder#eosId()}
     */
    public GreedyDecoder(int maxLength, double alpha, Integer endToken) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength must be positive, got " + maxLength);
        }
        if (Double.isNaN(alpha)) {
            throw new IllegalArgumentException("alpha must be a number, got NaN");
        }
        this.maxLength = maxLength;
        this.alpha = alpha;
        this.endToken = endToken;
    }

    public int maxLength() {
        return maxLength;
    }

    /** Decodes one unpadded source sequence; the encoder runs once. */
    public <S> Hypothesis decode(IncrementalDecoder<S> model, int[] source) {
        int end = BeamSearch.resolveEnd(endToken, model);
        S state = model.start(source);
        int prev = model.bosId();
        List<Integer> tokens = new ArrayList<>();
        List<double[]> alphas = new ArrayList<>();
        double logProb = 0;
        boolean finished = false;
        while (tokens.size() < maxLength) {
            StepResult<S> r = model.step(state, prev);
            double[] lp = BeamSearch.checkedLogProbs(r, model);
            int best = 0;
            for (int v = 1; v < lp.length; v++) {
                if (lp[v] > lp[best]) {
                    best = v;
                }
            }
            tokens.add(best);
            alphas.add(r.alphas());
            logProb += lp[best];
            state = r.state();
            prev = best;
            if (best == end) {
                finished = true;
                break;
            }
        }
        int[] out = tokens.stream().mapToInt(Integer::intValue).toArray();
        return new Hypothesis(out, logProb, Hypothesis.normalisedScore(logProb, out.length, alpha),
                alphas.toArray(new double[0][]), finished);
    }
}
