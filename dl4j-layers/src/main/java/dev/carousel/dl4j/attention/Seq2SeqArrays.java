package dev.carousel.dl4j.attention;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Token-id batches as the MultiDataSet an {@link AttentionSeq2SeqGraph} trains on, with the reference's teacher-forcing
 * convention: {@code target[b][t]} is the token predicted at step t; the decoder input is bos at t = 0 and
 * {@code target[b][t-1]} after (pad where masked).
 *
 * <pre>
 *   features      [ source ids [B, S], decoder input ids [B, T] ]
 *   feature masks [ source mask [B, S], target mask [B, T] ]      (prefix masks from the lengths)
 *   labels        [ one-hot targets [B, V_tgt, T] ]               label mask = target mask
 * </pre>
 */
public final class Seq2SeqArrays {
    private Seq2SeqArrays() {
    }

    /**
     * @param source        [B][S] ids (padded rows, equal length)
     * @param sourceLengths valid lengths (>= 1), or null for all S
     * @param target        [B][T] ids predicted at each step
     * @param targetLengths valid lengths, or null for all T
     */
    public static MultiDataSet batch(Seq2SeqConfig cfg, int[][] source, int[] sourceLengths, int[][] target,
                                     int[] targetLengths, DataType dataType) {
        int b = source.length;
        if (target.length != b) {
            throw new IllegalArgumentException("source has " + b + " sequences but target " + target.length);
        }
        int s = width(source, "source");
        int tt = width(target, "target");
        double[] src = new double[b * s];
        double[] srcMask = new double[b * s];
        double[] dec = new double[b * tt];
        double[] tgtMask = new double[b * tt];
        double[] labels = new double[b * cfg.targetVocabSize() * tt];
        int nV = cfg.targetVocabSize();
        for (int i = 0; i < b; i++) {
            int ls = sourceLengths == null ? s : sourceLengths[i];
            int lt = targetLengths == null ? tt : targetLengths[i];
            if (ls < 1 || ls > s || lt < 0 || lt > tt) {
                throw new IllegalArgumentException("sequence " + i + ": lengths must be in [1, " + s + "] and [0, "
                        + tt + "], got " + ls + " and " + lt);
            }
            for (int j = 0; j < s; j++) {
                int tok = source[i][j];
                check(tok, cfg.sourceVocabSize(), "source", i, j);
                src[i * s + j] = tok;
                srcMask[i * s + j] = j < ls ? 1.0 : 0.0;
            }
            for (int t = 0; t < tt; t++) {
                boolean valid = t < lt;
                tgtMask[i * tt + t] = valid ? 1.0 : 0.0;
                int in = t == 0 ? cfg.bosId() : (valid ? target[i][t - 1] : cfg.padId());
                check(in, nV, "decoder input", i, t);
                dec[i * tt + t] = in;
                if (valid) {
                    check(target[i][t], nV, "target", i, t);
                    labels[(i * nV + target[i][t]) * tt + t] = 1.0;
                }
            }
        }
        INDArray[] features = {arr(src, dataType, b, s), arr(dec, dataType, b, tt)};
        INDArray[] fMasks = {arr(srcMask, dataType, b, s), arr(tgtMask, dataType, b, tt)};
        INDArray lab = Nd4j.createFromArray(labels).reshape('c', b, nV, tt).castTo(dataType);
        return new MultiDataSet(features, new INDArray[] {lab}, fMasks, new INDArray[] {arr(tgtMask, dataType, b, tt)});
    }

    private static INDArray arr(double[] v, DataType dt, int rows, int cols) {
        return Nd4j.createFromArray(v).reshape('c', rows, cols).castTo(dt);
    }

    private static void check(int tok, int vocab, String what, int i, int j) {
        if (tok < 0 || tok >= vocab) {
            throw new IllegalArgumentException(what + " token [" + i + "][" + j + "] must be in [0, " + vocab
                    + "), got " + tok);
        }
    }

    private static int width(int[][] tokens, String what) {
        int w = tokens.length == 0 ? 0 : tokens[0].length;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].length != w) {
                throw new IllegalArgumentException(what + ": row " + i + " has " + tokens[i].length
                        + " tokens, expected " + w + " (pad and give lengths instead)");
            }
        }
        return w;
    }
}
