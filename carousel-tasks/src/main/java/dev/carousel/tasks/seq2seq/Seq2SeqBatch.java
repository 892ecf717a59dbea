package dev.carousel.tasks.seq2seq;

import java.util.List;

/**
 * A minibatch of seq2seq examples, right-padded with the pad token to the longest source and the longest target:
 *
 * <pre>
 *   source[b][j]        = example b's source token j,   pad for j &gt;= sourceLengths[b]        [B][S]
 *   target[b][t]        = example b's target token t (the last valid one is eos), pad after    [B][T]
 *   decoderInput[b][t]  = bos for t = 0, target[b][t-1] for 0 &lt; t &lt; targetLengths[b], pad after
 *                         (teacher forcing: the decoder reads y_{t-1} and predicts target[b][t])
 *   sourceMask[b][j]    = 1 for j &lt; sourceLengths[b], else 0;  targetMask[b][t] likewise (a prefix mask)
 * </pre>
 *
 * Framework models read the arrays they need (DL4J: one-hot or index inputs with masks; DJL: index NDArrays and
 * lengths); the reference model takes source, sourceLengths, target, targetLengths.
 */
public record Seq2SeqBatch(int[][] source, int[] sourceLengths, int[][] target, int[] targetLengths,
                           int[][] decoderInput, List<Seq2SeqExample> examples) {

    /** Pads the examples (at least one). */
    public static Seq2SeqBatch of(List<Seq2SeqExample> examples) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example, got "
                    + (examples == null ? "null" : "0"));
        }
        int batch = examples.size();
        int maxS = 0;
        int maxT = 0;
        for (Seq2SeqExample e : examples) {
            maxS = Math.max(maxS, e.source().length);
            maxT = Math.max(maxT, e.target().length);
        }
        int[][] src = new int[batch][maxS];
        int[][] tgt = new int[batch][maxT];
        int[][] dec = new int[batch][maxT];
        int[] sLen = new int[batch];
        int[] tLen = new int[batch];
        for (int b = 0; b < batch; b++) {
            Seq2SeqExample e = examples.get(b);
            sLen[b] = e.source().length;
            tLen[b] = e.target().length;
            System.arraycopy(e.source(), 0, src[b], 0, sLen[b]);       // the rest stays PAD = 0
            System.arraycopy(e.target(), 0, tgt[b], 0, tLen[b]);
            dec[b][0] = Vocabulary.BOS;
            System.arraycopy(e.target(), 0, dec[b], 1, tLen[b] - 1);
        }
        return new Seq2SeqBatch(src, sLen, tgt, tLen, dec, List.copyOf(examples));
    }

    public int size() {
        return sourceLengths.length;
    }

    /** [B][S] of 0/1. */
    public double[][] sourceMask() {
        return mask(sourceLengths, source[0].length);
    }

    /** [B][T] of 0/1 (prefix). */
    public double[][] targetMask() {
        return mask(targetLengths, target[0].length);
    }

    /** The number of valid target tokens (eos included): the denominator of the mean token loss. */
    public int targetTokenCount() {
        int n = 0;
        for (int len : targetLengths) {
            n += len;
        }
        return n;
    }

    private static double[][] mask(int[] lengths, int width) {
        double[][] m = new double[lengths.length][width];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m[b][t] = 1.0;
            }
        }
        return m;
    }
}
