package dev.carousel.tasks.seq2seq;

import java.util.Arrays;

/**
 * One source/target pair of a seq2seq task.
 *
 * @param source     the source token ids, unpadded, no bos/eos (what {@code IncrementalDecoder.start} takes)
 * @param target     the target token ids, ending with exactly one eos (what teacher forcing predicts)
 * @param sourceText the source as text
 * @param targetText the target as text (without eos)
 */
public record Seq2SeqExample(int[] source, int[] target, String sourceText, String targetText) {

    /** Checks that the source is non-empty and the target ends with its only eos. */
    public Seq2SeqExample {
        if (source == null || source.length == 0) {
            throw new IllegalArgumentException("an example needs a non-empty source, got "
                    + (source == null ? "null" : "[]"));
        }
        if (target == null || target.length == 0 || target[target.length - 1] != Vocabulary.EOS) {
            throw new IllegalArgumentException("a target must end with eos (" + Vocabulary.EOS + "), got "
                    + Arrays.toString(target));
        }
        for (int t = 0; t + 1 < target.length; t++) {
            if (target[t] == Vocabulary.EOS) {
                throw new IllegalArgumentException("eos may only end a target, got it at position " + t + " of "
                        + Arrays.toString(target));
            }
        }
    }

    /** Builds the ids from text with {@code vocabulary}. */
    public static Seq2SeqExample of(Vocabulary vocabulary, String sourceText, String targetText) {
        return new Seq2SeqExample(vocabulary.encode(sourceText), vocabulary.encodeWithEos(targetText), sourceText,
                targetText);
    }

    /** The target length including eos. */
    public int targetLength() {
        return target.length;
    }
}
