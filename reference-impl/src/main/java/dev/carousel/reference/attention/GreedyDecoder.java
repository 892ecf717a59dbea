package dev.carousel.reference.attention;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy decoding: encode once, then from y_0 = bos repeatedly take the most probable token (the lowest id among
 * equal maxima) until the end token or the maximum length. The score is logProb / length^alpha as in
 * {@link BeamSearch} (it does not change greedy's choices).
 */
public final class GreedyDecoder {
    private final int maxLength;
    private final double alpha;

    /** alpha = 1.0. */
    public GreedyDecoder(int maxLength) {
        this(maxLength, 1.0);
    }

    public GreedyDecoder(int maxLength, double alpha) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength must be positive, got " + maxLength);
        }
        this.maxLength = maxLength;
        this.alpha = alpha;
    }

    /** Decodes one source sequence; stops at the model's eos token. */
    public Hypothesis decode(AttentionSeq2Seq model, int[] source) {
        int eos = model.config().eosId();
        DecoderState state = model.initialState(model.encode(source));
        int prev = model.config().bosId();
        List<Integer> tokens = new ArrayList<>();
        List<double[]> alphas = new ArrayList<>();
        double logProb = 0;
        boolean finished = false;
        while (tokens.size() < maxLength) {
            AttentionSeq2Seq.Step r = model.step(state, prev);
            int best = 0;
            for (int v = 1; v < r.logProbs().length; v++) {
                if (r.logProbs()[v] > r.logProbs()[best]) {
                    best = v;
                }
            }
            tokens.add(best);
            alphas.add(r.alphas());
            logProb += r.logProbs()[best];
            state = r.state();
            prev = best;
            if (best == eos) {
                finished = true;
                break;
            }
        }
        int[] out = tokens.stream().mapToInt(Integer::intValue).toArray();
        return new Hypothesis(out, logProb, Hypothesis.normalisedScore(logProb, out.length, alpha),
                alphas.toArray(new double[0][]), finished);
    }
}
