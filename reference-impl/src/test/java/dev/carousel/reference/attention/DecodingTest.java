package dev.carousel.reference.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.decoding.GreedyDecoder;
import dev.carousel.spec.decoding.BeamSearch;
import dev.carousel.spec.decoding.Hypothesis;
import dev.carousel.spec.decoding.StepResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.reference.Param;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.CellType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.DecoderType;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.InitMode;
import dev.carousel.spec.seq2seq.Seq2SeqConfig.ScoreType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecodingTest {
    static final int PAD = 0;
    static final int BOS = 1;
    static final int EOS = 2;
    static final int A = 3;
    static final int B = 4;

    static List<AttentionSeq2Seq> randomModels() {
        List<AttentionSeq2Seq> models = new ArrayList<>();
        long seed = 100;
        for (DecoderType decoder : DecoderType.values()) {
            for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
                for (boolean bidi : new boolean[] {false, true}) {
                    ScoreType score = ScoreType.values()[(int) (seed % 3)];
                    int hEnc = score == ScoreType.DOT ? (bidi ? 2 : 4) : 3;
                    InitMode init = bidi ? InitMode.FROM_ENCODER : InitMode.ZEROS;
                    AttentionSeq2Seq m = new AttentionSeq2Seq(new Seq2SeqConfig(6, 7, 3, hEnc, 4, cell, cell, bidi,
                            decoder, score, 3, init, BOS, EOS, PAD));
                    Seq2SeqInitializer.initialize(m, seed);
                    // stronger weights so the distributions are peaked, and eos likely enough to end some sequences
                    for (Param p : m.params()) {
                        for (int k = 0; k < p.size(); k++) {
                            p.value[k] *= 2.5;
                        }
                    }
                    m.params().get("output.b_out").value[EOS] += seed % 2 == 0 ? 2.0 : 0.0;
                    models.add(m);
                    seed++;
                }
            }
        }
        return models;
    }

    static int[] randomSource(Random rnd) {
        int[] s = new int[3 + rnd.nextInt(3)];
        for (int j = 0; j < s.length; j++) {
            s[j] = 1 + rnd.nextInt(5);
        }
        return s;
    }

    @Test
    void beamWidthOneEqualsGreedy() {
        Random rnd = new Random(3);
        int finished = 0;
        int total = 0;
        for (AttentionSeq2Seq m : randomModels()) {
            for (int trial = 0; trial < 4; trial++) {
                int[] src = randomSource(rnd);
                Hypothesis greedy = new GreedyDecoder(6).decode(m, src);
                List<Hypothesis> beam = new BeamSearch(1, 1.0, 6).search(m, src);
                assertEquals(1, beam.size());
                Hypothesis h = beam.get(0);
                assertArrayEquals(greedy.tokens(), h.tokens());
                assertEquals(greedy.logProb(), h.logProb(), 0.0);
                assertEquals(greedy.score(), h.score(), 0.0);
                assertEquals(greedy.finished(), h.finished());
                for (int t = 0; t < greedy.length(); t++) {
                    assertArrayEquals(greedy.alphas()[t], h.alphas()[t], 0.0);
                }
                finished += greedy.finished() ? 1 : 0;
                total++;
            }
        }
        // both endings (end token, maximum length) occur
        assertTrue(finished > 0 && finished < total, "finished " + finished + " of " + total);
    }

    /**
     * Hand-set weights make p(next | previous token) a table independent of the source:
     * after bos: A 0.5, B 0.4, eos 0.08; after A: eos 0.34, A 0.32, B 0.32; after B: eos 0.9, A 0.04, B 0.04
     * (pad and bos 0.01 each). Greedy takes A then eos (0.5 * 0.34 = 0.17); beam search (k = 2) finds B eos
     * (0.4 * 0.9 = 0.36).
     */
    @Test
    void beamSearchFindsTheBetterSequenceGreedyMisses() {
        AttentionSeq2Seq m = handBuiltModel();
        int[] src = {1, 2, 3};
        Hypothesis greedy = new GreedyDecoder(5).decode(m, src);
        assertArrayEquals(new int[] {A, EOS}, greedy.tokens());
        assertEquals(Math.log(0.5 * 0.34), greedy.logProb(), 1e-9);

        for (double alpha : new double[] {0.0, 1.0}) {
            List<Hypothesis> beam = new BeamSearch(2, alpha, 5).search(m, src);
            assertEquals(2, beam.size());
            assertArrayEquals(new int[] {B, EOS}, beam.get(0).tokens());
            assertEquals(Math.log(0.4 * 0.9), beam.get(0).logProb(), 1e-9);
            assertEquals(Math.log(0.36) / Math.pow(2, alpha), beam.get(0).score(), 1e-9);
            assertArrayEquals(new int[] {A, EOS}, beam.get(1).tokens());
            assertTrue(beam.get(0).logProb() > greedy.logProb());
        }
        // a wider beam explores more (longer) hypotheses; B eos still wins
        List<Hypothesis> wide = new BeamSearch(4, 1.0, 5).search(m, src);
        assertEquals(4, wide.size());
        assertArrayEquals(new int[] {B, EOS}, wide.get(0).tokens());
    }

    static AttentionSeq2Seq handBuiltModel() {
        // V_tgt = 5, M = 5, H_dec = 5, GRU decoder, encoder and attention all zero (context = 0)
        AttentionSeq2Seq m = new AttentionSeq2Seq(new Seq2SeqConfig(4, 5, 5, 2, 5, CellType.GRU, CellType.GRU, false,
                DecoderType.BAHDANAU, ScoreType.ADDITIVE, 2, InitMode.ZEROS, BOS, EOS, PAD));
        double scale = 3.0;
        Param emb = m.params().get("tgt_embedding");             // y(v) = 3 onehot(v)
        for (int v = 0; v < 5; v++) {
            emb.value[v * 5 + v] = scale;
        }
        Param wIh = m.params().get("decoder.w_ih");               // [15, 7]: rows r, z, n; columns [y (5); a (2)]
        Param bIh = m.params().get("decoder.b_ih");
        for (int k = 0; k < 5; k++) {
            wIh.value[(10 + k) * 7 + k] = 1.0;                    // n = tanh(y) = tanh(3) onehot(prev)
            bIh.value[5 + k] = -30.0;                             // z = sigma(-30) ~ 1e-13: h ~ n
        }
        double[][] p = new double[5][];
        p[BOS] = new double[] {0.01, 0.01, 0.08, 0.5, 0.4};
        p[A] = new double[] {0.01, 0.01, 0.34, 0.32, 0.32};
        p[B] = new double[] {0.01, 0.01, 0.9, 0.04, 0.04};
        Param wOut = m.params().get("output.w_out");              // [5, 7]: out = [h (5); a (2)]
        for (int prev : new int[] {BOS, A, B}) {
            for (int v = 0; v < 5; v++) {
                wOut.value[v * 7 + prev] = Math.log(p[prev][v]) / Math.tanh(scale);
            }
        }
        return m;
    }

    @Test
    void beamResultsAreSortedAndScoresEqualRecomputedLogProbabilities() {
        Random rnd = new Random(11);
        int checked = 0;
        for (AttentionSeq2Seq m : randomModels()) {
            for (double alpha : new double[] {0.0, 0.6, 1.0}) {
                int[] src = randomSource(rnd);
                List<Hypothesis> beam = new BeamSearch(3, alpha, 5).search(m, src);
                assertFalse(beam.isEmpty());
                assertTrue(beam.size() <= 3);
                for (int i = 0; i + 1 < beam.size(); i++) {
                    assertTrue(beam.get(i).score() >= beam.get(i + 1).score(), "not sorted at " + i);
                }
                for (Hypothesis h : beam) {
                    // recompute independently with the batched teacher-forced forward pass
                    AttentionSeq2Seq.Forward f = m.forward(new int[][] {src}, new int[] {src.length},
                            new int[][] {h.tokens()}, new int[] {h.length()});
                    assertEquals(-f.loss, h.logProb(), 1e-12);
                    assertEquals(-f.loss / Math.pow(h.length(), alpha), h.score(), 1e-12);
                    assertEquals(h.finished(), h.tokens()[h.length() - 1] == EOS);
                    for (int t = 0; t < h.length(); t++) {
                        assertArrayEquals(f.alphas[0][t], h.alphas()[t], 1e-15);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 24);
    }

    @Test
    void stepDoesNotReRunTheEncoderAndMatchesTeacherForcing() {
        AttentionSeq2Seq m = randomModels().get(5);
        int[] src = {3, 1, 4, 5};
        int[] tgt = {4, 6, 2};
        EncodedSource enc = m.encode(src);
        DecoderState s = m.initialState(enc);
        AttentionSeq2Seq.Forward f = m.forward(new int[][] {src}, new int[] {4}, new int[][] {tgt}, new int[] {3});
        int prev = BOS;
        for (int t = 0; t < 3; t++) {
            StepResult<DecoderState> r = m.step(s, prev);
            assertArrayEquals(f.logProbs[0][t], r.logProbs(), 1e-15);
            assertArrayEquals(f.alphas[0][t], r.alphas(), 1e-15);
            assertTrue(r.state().source() == enc);
            s = r.state();
            prev = tgt[t];
        }
    }

    @Test
    void badDecodingArgumentsGiveClearExceptions() {
        AttentionSeq2Seq m = randomModels().get(0);
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new GreedyDecoder(0));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> m.encode(new int[0]));
        assertTrue(ex.getMessage().contains("empty"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> m.encode(new int[] {1, 9}));
        assertTrue(ex.getMessage().contains("[0, 6)") && ex.getMessage().contains("9"), ex.getMessage());
        DecoderState s = m.initialState(m.encode(new int[] {1, 2}));
        ex = assertThrows(IllegalArgumentException.class, () -> m.step(s, 7));
        assertTrue(ex.getMessage().contains("[0, 7)"), ex.getMessage());
    }
}
