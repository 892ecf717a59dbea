package dev.carousel.reference.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.decoding.BeamSearch;
import dev.carousel.spec.decoding.GreedyDecoder;
import dev.carousel.spec.decoding.Hypothesis;
import dev.carousel.spec.decoding.IncrementalDecoder;
import dev.carousel.spec.decoding.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Greedy decoding and beam search over a batch of sources give, for each source, exactly what decoding it alone
 * gives (tokens, log-probability, score, attention maps, finished flag), while the decoder is stepped once per
 * position for the whole batch.
 */
class BatchDecodingTest {

    /** Counts the calls the decoders make, passing everything on to the model. */
    private static final class Counting<S> implements IncrementalDecoder<S> {
        final IncrementalDecoder<S> model;
        int stepCalls;
        int batchCalls;

        Counting(IncrementalDecoder<S> model) {
            this.model = model;
        }

        @Override
        public int bosId() {
            return model.bosId();
        }

        @Override
        public int eosId() {
            return model.eosId();
        }

        @Override
        public int targetVocabSize() {
            return model.targetVocabSize();
        }

        @Override
        public S start(int[] source) {
            return model.start(source);
        }

        @Override
        public StepResult<S> step(S state, int prevToken) {
            stepCalls++;
            return model.step(state, prevToken);
        }

        @Override
        public List<StepResult<S>> stepBatch(List<S> states, int[] prevTokens) {
            batchCalls++;
            return IncrementalDecoder.super.stepBatch(states, prevTokens);
        }
    }

    private static int[][] sources(Random rnd, int n) {
        int[][] s = new int[n][];
        for (int k = 0; k < n; k++) {
            s[k] = DecodingTest.randomSource(rnd);
        }
        return s;
    }

    private static void assertSame(Hypothesis expected, Hypothesis actual, String what) {
        assertArrayEquals(expected.tokens(), actual.tokens(), what + ": tokens");
        assertEquals(expected.logProb(), actual.logProb(), 0.0, what + ": log-probability");
        assertEquals(expected.score(), actual.score(), 0.0, what + ": score");
        assertEquals(expected.finished(), actual.finished(), what + ": finished");
        assertEquals(expected.alphas().length, actual.alphas().length, what + ": alphas");
        for (int t = 0; t < expected.alphas().length; t++) {
            assertArrayEquals(expected.alphas()[t], actual.alphas()[t], 0.0, what + ": alphas at step " + t);
        }
    }

    @Test
    void greedyOverABatchEqualsOneByOne() {
        Random rnd = new Random(7);
        GreedyDecoder greedy = new GreedyDecoder(6, 0.7);
        boolean someFinished = false;
        boolean someUnfinished = false;
        for (AttentionSeq2Seq model : DecodingTest.randomModels()) {
            int[][] src = sources(rnd, 5);
            Counting<?> counted = new Counting<>(model);
            List<Hypothesis> batch = greedy.decodeBatch(counted, src);
            assertEquals(src.length, batch.size());
            int longest = 0;
            for (int k = 0; k < src.length; k++) {
                Hypothesis alone = greedy.decode(model, src[k]);
                assertSame(alone, batch.get(k), model.config() + " source " + k);
                longest = Math.max(longest, alone.length());
                someFinished |= alone.finished();
                someUnfinished |= !alone.finished();
            }
            assertEquals(longest, counted.batchCalls, "one batched step per position");
        }
        assertTrue(someFinished && someUnfinished, "the cases cover sequences that end early and ones that do not");
    }

    @Test
    void beamSearchOverABatchEqualsOneByOne() {
        Random rnd = new Random(8);
        BeamSearch beam = new BeamSearch(3, 0.6, 5);
        for (AttentionSeq2Seq model : DecodingTest.randomModels()) {
            int[][] src = sources(rnd, 4);
            Counting<?> counted = new Counting<>(model);
            List<List<Hypothesis>> batch = beam.searchBatch(counted, src);
            assertEquals(src.length, batch.size());
            for (int k = 0; k < src.length; k++) {
                List<Hypothesis> alone = beam.search(model, src[k]);
                assertEquals(alone.size(), batch.get(k).size(), model.config() + " source " + k + ": hypotheses");
                for (int h = 0; h < alone.size(); h++) {
                    assertSame(alone.get(h), batch.get(k).get(h), model.config() + " source " + k + " hyp " + h);
                }
            }
            assertTrue(counted.batchCalls <= beam.maxLength(), "at most one batched step per position, got "
                    + counted.batchCalls);
        }
    }

    @Test
    void emptyBatchAndMismatchedStepBatch() {
        AttentionSeq2Seq model = DecodingTest.randomModels().get(0);
        assertEquals(List.of(), new GreedyDecoder(4).decodeBatch(model, new int[0][]));
        assertEquals(List.of(), new BeamSearch(2, 4).searchBatch(model, new int[0][]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.stepBatch(new ArrayList<>(List.of(model.start(new int[] {3, 4}))), new int[] {1, 1}));
        assertEquals("stepBatch: 1 states but 2 tokens", e.getMessage());
    }
}
