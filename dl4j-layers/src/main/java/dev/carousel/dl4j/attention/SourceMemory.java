package dev.carousel.dl4j.attention;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of encoded source sequences prepared for attention: the encoder outputs e [B, S, E], the source mask
 * [B, S] (1 valid, 0 masked), the attention keys k [B, S, K] computed ONCE by the score, and e_last [B, E], the
 * encoder's final state read off the outputs (forward half at the last valid position, backward half at the first
 * valid position when the encoder is bidirectional; equations.md section 3: a masked step carries the state).
 * Immutable once built; decoding steps only read it.
 */
final class SourceMemory {
    /** e [B, S, E], 'c'. */
    final INDArray e;
    /** mask [B, S], 'c', 0/1 in the network data type. */
    final INDArray mask;
    /** k [B, S, K], 'c'. */
    final INDArray keys;
    /** One-hot [B, S] at the last valid position, and at the first (bidirectional), for e_last. */
    final INDArray lastSelector;
    final INDArray firstSelector;
    /** e_last [B, E]. */
    final INDArray eLast;

    private SourceMemory(INDArray e, INDArray mask, INDArray keys, INDArray lastSelector, INDArray firstSelector,
                         INDArray eLast) {
        this.e = e;
        this.mask = mask;
        this.keys = keys;
        this.lastSelector = lastSelector;
        this.firstSelector = firstSelector;
        this.eLast = eLast;
    }

    int batch() {
        return (int) e.size(0);
    }

    int length() {
        return (int) e.size(1);
    }

    /** e as [B*S, E] (a view). */
    INDArray flat() {
        return e.reshape('c', e.size(0) * e.size(1), e.size(2));
    }

    /**
     * @param e3            encoder outputs [B, S, E] ('c', detached)
     * @param mask          [B, S] or null for all valid
     * @param bidirectional whether e = [fwd ; bwd] halves (e_last takes the bwd half at the first valid position)
     * @throws IllegalArgumentException for a non-0/1 mask or a fully masked row
     */
    static SourceMemory build(INDArray e3, INDArray mask, boolean bidirectional, BatchScore score,
                              java.util.Map<String, INDArray> params) {
        int b = (int) e3.size(0);
        int s = (int) e3.size(1);
        int nE = (int) e3.size(2);
        double[] m = mask == null ? filled(b * s) : mask.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .dup('c').data().asDouble();
        double[] last = new double[b * s];
        double[] first = new double[b * s];
        for (int i = 0; i < b; i++) {
            int lo = -1;
            int hi = -1;
            for (int j = 0; j < s; j++) {
                double v = m[i * s + j];
                if (v != 0.0 && v != 1.0) {
                    throw new IllegalArgumentException("source mask [" + i + "][" + j + "] must be 0 or 1, got " + v);
                }
                if (v == 1.0) {
                    hi = j;
                    if (lo < 0) {
                        lo = j;
                    }
                }
            }
            if (hi < 0) {
                throw new IllegalArgumentException("source sequence " + i + " is fully masked (mask "
                        + Arrays.toString(Arrays.copyOfRange(m, i * s, (i + 1) * s))
                        + "): attention needs at least one valid position");
            }
            last[i * s + hi] = 1.0;
            first[i * s + lo] = 1.0;
        }
        org.nd4j.linalg.api.buffer.DataType dt = e3.dataType();
        INDArray maskArr = Nd4j.createFromArray(m).reshape('c', b, s).castTo(dt);
        INDArray lastSel = Nd4j.createFromArray(last).reshape('c', b, s).castTo(dt);
        INDArray firstSel = Nd4j.createFromArray(first).reshape('c', b, s).castTo(dt);
        INDArray eLast = select(e3, lastSel);
        if (bidirectional) {
            int half = nE / 2;
            INDArray bwd = select(e3, firstSel);
            eLast.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(half, nE))
                    .assign(bwd.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.interval(half, nE)));
        }
        INDArray keys = score.keys(params, e3.reshape('c', (long) b * s, nE));
        INDArray keys3 = keys.reshape('c', b, s, keys.size(1));
        return new SourceMemory(e3, maskArr, keys3, lastSel, firstSel, eLast);
    }

    /** sum_j sel[b, j] e[b, j, :]  [B, E]. */
    static INDArray select(INDArray e3, INDArray sel) {
        INDArray w = e3.dup('c');
        Broadcast.mul(w, sel, w, 0, 1);
        return w.sum(1);
    }

    private static double[] filled(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1.0);
        return v;
    }
}
