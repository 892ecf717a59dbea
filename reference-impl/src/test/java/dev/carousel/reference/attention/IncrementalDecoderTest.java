package dev.carousel.reference.attention;

import dev.carousel.spec.decoding.IncrementalDecoder;
import dev.carousel.spec.decoding.GreedyDecoder;
import dev.carousel.spec.decoding.BeamSearch;
import dev.carousel.spec.decoding.Hypothesis;
import dev.carousel.spec.decoding.StepResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoders against {@link IncrementalDecoder} implementations other than the reference model: a Markov table
 * (p(next | previous token), independent of the source) whose every sequence's probability is known in closed form,
 * and a counting wrapper that proves the encoder runs once per decode.
 */
class IncrementalDecoderTest {
    static final int V = 4;
    static final int BOS = 0;
    static final int EOS = 1;

    /** State = the number of steps taken (an Integer); p(next | prev) from a table; alphas over a 2-token source. */
    static class MarkovTable implements IncrementalDecoder<Integer> {
        final double[][] p;
        int starts;
        int steps;

        MarkovTable(double[][] p) {
            this.p = p;
        }

        @Override
        public int bosId() {
            return BOS;
        }

        @Override
        public int eosId() {
            return EOS;
        }

        @Override
        public int targetVocabSize() {
            return V;
        }

        @Override
        public Integer start(int[] source) {
            starts++;
            return 0;
        }

        @Override
        public StepResult<Integer> step(Integer state, int prevToken) {
            steps++;
            double[] lp = new double[V];
            for (int v = 0; v < V; v++) {
                lp[v] = Math.log(p[prevToken][v]);
            }
            double a = 1.0 / (2 + state);
            return new StepResult<>(lp, state + 1, new double[] {a, 1 - a});
        }
    }

    static double[][] randomTable(Random rnd) {
        double[][] p = new double[V][V];
        for (int i = 0; i < V; i++) {
            double sum = 0;
            for (int v = 0; v < V; v++) {
                p[i][v] = 0.05 + rnd.nextDouble();
                sum += p[i][v];
            }
            for (int v = 0; v < V; v++) {
                p[i][v] /= sum;
            }
        }
        return p;
    }

    /** Every token sequence of length 1..maxLength that ends in eos, or has maxLength tokens and no eos. */
    static List<int[]> allSequences(int maxLength) {
        List<int[]> out = new ArrayList<>();
        List<int[]> prefixes = List.of(new int[0]);
        for (int len = 1; len <= maxLength; len++) {
            List<int[]> longer = new ArrayList<>();
            for (int[] pre : prefixes) {
                for (int v = 0; v < V; v++) {
                    int[] s = java.util.Arrays.copyOf(pre, len);
                    s[len - 1] = v;
                    if (v == EOS || len == maxLength) {
                        out.add(s);
                    } else {
                        longer.add(s);
                    }
                }
            }
            prefixes = longer;
        }
        return out;
    }

    static double logProb(double[][] p, int[] seq) {
        double lp = 0;
        int prev = BOS;
        for (int tok : seq) {
            lp += Math.log(p[prev][tok]);
            prev = tok;
        }
        return lp;
    }

    @Test
    void aWidthCoveringEveryCandidateIsExhaustiveSearch() {
        Random rnd = new Random(5);
        int maxLength = 4;
        List<int[]> all = allSequences(maxLength);
        assertEquals(1 + 3 + 9 + 27 * 4, all.size());
        for (int trial = 0; trial < 20; trial++) {
            double[][] p = randomTable(rnd);
            for (double alpha : new double[] {0.0, 0.7, 1.0}) {
                double best = Double.NEGATIVE_INFINITY;
                int[] bestSeq = null;
                for (int[] s : all) {
                    double score = logProb(p, s) / Math.pow(s.length, alpha);
                    if (score > best) {
                        best = score;
                        bestSeq = s;
                    }
                }
                List<Hypothesis> beam = new BeamSearch(all.size(), alpha, maxLength).search(new MarkovTable(p),
                        new int[] {7, 8});
                assertEquals(all.size(), beam.size(), "every sequence is a hypothesis");
                assertArrayEquals(bestSeq, beam.get(0).tokens());
                assertEquals(best, beam.get(0).score(), 1e-12);
                for (Hypothesis h : beam) {
                    assertEquals(logProb(p, h.tokens()), h.logProb(), 1e-12);
                    assertEquals(h.tokens()[h.length() - 1] == EOS, h.finished());
                }
            }
        }
    }

