package dev.carousel.tasks.seq2seq;

import java.util.Arrays;
import java.util.List;

/**
 * Accuracy of decoded outputs against targets, in two forms: whole sequences and single tokens (docs/attention.md).
 *
 * <pre>
 *   p = the prediction cut before its first eos (all of it if it has none);  t = the target without its eos
 *   exact match:         the prediction's tokens up to and including its first eos equal the target
 *                        (a prediction that never produced eos is never an exact match)
 *   character accuracy:  over positions i = 0 .. W-1, with p and t right-padded with pad to width W,
 *                        the share of positions where p_i == t_i         (Keras addition_rnn's 'accuracy':
 *                        W = DIGITS + 1 output positions, answers padded with spaces, padding included)
 * </pre>
 *
 * W is the task's {@link Seq2SeqTask#maxTargetLength()}; positions of a prediction beyond W are not counted (Keras'
 * model has exactly W outputs), a target longer than W is an error.
 *
 * @param count               the number of examples
 * @param exactMatches        how many are exact matches
 * @param correctCharacters   correct positions, summed over examples
 * @param characterPositions  count * W
 */
public record DecodingAccuracy(int count, int exactMatches, long correctCharacters, long characterPositions) {

    /** Scores predictions (model outputs, as generated) against targets (ending in eos). */
    public static DecodingAccuracy of(List<int[]> predictions, List<int[]> targets, int width) {
        if (predictions.size() != targets.size()) {
            throw new IllegalArgumentException("expected one prediction per target (" + targets.size() + "), got "
                    + predictions.size());
        }
        if (width < 1) {
            throw new IllegalArgumentException("character width must be >= 1, got " + width);
        }
        int exact = 0;
        long correct = 0;
        for (int n = 0; n < targets.size(); n++) {
            int[] target = targets.get(n);
            int tLen = symbolLength(target);
            if (tLen != target.length - 1) {
                throw new IllegalArgumentException("target " + n + " must end with its only eos, got "
                        + Arrays.toString(target));
            }
            if (tLen > width) {
                throw new IllegalArgumentException("target " + n + " has " + tLen + " symbols, more than the width "
                        + width);
            }
            int[] prediction = predictions.get(n);
            int pLen = symbolLength(prediction);
            if (pLen < prediction.length && pLen == tLen && Arrays.equals(prediction, 0, pLen + 1, target, 0,
                    tLen + 1)) {
                exact++;
            }
            for (int i = 0; i < width; i++) {
                int p = i < pLen ? prediction[i] : Vocabulary.PAD;
                int t = i < tLen ? target[i] : Vocabulary.PAD;
                if (p == t) {
                    correct++;
                }
            }
        }
        return new DecodingAccuracy(targets.size(), exact, correct, (long) targets.size() * width);
    }

    /** The position of the first eos, or the length when there is none. */
    private static int symbolLength(int[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == Vocabulary.EOS) {
                return i;
            }
        }
        return tokens.length;
    }

    /** exactMatches / count (0 for no examples). */
    public double exactMatch() {
        return count == 0 ? 0.0 : (double) exactMatches / count;
    }

    /** correctCharacters / characterPositions (0 for no examples). */
    public double characterAccuracy() {
        return characterPositions == 0 ? 0.0 : (double) correctCharacters / characterPositions;
    }

    @Override
    public String toString() {
        return String.format("exact %.4f (%d/%d), char %.4f", exactMatch(), exactMatches, count,
                characterAccuracy());
    }
}
