package dev.carousel.tasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecodingAccuracyTest {
    static final int E = Vocabulary.EOS;

    @Test
    void handCasesOfExactMatchAndKerasCharacterAccuracy() {
        // targets "168" and "3" at width 4 (3-digit addition): Keras compares "168 " and "3   "
        int[] t1 = {4, 9, 11, E};
        int[] t2 = {6, E};
        List<int[]> targets = List.of(t1, t2, t1, t2, t1, t2);
        List<int[]> predictions = List.of(
                new int[] {4, 9, 11, E},           // exact; 4/4 positions
                new int[] {6, E},                  // exact; 4/4
                new int[] {4, 9, 12, E},           // "169": 3/4 (the pad position agrees)
                new int[] {6, 6, E},               // "33": 3/4 (position 1: 3 vs pad)
                new int[] {4, 9, 11},              // no eos (hit the length limit): not exact; 4/4 characters
                new int[] {6, E, 7, 7});           // tokens after eos are ignored: exact; 4/4
        DecodingAccuracy acc = DecodingAccuracy.of(predictions, targets, 4);
        assertEquals(6, acc.count());
        assertEquals(3, acc.exactMatches());
        assertEquals(0.5, acc.exactMatch(), 0.0);
        assertEquals(22, acc.correctCharacters());
        assertEquals(24, acc.characterPositions());
        assertEquals(22.0 / 24, acc.characterAccuracy(), 0.0);
    }

    @Test
    void predictionsLongerThanTheWidthCountOnlyTheirFirstWPositions() {
        DecodingAccuracy acc = DecodingAccuracy.of(List.of(new int[] {4, 5, 6, 7, 8, E}), List.of(new int[] {4, 5,
                E}), 3);
        assertEquals(0, acc.exactMatches());
        assertEquals(2, acc.correctCharacters());          // "12" + pad vs "123": positions 0, 1
        assertEquals(3, acc.characterPositions());
        // empty prediction (eos first) vs a one-symbol target
        acc = DecodingAccuracy.of(List.of(new int[] {E}), List.of(new int[] {4, E}), 2);
        assertEquals(0, acc.exactMatches());
        assertEquals(1, acc.correctCharacters());
    }

    @Test
    void badInputsAreRejected() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> DecodingAccuracy.of(List.of(new int[] {E}), List.of(), 3));
        assertTrue(ex.getMessage().contains("one prediction per target"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> DecodingAccuracy.of(List.of(new int[] {E}), List.of(new int[] {4, 5, 6, E}), 2));
        assertTrue(ex.getMessage().contains("width 2"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DecodingAccuracy.of(List.of(new int[] {E}), List.of(new int[] {4, 5}), 3));
    }
}
