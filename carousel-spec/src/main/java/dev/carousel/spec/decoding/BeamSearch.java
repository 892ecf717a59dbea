package dev.carousel.spec.decoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search with length-normalised log-probability (Wu et al. 2016 without the coverage term):
 *
 * <pre>
 *   score(y) = sum_t log p(y_t | y_&lt;t, source) / |y|^alpha          |y| counts the end token
 * </pre>
 *
 * Works against any {@link IncrementalDecoder}. The source is encoded ONCE ({@code start}); every hypothesis carries
 * its own decoder state. At each step every live hypothesis is extended by every token; the candidates are ranked
 * by their summed log-probability (all have the same length at a step, so this is also the normalised ranking) and
 * the best {@code width - finished} are kept;
 * those ending in the end token move to the finished list. The search stops when {@code width} hypotheses have
 * finished, or at {@code maxLength} tokens, when the live ones join the finished list unterminated. The result is
 * sorted by score, best first (ties: earlier-found first). With width 1 this is exactly greedy decoding. A width of
 * at least V^maxLength keeps every candidate, so the search is exhaustive (the tests use that). Decoding stops at
 * an end token or a maximum length (equations.md section 5).
 */
public final class BeamSearch {
    private final int width;
    private final double alpha;
    private final int maxLength;
    private final Integer endToken;

    /** alpha = 1.0, the model's eos as end token. */
    public BeamSearch(int width, int maxLength) {
        this(width, 1.0, maxLength, null);
    }

    /** The model's eos as end token. */
    public BeamSearch(int width, double alpha, int maxLength) {
        this(width, alpha, maxLength, null);
    }

    /**
     * @param width     k, the beam width (at least 1)
     * @param alpha     the length-normalisation exponent
     * @param maxLength the maximum number of generated tokens
     * @param endToken  the end token, or null for the model's eos
     */
    public BeamSearch(int width, double alpha, int maxLength, Integer endToken) {
        if (width <= 0 || maxLength <= 0) {
            throw new IllegalArgumentException("beam width and maxLength must be positive, got width=" + width
                    + " maxLength=" + maxLength);
        }
        if (Double.isNaN(alpha)) {
            throw new IllegalArgumentException("alpha must be a number, got NaN");
        }
        this.width = width;
        this.alpha = alpha;
        this.maxLength = maxLength;
        this.endToken = endToken;
    }

