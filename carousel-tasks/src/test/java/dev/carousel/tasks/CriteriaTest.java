package dev.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Criteria, losses and ST3 on hand-built sequences with numbers worked out by hand. */
class CriteriaTest {
    // 3 steps, 2 outputs; error at steps 1 and 2
    private static final Sequence S = Sequence.of(
            new double[][] {{0}, {0}, {0}},
            new double[][] {{0, 0}, {1, 0}, {0, 1}},
            new boolean[] {false, true, true}, -1);

    @Test
    void lossesByHand() {
        double[][] y = {{9, 9}, {0.5, 0.25}, {0.2, 0.6}};
        // MSE: step 1 (0.25 + 0.0625)/2 = 0.15625, step 2 (0.04 + 0.16)/2 = 0.1, mean 0.128125
        assertEquals(0.128125, LossKind.MSE.of(S, y), 1e-15);
        // CE: -(ln 0.5 + ln 0.6)/2
        assertEquals(-(Math.log(0.5) + Math.log(0.6)) / 2, LossKind.CROSS_ENTROPY.of(S, y), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossKind.MSE.of(S, new double[][] {{0, 0}, {0, 0}}));
        assertTrue(e.getMessage().contains("3 steps") && e.getMessage().contains("got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LossKind.MSE.of(S, new double[][] {{0, 0}, {0}, {0, 0}}));
        assertTrue(e.getMessage().contains("outputs[1]"), e.getMessage());
    }

    @Test
    void absCriterionScopes() {
        double[][] y = {{9, 9}, {0.7, 0.0}, {0.1, 0.9}};
        AbsoluteErrorCriterion end = new AbsoluteErrorCriterion(0.25, ErrorScope.SEQUENCE_END);
        AbsoluteErrorCriterion every = new AbsoluteErrorCriterion(0.25, ErrorScope.EVERY_TARGET_STEP);
        assertEquals(0.1, end.maxAbsoluteError(S, y), 1e-15);
        assertEquals(0.3, every.maxAbsoluteError(S, y), 1e-15);
        assertTrue(end.isCorrect(S, y));
        assertFalse(every.isCorrect(S, y));
        assertThrows(IllegalArgumentException.class, () -> new AbsoluteErrorCriterion(0, ErrorScope.SEQUENCE_END));
        assertEquals("ABS(0.04) at sequence end", new AbsoluteErrorCriterion(0.04, ErrorScope.SEQUENCE_END)
                .describe());
    }

    @Test
    void argmaxCriterion() {
        ArgmaxCriterion c = new ArgmaxCriterion(ErrorScope.EVERY_TARGET_STEP);
        assertTrue(c.isCorrect(S, new double[][] {{0, 9}, {0.6, 0.4}, {0.4, 0.6}}));
        assertFalse(c.isCorrect(S, new double[][] {{0, 9}, {0.4, 0.6}, {0.4, 0.6}}));
        assertTrue(new ArgmaxCriterion(ErrorScope.SEQUENCE_END).isCorrect(S, new double[][] {{0, 9}, {0.4, 0.6},
                {0.4, 0.6}}));
    }

    @Test
    void st3NeedsAFullCorrectWindowWithLowMeanError() {
        St3StoppingRule rule = new St3StoppingRule(0.1, 4);
        rule.record(0.05, true);
        rule.record(0.05, true);
        rule.record(0.05, true);
        assertFalse(rule.satisfied(), "window not full");
        rule.record(0.05, false);
        assertFalse(rule.satisfied(), "a wrong sequence in the window");
        for (int i = 0; i < 3; i++) {
            rule.record(0.05, true);
            assertFalse(rule.satisfied(), "wrong sequence still in the window");
        }
        rule.record(0.25, true);
        // window: 0.05, 0.05, 0.05, 0.25: mean 0.1, not below 0.1
        assertEquals(0.1, rule.windowMeanError(), 1e-15);
        assertFalse(rule.satisfied());
        rule.record(0.01, true);
        // window: 0.05, 0.05, 0.25, 0.01: mean 0.09
        assertEquals(0.09, rule.windowMeanError(), 1e-15);
        assertTrue(rule.satisfied());
        assertEquals(9, rule.sequencesSeen());
    }

    @Test
    void sequenceRejectsInconsistentShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequence.of(
                new double[][] {{0}, {0}}, new double[][] {{0}}, new boolean[] {true, true}, -1));
        assertTrue(e.getMessage().contains("targets") && e.getMessage().contains("2 steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequence.of(
                new double[][] {{0}, {0, 1}}, new double[][] {{0}, {0}}, new boolean[] {true, true}, -1));
        assertTrue(e.getMessage().contains("inputs[1]"), e.getMessage());
    }

    @Test
    void testSetEvaluationCountsWrongSequencesAndAveragesErrors() {
        DelayTask task = new AddingProblem1997(100);
        java.util.List<Sequence> seqs = task.sample(new java.util.SplittableRandom(80), 3);
        java.util.List<double[][]> outs = new java.util.ArrayList<>();
        double[] offsets = {0.01, -0.03, 0.05}; // the third violates ABS(0.04)
        for (int i = 0; i < 3; i++) {
            Sequence s = seqs.get(i);
            double[][] y = new double[s.length()][1];
            y[s.length() - 1][0] = s.targets()[s.length() - 1][0] + offsets[i];
            outs.add(y);
        }
        TestSetEvaluation e = TestSetEvaluation.of(task, seqs, outs);
        assertEquals(3, e.sequences());
        assertEquals(1, e.wrong());
        assertEquals(1.0 / 3.0, e.wrongFraction(), 1e-15);
        assertEquals((0.01 + 0.03 + 0.05) / 3, e.meanAbsEndError(), 1e-12);
        assertEquals((0.0001 + 0.0009 + 0.0025) / 3, e.meanLoss(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TestSetEvaluation.of(task, seqs, outs.subList(0, 2)));
    }
}