    @Test
    void greedyFollowsTheArgmaxChainAndBeamOneEqualsIt() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 20; trial++) {
            double[][] p = randomTable(rnd);
            List<Integer> expected = new ArrayList<>();
            int prev = BOS;
            while (expected.size() < 6) {
                int best = 0;
                for (int v = 1; v < V; v++) {
                    if (p[prev][v] > p[prev][best]) {
                        best = v;
                    }
                }
                expected.add(best);
                prev = best;
                if (best == EOS) {
                    break;
                }
            }
            int[] exp = expected.stream().mapToInt(Integer::intValue).toArray();
            Hypothesis g = new GreedyDecoder(6).decode(new MarkovTable(p), new int[] {3});
            assertArrayEquals(exp, g.tokens());
            assertEquals(logProb(p, exp), g.logProb(), 1e-12);
            assertEquals(g.length(), g.alphas().length);
            assertEquals(1.0 / 2, g.alphas()[0][0], 0.0);
            Hypothesis b = new BeamSearch(1, 1.0, 6).search(new MarkovTable(p), new int[] {3}).get(0);
            assertArrayEquals(g.tokens(), b.tokens());
            assertEquals(g.logProb(), b.logProb(), 0.0);
        }
    }

    @Test
    void theEncoderRunsOncePerDecodeAndBeamStepsEachLiveHypothesisOnce() {
        MarkovTable m = new MarkovTable(randomTable(new Random(1)));
        new GreedyDecoder(5).decode(m, new int[] {2, 3});
        assertEquals(1, m.starts);
        m.starts = 0;
        m.steps = 0;
        List<Hypothesis> beam = new BeamSearch(3, 1.0, 5).search(m, new int[] {2, 3});
        assertEquals(1, m.starts);
        // steps = sum over search steps of the number of live hypotheses: at most 1 + 3 * 4
        assertTrue(m.steps >= 5 && m.steps <= 13, "steps " + m.steps);
        assertEquals(3, beam.size());

        // the reference model counted the same way: its start() is encode + initialState
        AttentionSeq2Seq ref = DecodingTest.randomModels().get(2);
        int[] counts = new int[2];
        IncrementalDecoder<DecoderState> counting = new IncrementalDecoder<>() {
            @Override public int bosId() { return ref.bosId(); }
            @Override public int eosId() { return ref.eosId(); }
            @Override public int targetVocabSize() { return ref.targetVocabSize(); }
            @Override public DecoderState start(int[] source) {
                counts[0]++;
                return ref.start(source);
            }
            @Override public StepResult<DecoderState> step(DecoderState state, int prevToken) {
                counts[1]++;
                return ref.step(state, prevToken);
            }
        };
        List<Hypothesis> viaWrapper = new BeamSearch(4, 1.0, 6).search(counting, new int[] {1, 2, 3});
        List<Hypothesis> direct = new BeamSearch(4, 1.0, 6).search(ref, new int[] {1, 2, 3});
        assertEquals(1, counts[0]);
        int longest = direct.stream().mapToInt(Hypothesis::length).max().orElseThrow();
        assertTrue(counts[1] >= longest && counts[1] <= 1 + 4 * 5, "steps " + counts[1]);
        for (int i = 0; i < direct.size(); i++) {
            assertArrayEquals(direct.get(i).tokens(), viaWrapper.get(i).tokens());
            assertEquals(direct.get(i).score(), viaWrapper.get(i).score(), 0.0);
        }
    }

    @Test
    void aStepWithTheWrongVocabularySizeOrNaNIsRejected() {
        IncrementalDecoder<Integer> wrongSize = new MarkovTable(randomTable(new Random(2))) {
            @Override
            public int targetVocabSize() {
                return V + 1;
            }
        };
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new GreedyDecoder(3).decode(wrongSize, new int[] {1}));
        assertTrue(ex.getMessage().contains("expected 5") && ex.getMessage().contains("got 4"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> new StepResult<>(new double[] {0.0, Double.NaN}, 1, new double[] {1.0}));
        assertTrue(ex.getMessage().contains("NaN"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> new BeamSearch(2, 1.0, 3, 9).search(new MarkovTable(randomTable(new Random(3))), new int[] {1}));
        assertTrue(ex.getMessage().contains("[0, 4)") && ex.getMessage().contains("9"), ex.getMessage());
    }
}