    public int width() {
        return width;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The finished hypotheses (at most width), sorted by score, best first; the encoder runs once. */
    public <S> List<Hypothesis> search(IncrementalDecoder<S> model, int[] source) {
        return searchBatch(model, new int[][] {source}).get(0);
    }

    /**
     * Searches several unpadded source sequences together: at each step the live hypotheses of every source are
     * extended in one {@link IncrementalDecoder#stepBatch} call. Element k of the result is the same as
     * {@link #search} of source k alone.
     */
    public <S> List<List<Hypothesis>> searchBatch(IncrementalDecoder<S> model, int[][] sources) {
        int end = resolveEnd(endToken, model);
        List<S> starts = model.startBatch(sources);
        List<Search<S>> searches = new ArrayList<>(sources.length);
        for (S start : starts) {
            searches.add(new Search<>(start));
        }
        for (int step = 0; step < maxLength; step++) {
            List<S> states = new ArrayList<>();
            List<Integer> prev = new ArrayList<>();
            for (Search<S> s : searches) {
                for (Beam<S> beam : s.live) {
                    states.add(beam.state);
                    prev.add(beam.tokens.length == 0 ? model.bosId() : beam.tokens[beam.tokens.length - 1]);
                }
            }
            if (states.isEmpty()) {
                break;
            }
            List<StepResult<S>> results = checkedBatch(model, states,
                    prev.stream().mapToInt(Integer::intValue).toArray());
            int next = 0;
            for (Search<S> s : searches) {
                List<StepResult<S>> mine = results.subList(next, next + s.live.size());
                next += s.live.size();
                s.advance(mine, model, end);
            }
        }
        List<List<Hypothesis>> out = new ArrayList<>(searches.size());
        for (Search<S> s : searches) {
            out.add(s.finish());
        }
        return out;
    }

    /** One source's search: its live beams and its finished hypotheses. */
    private final class Search<S> {
        private List<Beam<S>> live = new ArrayList<>();
        private final List<Hypothesis> finished = new ArrayList<>();

        Search(S start) {
            live.add(new Beam<>(new int[0], 0.0, start, new double[0][]));
        }

        /** Extends every live beam by every token (results: one per live beam, in order) and keeps the best. */
        void advance(List<StepResult<S>> results, IncrementalDecoder<S> model, int end) {
            List<Candidate<S>> candidates = new ArrayList<>();
            for (int b = 0; b < live.size(); b++) {
                Beam<S> beam = live.get(b);
                StepResult<S> r = results.get(b);
                double[] lp = checkedLogProbs(r, model);
                for (int v = 0; v < lp.length; v++) {
                    candidates.add(new Candidate<>(beam, v, beam.logProb + lp[v], r));
                }
            }
            candidates.sort(Comparator.comparingDouble((Candidate<S> c) -> c.logProb).reversed());   // stable
            int keep = width - finished.size();
            List<Beam<S>> next = new ArrayList<>();
            for (Candidate<S> c : candidates.subList(0, Math.min(keep, candidates.size()))) {
                Beam<S> extended = c.parent.extend(c.token, c.logProb, c.step);
                if (c.token == end) {
                    finished.add(extended.toHypothesis(alpha, true));
                } else {
                    next.add(extended);
                }
            }
            live = next;
        }

        List<Hypothesis> finish() {
            for (Beam<S> beam : live) {
                finished.add(beam.toHypothesis(alpha, false));
            }
            live = List.of();
            finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
            return finished;
        }
    }

    /** {@link IncrementalDecoder#stepBatch}, checked to return one result per state. */
    static <S> List<StepResult<S>> checkedBatch(IncrementalDecoder<S> model, List<S> states, int[] prev) {
        List<StepResult<S>> results = model.stepBatch(states, prev);
        if (results.size() != states.size()) {
            throw new IllegalArgumentException("decoder stepBatch: expected " + states.size() + " results, got "
                    + results.size());
        }
        return results;
    }

    /** The end token: {@code endToken}, or the model's eos when null; checked against [0, V). */
    static int resolveEnd(Integer endToken, IncrementalDecoder<?> model) {
        int end = endToken == null ? model.eosId() : endToken;
        if (end < 0 || end >= model.targetVocabSize()) {
            throw new IllegalArgumentException("end token must be in [0, " + model.targetVocabSize() + "), got " + end);
        }
        return end;
    }

    /** The step's log-probabilities, checked to have the model's vocabulary size V. */
    static double[] checkedLogProbs(StepResult<?> r, IncrementalDecoder<?> model) {
        double[] lp = r.logProbs();
        if (lp.length != model.targetVocabSize()) {
            throw new IllegalArgumentException("decoder step: expected " + model.targetVocabSize()
                    + " log-probabilities (targetVocabSize), got " + lp.length);
        }
        return lp;
    }

    private record Candidate<S>(Beam<S> parent, int token, double logProb, StepResult<S> step) {
    }

    private record Beam<S>(int[] tokens, double logProb, S state, double[][] alphas) {
        Beam<S> extend(int token, double newLogProb, StepResult<S> step) {
            int[] t = Arrays.copyOf(tokens, tokens.length + 1);
            t[tokens.length] = token;
            double[][] a = Arrays.copyOf(alphas, alphas.length + 1);
            a[alphas.length] = step.alphas();
            return new Beam<>(t, newLogProb, step.state(), a);
        }

        Hypothesis toHypothesis(double alpha, boolean finished) {
            return new Hypothesis(tokens, logProb, Hypothesis.normalisedScore(logProb, tokens.length, alpha), alphas,
                    finished);
        }
    }
}
