package dev.carousel.djl.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.decoding.BeamSearch;
import dev.carousel.spec.decoding.GreedyDecoder;
import dev.carousel.spec.decoding.Hypothesis;
import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.reference.attention.SoftmaxOutput;
import dev.carousel.spec.RelativeError;
import dev.carousel.spec.decoding.StepResult;
import dev.carousel.testing.RandomArrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DJL model as the reference's IncrementalDecoder: the framework-neutral GreedyDecoder and BeamSearch run on it
 * unchanged. On copied weights (float64) its greedy and beam (k = 3) tokens equal the reference's and its
 * log-probabilities and alphas agree within 1e-9; beam k = 1 equals greedy on the DJL model; step-by-step decoding
 * equals the teacher-forced forward pass; native memory stays flat over many decodes; bad use gives clear errors.
 */
class DecodingTest {
    private static final int MAX_LENGTH = 8;

    @Test
    void greedyAndBeamEqualTheReferenceOnCopiedWeights() {
        Random r = new Random(7);
        List<Seq2SeqConfig> configs = ReferenceAgreementTest.configurations();
        int cases = 0;
        double worst = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int k = 0; k < configs.size(); k += 3) {
                Seq2SeqConfig cfg = configs.get(k);
                Seq2SeqCase c = Seq2SeqCase.random(cfg, r, 2, 5, 4);
                AttentionSeq2Seq ref = c.reference(500 + k);
                try (NDManager sub = m.newSubManager();
                     Seq2SeqDecoding djl = new Seq2SeqDecoding(c.block(sub, DataType.FLOAT64,
                             Seq2SeqCase.values(ref)), sub)) {
                    for (int n = 0; n < 2; n++) {
                        int[] source = randomSource(r, cfg, 1 + r.nextInt(6));
                        Hypothesis eg = new GreedyDecoder(MAX_LENGTH).decode(ref, source);
                        Hypothesis ag = new GreedyDecoder(MAX_LENGTH).decode(djl, source);
                        assertArrayEquals(eg.tokens(), ag.tokens(), cfg + " greedy tokens");
                        worst = Math.max(worst, Math.abs(eg.logProb() - ag.logProb()) / Math.abs(eg.logProb()));
                        worst = Math.max(worst, RelativeError.of(RandomArrays.flatten(ag.alphas()),
                                RandomArrays.flatten(eg.alphas())));
                        List<Hypothesis> eb = new BeamSearch(3, 1.0, MAX_LENGTH).search(ref, source);
                        List<Hypothesis> ab = new BeamSearch(3, 1.0, MAX_LENGTH).search(djl, source);
                        assertEquals(eb.size(), ab.size(), cfg + " beam size");
                        for (int h = 0; h < eb.size(); h++) {
                            assertArrayEquals(eb.get(h).tokens(), ab.get(h).tokens(), cfg + " beam " + h);
                            worst = Math.max(worst, Math.abs(eb.get(h).score() - ab.get(h).score())
                                    / Math.abs(eb.get(h).score()));
                        }
                        cases++;
                    }
                }
            }
        }
        System.out.printf("greedy and beam (k = 3) on %d sources: tokens equal the reference's; max relative error"
                + " of log-probabilities, scores and alphas %.3g%n", cases, worst);
        assertTrue(worst <= 1e-9, "max relative error " + worst);
    }

    @Test
    void beamWidthOneIsGreedyOnTheDjlModel() {
        Random r = new Random(8);
        List<Seq2SeqConfig> configs = ReferenceAgreementTest.configurations();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int k = 1; k < configs.size(); k += 4) {
                Seq2SeqConfig cfg = configs.get(k);
                Seq2SeqCase c = Seq2SeqCase.random(cfg, r, 1, 4, 3);
                try (NDManager sub = m.newSubManager();
                     Seq2SeqDecoding djl = new Seq2SeqDecoding(c.block(sub, DataType.FLOAT32,
                             Seq2SeqCase.values(c.reference(900 + k))), sub)) {
                    for (int n = 0; n < 3; n++) {
                        int[] source = randomSource(r, cfg, 1 + r.nextInt(6));
                        Hypothesis g = new GreedyDecoder(MAX_LENGTH).decode(djl, source);
                        Hypothesis b = new BeamSearch(1, 1.0, MAX_LENGTH).search(djl, source).get(0);
                        assertArrayEquals(g.tokens(), b.tokens(), cfg + " tokens");
                        assertEquals(g.logProb(), b.logProb(), 0.0, cfg + " log-probability");
                        assertArrayEquals(RandomArrays.flatten(g.alphas()), RandomArrays.flatten(b.alphas()), 0.0,
                                cfg + " alphas");
                    }
                }
            }
        }
    }

    @Test
    void stepByStepEqualsTeacherForcing() {
        Random r = new Random(9);
        List<Seq2SeqConfig> configs = ReferenceAgreementTest.configurations();
        double worst = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int k = 2; k < configs.size(); k += 5) {
                Seq2SeqConfig cfg = configs.get(k);
                Seq2SeqCase c = Seq2SeqCase.random(cfg, r, 1, 5, 5);
                AttentionSeq2SeqBlock block = c.block(m, DataType.FLOAT64, Seq2SeqCase.values(c.reference(k)));
                Seq2SeqCase.Pass tf = c.djlPass(block, m, false);
                int s = c.sourceLengths[0];
                int[] source = java.util.Arrays.copyOf(c.source[0], s);
                int v = cfg.targetVocabSize();
                try (Seq2SeqDecoding djl = new Seq2SeqDecoding(block, m)) {
                    Seq2SeqDecoderState st = djl.start(source);
                    int prev = cfg.bosId();
                    for (int t = 0; t < c.targetLengths[0]; t++) {
                        StepResult<Seq2SeqDecoderState> res = djl.step(st, prev);
                        double[] logits = java.util.Arrays.copyOfRange(tf.logits(), t * v, (t + 1) * v);
                        worst = Math.max(worst, RelativeError.of(res.logProbs(), SoftmaxOutput.logSoftmax(logits)));
                        double[] alphas = java.util.Arrays.copyOfRange(tf.alphas(), t * c.source[0].length,
                                t * c.source[0].length + s);
                        worst = Math.max(worst, RelativeError.of(res.alphas(), alphas));
                        st = res.state();
                        prev = c.target[0][t];
                    }
                }
            }
        }
        System.out.printf("step-by-step vs teacher forcing: max relative error %.3g%n", worst);
        assertTrue(worst <= 1e-12, "max relative error " + worst);
    }

    @Test
    void memoryStaysFlatOverManyDecodes() {
        Seq2SeqConfig cfg = ReferenceAgreementTest.configurations().get(17);
        Random r = new Random(10);
        try (NDManager m = NDManager.newBaseManager()) {
            Seq2SeqCase c = Seq2SeqCase.random(cfg, r, 1, 6, 3);
            AttentionSeq2SeqBlock block = c.block(m, DataType.FLOAT32, Seq2SeqCase.values(c.reference(3)));
            int base = m.getManagedArrays().size();
            try (Seq2SeqDecoding djl = new Seq2SeqDecoding(block, m)) {
                int[] after = new int[2];
                int[] live = new int[2];
                for (int n = 0; n < 100; n++) {
                    int[] source = {3, 4, 5, 6, 5, 4};
                    new BeamSearch(3, 1.0, MAX_LENGTH).search(djl, source);
                    if (n == 9 || n == 99) {
                        after[n == 9 ? 0 : 1] = countArrays(m);
                        live[n == 9 ? 0 : 1] = djl.liveArrays();
                    }
                }
                System.out.printf("decoding: %d arrays under the manager after 10 beam searches, %d after 100 (%d held"
                        + " by the last decode)%n", after[0], after[1], live[1]);
                assertEquals(after[0], after[1], "arrays after 10 and 100 decodes");
                assertEquals(live[0], live[1], "arrays held by one decode");
            }
            assertEquals(base, m.getManagedArrays().size(), "arrays after close");
        }
    }

    private static int countArrays(NDManager m) {
        return m.getManagedArrays().size();
    }

    @Test
    void badUseGivesClearErrors() {
        Seq2SeqConfig cfg = ReferenceAgreementTest.configurations().get(0);
        try (NDManager m = NDManager.newBaseManager()) {
            Seq2SeqCase c = Seq2SeqCase.random(cfg, new Random(1), 1, 3, 3);
            AttentionSeq2SeqBlock block = c.block(m, DataType.FLOAT32, Seq2SeqCase.values(c.reference(1)));
            try (Seq2SeqDecoding djl = new Seq2SeqDecoding(block, m)) {
                assertMessage(IllegalArgumentException.class, () -> djl.start(new int[0]), "empty");
                assertMessage(IllegalArgumentException.class, () -> djl.start(new int[] {3, 99}), "[0, 7)");
                Seq2SeqDecoderState first = djl.start(new int[] {3, 4});
                assertMessage(IllegalArgumentException.class, () -> djl.step(first, -1), "[0, 8)");
                djl.start(new int[] {4});
                assertMessage(IllegalStateException.class, () -> djl.step(first, 1), "earlier decode");
            }
        }
    }

    static void assertMessage(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable run,
                              String part) {
        Throwable t = assertThrows(type, run);
        assertTrue(t.getMessage().contains(part), "message '" + t.getMessage() + "' should mention " + part);
    }

    private static int[] randomSource(Random r, Seq2SeqConfig cfg, int len) {
        int[] s = new int[len];
        for (int j = 0; j < len; j++) {
            s[j] = 3 + r.nextInt(cfg.sourceVocabSize() - 3);
        }
        return s;
    }
}
