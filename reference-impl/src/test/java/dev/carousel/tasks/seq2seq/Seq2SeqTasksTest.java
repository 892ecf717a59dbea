package dev.carousel.tasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.decoding.Hypothesis;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Seq2SeqTasksTest {

    @Test
    void vocabularyEncodesAndDecodes() {
        Vocabulary v = new Vocabulary("0123456789+");
        assertEquals(14, v.size());
        assertEquals(0, v.padId());
        assertEquals(1, v.bosId());
        assertEquals(2, v.eosId());
        assertArrayEquals(new int[] {4, 5, 6, 13, 7, 8}, v.encode("123+45"));
        assertArrayEquals(new int[] {4, 9, 11, 2}, v.encodeWithEos("168"));
        assertEquals("168", v.decode(new int[] {4, 9, 11, 2, 5, 5}));
        assertEquals("1<pad><bos>", v.decode(new int[] {4, 0, 1}));
        assertEquals("<eos>", v.token(2));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> v.encode("1-2"));
        assertTrue(ex.getMessage().contains("'-'"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> v.decode(new int[] {14}));
        assertTrue(ex.getMessage().contains("[0, 14)") && ex.getMessage().contains("14"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary("abca"));
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary(""));
    }

    @Test
    void reversalExamplesHaveTheRightLengthsSymbolsAndReversedTargets() {
        SequenceReversal task = new SequenceReversal();
        assertEquals(13, task.vocabulary().size());
        SplittableRandom rng = new SplittableRandom(1);
        int[] lengthCounts = new int[11];
        int[] symbolCounts = new int[13];
        int n = 12_000;
        for (int i = 0; i < n; i++) {
            Seq2SeqExample e = task.sample(rng);
            int len = e.source().length;
            assertTrue(len >= 5 && len <= 10, "length " + len);
            lengthCounts[len]++;
            assertEquals(len + 1, e.target().length);
            assertEquals(Vocabulary.EOS, e.target()[len]);
            for (int j = 0; j < len; j++) {
                assertEquals(e.source()[j], e.target()[len - 1 - j]);
                assertTrue(e.source()[j] >= 3 && e.source()[j] < 13);
                symbolCounts[e.source()[j]]++;
            }
            assertEquals(new StringBuilder(e.sourceText()).reverse().toString(), e.targetText());
            assertArrayEquals(task.vocabulary().encode(e.sourceText()), e.source());
        }
        for (int len = 5; len <= 10; len++) {          // uniform: n/6 = 2000 each, sd ~ 41
            assertTrue(Math.abs(lengthCounts[len] - n / 6.0) < 200, "length " + len + ": " + lengthCounts[len]);
        }
        int total = Arrays.stream(symbolCounts).sum();
        for (int s = 3; s < 13; s++) {
            assertTrue(Math.abs(symbolCounts[s] - total / 10.0) < 0.05 * total / 10.0, "symbol " + s);
        }
        assertThrows(IllegalArgumentException.class, () -> new SequenceReversal(0, 3, 10));
        assertThrows(IllegalArgumentException.class, () -> new SequenceReversal(4, 3, 10));
        assertThrows(IllegalArgumentException.class, () -> new SequenceReversal(1, 3, 37));
    }

    @Test
    void additionTargetsAreTheSumsComputedIndependently() {
        SplittableRandom rng = new SplittableRandom(2);
        for (boolean reversed : new boolean[] {false, true}) {
            DigitAddition task = new DigitAddition(3, 2, reversed);
            assertEquals(6, task.maxSourceLength());
            assertEquals(4, task.maxTargetLength());
            Set<Integer> digitsA = new HashSet<>();
            for (int i = 0; i < 3000; i++) {
                Seq2SeqExample e = task.sample(rng);
                String query = reversed ? new StringBuilder(e.sourceText()).reverse().toString() : e.sourceText();
                String[] parts = query.split("\\+");
                assertEquals(2, parts.length, query);
                assertTrue(parts[0].length() >= 1 && parts[0].length() <= 3, query);
                assertTrue(parts[1].length() >= 1 && parts[1].length() <= 2, query);
                digitsA.add(parts[0].length());
                // no leading zeros in the text (the operand is an integer), sum by BigInteger
                assertEquals(new BigInteger(parts[0]).toString(), parts[0]);
                String sum = new BigInteger(parts[0]).add(new BigInteger(parts[1])).toString();
                assertEquals(sum, e.targetText());
                assertEquals(sum, task.vocabulary().decode(e.target()));
                assertTrue(e.targetText().length() <= task.maxTargetLength());
            }
            assertEquals(Set.of(1, 2, 3), digitsA);
        }
        Vocabulary v = new DigitAddition().vocabulary();
        Seq2SeqExample hand = Seq2SeqExample.of(v, "123+45", "168");
        assertArrayEquals(new int[] {4, 9, 11, 2}, hand.target());
        assertThrows(IllegalArgumentException.class, () -> new DigitAddition(0, 3, false));
        assertThrows(IllegalArgumentException.class, () -> new DigitAddition(3, 19, false));
    }

    @Test
    void additionFollowsKerasOperandDistribution() {
        // Keras: n ~ uniform{1..DIGITS}, then n uniform digits; so P(a < 10) = 1/3 + 1/3 * 1/10 + 1/3 * 1/100
        DigitAddition task = new DigitAddition();
        SplittableRandom rng = new SplittableRandom(3);
        int n = 30_000;
        int small = 0;
        for (int i = 0; i < n; i++) {
            String a = task.sample(rng).sourceText().split("\\+")[0];
            if (a.length() == 1) {
                small++;
            }
        }
        double expected = (1.0 + 0.1 + 0.01) / 3;
        assertEquals(expected, (double) small / n, 0.015);
    }

    @Test
    void datasetsAreSeededDistinctAndDisjointFromTheHeldOutSide() {
        for (Seq2SeqTask task : List.of(new SequenceReversal(3, 4, 10), new DigitAddition(2, 2, false),
                new DigitAddition(2, 2, true))) {
            HeldOutSplit split = new HeldOutSplit(0.2, 7);
            Seq2SeqDataset a = Seq2SeqDataset.generate(task, split, 1500, 300, 11);
            Seq2SeqDataset b = Seq2SeqDataset.generate(task, split, 1500, 300, 11);
            Seq2SeqDataset c = Seq2SeqDataset.generate(task, split, 500, 300, 11);
            Seq2SeqDataset d = Seq2SeqDataset.generate(task, split, 1500, 300, 12);
            assertEquals(1500, a.train().size());
            assertEquals(300, a.test().size());
            Set<String> train = new HashSet<>();
            for (int i = 0; i < a.train().size(); i++) {
                assertArrayEquals(a.train().get(i).source(), b.train().get(i).source());
                assertArrayEquals(a.train().get(i).target(), b.train().get(i).target());
                assertFalse(split.isHeldOut(a.train().get(i).source()));
                assertTrue(train.add(a.train().get(i).sourceText()), "duplicate training source");
            }
            Set<String> test = new HashSet<>();
            for (int i = 0; i < a.test().size(); i++) {
                assertArrayEquals(a.test().get(i).source(), b.test().get(i).source());
                assertArrayEquals(a.test().get(i).source(), c.test().get(i).source(), "test set independent of "
                        + "the training-set size");
                assertTrue(split.isHeldOut(a.test().get(i).source()));
                assertTrue(test.add(a.test().get(i).sourceText()), "duplicate test source");
                assertFalse(train.contains(a.test().get(i).sourceText()), "test source in training");
            }
            boolean differs = false;
            for (int i = 0; i < 300; i++) {
                differs |= !a.test().get(i).sourceText().equals(d.test().get(i).sourceText());
            }
            assertTrue(differs, "another seed gives another test set");
        }
    }

    @Test
    void theHeldOutShareMatchesTheFractionAndTooSmallSpacesFailClearly() {
        HeldOutSplit split = new HeldOutSplit(0.1, 0);
        int held = 0;
        int[] src = new int[4];
        for (int code = 0; code < 10_000; code++) {   // all 10^4 sources of length 4
            int c = code;
            for (int j = 0; j < 4; j++) {
                src[j] = 3 + c % 10;
                c /= 10;
            }
            held += split.isHeldOut(src) ? 1 : 0;
        }
        assertEquals(1000, held, 100);      // binomial sd 30
        // length-2 reversal: 100 sources in all, about 10 held out
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Seq2SeqDataset.generate(new SequenceReversal(2, 2, 10), split, 10, 50, 1));
        assertTrue(ex.getMessage().contains("held-out") && ex.getMessage().contains("50 requested"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HeldOutSplit(0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new HeldOutSplit(1.0, 1));
    }

    @Test
    void batchesArePaddedWithShiftedDecoderInputs() {
        Vocabulary v = new DigitAddition().vocabulary();
        Seq2SeqBatch batch = Seq2SeqBatch.of(List.of(Seq2SeqExample.of(v, "123+45", "168"),
                Seq2SeqExample.of(v, "1+2", "3")));
        assertEquals(2, batch.size());
        assertArrayEquals(new int[] {6, 3}, batch.sourceLengths());
        assertArrayEquals(new int[] {4, 2}, batch.targetLengths());
        assertArrayEquals(new int[] {4, 5, 6, 13, 7, 8}, batch.source()[0]);
        assertArrayEquals(new int[] {4, 13, 5, 0, 0, 0}, batch.source()[1]);
        assertArrayEquals(new int[] {4, 9, 11, 2}, batch.target()[0]);
        assertArrayEquals(new int[] {6, 2, 0, 0}, batch.target()[1]);
        assertArrayEquals(new int[] {1, 4, 9, 11}, batch.decoderInput()[0]);
        assertArrayEquals(new int[] {1, 6, 0, 0}, batch.decoderInput()[1]);
        assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0}, batch.sourceMask()[1]);
        assertArrayEquals(new double[] {1, 1, 0, 0}, batch.targetMask()[1]);
        assertEquals(6, batch.targetTokenCount());
        assertThrows(IllegalArgumentException.class, () -> Seq2SeqBatch.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Seq2SeqExample(new int[] {3}, new int[] {3}, "", ""));
        assertThrows(IllegalArgumentException.class,
                () -> new Seq2SeqExample(new int[] {3}, new int[] {2, 3, 2}, "", ""));
    }

    @Test
    void attentionMapsCarryLabelsAndWeights() {
        Vocabulary v = new SequenceReversal().vocabulary();
        int[] src = v.encode("123");
        double[][] alphas = {{0.1, 0.2, 0.7}, {0.2, 0.6, 0.2}, {0.7, 0.2, 0.1}, {0.3, 0.3, 0.4}};
        Hypothesis h = new Hypothesis(v.encodeWithEos("321"), -0.5, -0.125, alphas, true);
        AttentionMap map = AttentionMap.of(v, src, h);
        assertEquals(List.of("1", "2", "3"), map.sourceLabels());
        assertEquals(List.of("3", "2", "1", "<eos>"), map.outputLabels());
        assertArrayEquals(alphas[2], map.weights()[2], 0.0);
        assertEquals("\"\",\"1\",\"2\",\"3\"\n\"3\",0.1,0.2,0.7\n", map.toCsv().substring(0, 31));
        assertThrows(IllegalArgumentException.class, () -> new AttentionMap(List.of("a"), List.of("b"),
                new double[][] {{0.5, 0.5}}));
    }
}
