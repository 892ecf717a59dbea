package dev.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmbeddedReberGrammarTest {
    /**
     * The embedded Reber language as a regular expression, written from the graph independently of the generator:
     * from state 3 the walk loops through T*VPX back to 3 and leaves by T*VV or T*VPS; from state 2 it is S*X then S
     * (end) or X (to state 3).
     */
    private static final String FROM3 = "(T*VPX)*T*V(V|PS)";
    private static final String REBER = "B(TS*X(S|X" + FROM3 + ")|P" + FROM3 + ")E";
    private static final Pattern ERG = Pattern.compile("B([TP])" + REBER + "\\1E");
    private static final String ALPHABET = "BTPSXVE";

    private final EmbeddedReberGrammar task = new EmbeddedReberGrammar(EmbeddedReberGrammar.Target.SAMPLED);

    @Test
    void everyStringIsAcceptedByAnIndependentGrammarAndTargetsAreTheNextSymbol() {
        SplittableRandom rng = new SplittableRandom(1);
        int minLength = Integer.MAX_VALUE;
        for (int i = 0; i < 5000; i++) {
            Sequence s = task.next(rng);
            String text = EmbeddedReberGrammar.text(s);
            assertTrue(ERG.matcher(text).matches(), text);
            assertEquals(text.length() - 1, s.length());
            minLength = Math.min(minLength, text.length());
            assertEquals(text.charAt(1), text.charAt(text.length() - 2), "second symbol repeats at the end");
            assertEquals(text.charAt(1) == 'T' ? 0 : 1, s.label());
            for (int t = 0; t < s.length(); t++) {
                assertTrue(s.targetMask()[t]);
                assertOneHot(s.inputs()[t], ALPHABET.indexOf(text.charAt(t)));
                assertOneHot(s.targets()[t], ALPHABET.indexOf(text.charAt(t + 1)));
            }
        }
        // shortest strings: B T B T X S E T E and its P twin, 9 symbols (minimal lag 9 in the paper's count)
        assertEquals(9, minLength);
    }

    @Test
    void legalNextSetsAreExactlyTheViablePrefixExtensions() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 500; i++) {
            Sequence s = task.next(rng);
            String text = EmbeddedReberGrammar.text(s);
            for (int t = 0; t < s.length(); t++) {
                String prefix = text.substring(0, t + 1);
                for (int k = 0; k < ALPHABET.length(); k++) {
                    Matcher m = ERG.matcher(prefix + ALPHABET.charAt(k));
                    boolean viable = m.matches() || m.hitEnd();
                    assertEquals(viable, s.legalNext()[t][k], "prefix " + prefix + " + " + ALPHABET.charAt(k));
                }
            }
        }
    }

    @Test
    void branchesAreTakenWithProbabilityOneHalf() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 20000;
        int embeddedT = 0;
        int innerT = 0;
        for (int i = 0; i < n; i++) {
            String text = EmbeddedReberGrammar.text(task.next(rng));
            embeddedT += text.charAt(1) == 'T' ? 1 : 0;
            innerT += text.charAt(3) == 'T' ? 1 : 0;
        }
        double bound = 5 * Math.sqrt(n * 0.25); // 5 binomial standard deviations
        assertEquals(n / 2.0, embeddedT, bound);
        assertEquals(n / 2.0, innerT, bound);
    }

    @Test
    void legalTargetModeTrainsOnTheMultiHotLegalSet() {
        EmbeddedReberGrammar legal = new EmbeddedReberGrammar(EmbeddedReberGrammar.Target.LEGAL);
        Sequence a = legal.next(new SplittableRandom(4));
        Sequence b = task.next(new SplittableRandom(4));
        assertArrayEquals(a.inputs(), b.inputs(), "same stream, same string");
        for (int t = 0; t < a.length(); t++) {
            for (int k = 0; k < 7; k++) {
                assertEquals(a.legalNext()[t][k] ? 1.0 : 0.0, a.targets()[t][k]);
            }
        }
        assertEquals("legal", DelayTasks.create("1", java.util.Map.of("target", "legal")).parameters().get("target"));
    }

    @Test
    void criterionAcceptsLegalSetOutputsAndRejectsASingleGuessAtABranch() {
        Sequence s = task.next(new SplittableRandom(5));
        double[][] half = new double[s.length()][7];
        for (int t = 0; t < s.length(); t++) {
            for (int k = 0; k < 7; k++) {
                half[t][k] = s.legalNext()[t][k] ? 0.5 : 0.1;
            }
        }
        assertTrue(task.criterion().isCorrect(s, half));
        // at step 0 (input B) both T and P are legal: predicting only the sampled one fails the criterion
        assertFalse(task.criterion().isCorrect(s, s.targets()));
        half[s.length() - 1][ALPHABET.indexOf('E')] = 0.1;
        assertFalse(task.criterion().isCorrect(s, half), "E not above the others at the last step");
    }

    @Test
    void trainAndTestSetsAre256DistinctDisjointStringsAndReproducible() {
        EmbeddedReberGrammar.TrainTestSets sets = task.trainTestSets(new SplittableRandom(6), 256, 256);
        assertEquals(256, sets.training().size());
        assertEquals(256, sets.test().size());
        Set<String> train = texts(sets.training());
        Set<String> test = texts(sets.test());
        assertEquals(256, train.size());
        assertEquals(256, test.size());
        test.retainAll(train);
        assertTrue(test.isEmpty(), "overlap " + test);
        EmbeddedReberGrammar.TrainTestSets again = task.trainTestSets(new SplittableRandom(6), 256, 256);
        for (int i = 0; i < 256; i++) {
            assertTrue(sets.training().get(i).sameContent(again.training().get(i)));
            assertTrue(sets.test().get(i).sameContent(again.test().get(i)));
        }
    }

    private static Set<String> texts(List<Sequence> seqs) {
        Set<String> out = new HashSet<>();
        seqs.forEach(s -> out.add(EmbeddedReberGrammar.text(s)));
        return out;
    }

    /** Asserts v = e_index exactly (every other component 0). */
    static void assertOneHot(double[] v, int index) {
        boolean ok = index >= 0 && index < v.length;
        for (int k = 0; k < v.length && ok; k++) {
            ok = v[k] == (k == index ? 1.0 : 0.0);
        }
        if (!ok) {
            throw new AssertionError("expected one-hot e_" + index + ", got " + java.util.Arrays.toString(v));
        }
    }
}
