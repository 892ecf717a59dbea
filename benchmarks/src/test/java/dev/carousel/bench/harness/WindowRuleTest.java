package dev.carousel.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowRuleTest {

    @Test
    void st3NeedsAFullCorrectWindowBelowTheBound() {
        WindowRule rule = new WindowRule(3, 0, 0.1);
        rule.record(null, null, 0.05, true);
        rule.record(null, null, 0.05, true);
        assertFalse(rule.satisfied(null, 2), "window not full yet");
        rule.record(null, null, 0.05, false);
        assertFalse(rule.satisfied(null, 3), "one wrong in the window");
        rule.record(null, null, 0.05, true);
        rule.record(null, null, 0.05, true);
        assertFalse(rule.satisfied(null, 5), "the wrong one is still among the last 3");
        rule.record(null, null, 0.05, true);
        assertTrue(rule.satisfied(null, 6));
        assertEquals(0.05, rule.recentLoss(), 1e-15);
        rule.record(null, null, 0.35, true);                  // mean (0.05 + 0.05 + 0.35) / 3 = 0.15
        assertEquals(0.15, rule.recentLoss(), 1e-15);
        assertFalse(rule.satisfied(null, 7));
    }

    @Test
    void nSeqRuleAllowsSomeWrong() {
        WindowRule rule = new WindowRule(4, 1, Double.POSITIVE_INFINITY);   // fewer than 2 of the last 4 wrong
        rule.record(null, null, 1, false);
        rule.record(null, null, 1, true);
        rule.record(null, null, 1, true);
        rule.record(null, null, 1, true);
        assertTrue(rule.satisfied(null, 4));
        rule.record(null, null, 1, false);
        assertTrue(rule.satisfied(null, 5), "the first wrong one left the window");
        rule.record(null, null, 1, false);
        assertFalse(rule.satisfied(null, 6));
    }
}
