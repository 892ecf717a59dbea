package dev.carousel.spec.decoding;

import java.util.ArrayList;
import java.util.Arrays;
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
        return decodeBatch(model, new int[][] {source}).get(0);
    }

    /**
     * Decodes several unpadded source sequences together: each decoder step of all unfinished sequences is one
     * {@link IncrementalDecoder#stepBatch} call. The result for each source is the same as {@link #decode} of it
     * alone.
     */
    public <S> List<Hypothesis> decodeBatch(IncrementalDecoder<S> model, int[][] sources) {
        int end = BeamSearch.resolveEnd(endToken, model);
        int n = sources.length;
        List<S> states = new ArrayList<>(model.startBatch(sources));
        int[] prev = new int[n];
        Arrays.fill(prev, model.bosId());
        List<List<Integer>> tokens = new ArrayList<>();
        List<List<double[]>> alphas = new ArrayList<>();
        double[] logProb = new double[n];
        boolean[] finished = new boolean[n];
        for (int k = 0; k < n; k++) {
            tokens.add(new ArrayList<>());
            alphas.add(new ArrayList<>());
        }
        for (int t = 0; t < maxLength; t++) {
            List<Integer> active = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                if (!finished[k]) {
                    active.add(k);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            List<S> activeStates = new ArrayList<>(active.size());
            int[] activePrev = new int[active.size()];
            for (int a = 0; a < active.size(); a++) {
                activeStates.add(states.get(active.get(a)));
                activePrev[a] = prev[active.get(a)];
            }
            List<StepResult<S>> results = BeamSearch.checkedBatch(model, activeStates, activePrev);
            for (int a = 0; a < active.size(); a++) {
                int k = active.get(a);
                StepResult<S> r = results.get(a);
                double[] lp = BeamSearch.checkedLogProbs(r, model);
                int best = 0;
                for (int v = 1; v < lp.length; v++) {
                    if (lp[v] > lp[best]) {
                        best = v;
                    }
                }
                tokens.get(k).add(best);
                alphas.get(k).add(r.alphas());
                logProb[k] += lp[best];
                states.set(k, r.state());
                prev[k] = best;
                finished[k] = best == end;
            }
        }
        List<Hypothesis> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int[] y = tokens.get(k).stream().mapToInt(Integer::intValue).toArray();
            out.add(new Hypothesis(y, logProb[k], Hypothesis.normalisedScore(logProb[k], y.length, alpha),
                    alphas.get(k).toArray(new double[0][]), finished[k]));
        }
        return out;
    }
}
