package dev.carousel.djl.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy over the valid target tokens of a padded batch, on PyTorch-engine operations only (DJL's
 * MaskedSoftmaxCrossEntropyLoss needs sequenceMask, which the PyTorch engine lacks):
 *
 * <pre>
 *   log p_t = log softmax(logits_t)
 *   loss    = - sum_b sum_{t &lt; targetLengths[b]} log p_t[target[b][t]]      SUM
 *           = the same divided by sum_b targetLengths[b]                      MEAN (the default)
 * </pre>
 *
 * Labels {@code [target [B, T], targetLengths [B]]} (integer), predictions {@code [logits [B, T, V], ...]} as
 * {@link AttentionSeq2SeqBlock} returns them. Target entries at padded steps are ignored (any value).
 */
public final class TokenCrossEntropyLoss extends Loss {
    private final boolean mean;

    /** The mean over valid tokens. */
    public TokenCrossEntropyLoss() {
        this("TokenCrossEntropy", true);
    }

    /**
     * @param name the loss' name in DJL's metrics
     * @param mean true: the mean over valid tokens; false: the sum (the reference's loss)
     */
    public TokenCrossEntropyLoss(String name, boolean mean) {
        super(name);
        this.mean = mean;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (labels == null || labels.size() < 2 || predictions == null || predictions.isEmpty()) {
            throw new IllegalArgumentException("TokenCrossEntropyLoss: expected labels [target [B, T], targetLengths"
                    + " [B]] and predictions [logits [B, T, V], ...]");
        }
        NDArray logits = predictions.get(0);
        Shape ls = logits.getShape();
        NDArray target = labels.get(0);
        if (ls.dimension() != 3 || !target.getShape().equals(new Shape(ls.get(0), ls.get(1)))) {
            throw new IllegalArgumentException("TokenCrossEntropyLoss: expected target [B, T] matching logits [B, T,"
                    + " V], got target " + target.getShape() + " and logits " + ls);
        }
        int batch = (int) ls.get(0);
        int tt = (int) ls.get(1);
        long v = ls.get(2);
        int[] lengths = AttentionSeq2SeqBlock.hostLengths("targetLengths", labels.get(1), batch, 0, tt);
        long[] tgt = tt == 0 ? new long[0] : target.toType(DataType.INT64, false).toLongArray();
        long[] index = new long[batch * tt];
        double[] mask = new double[batch * tt];
        int count = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                long tok = tgt[b * tt + t];
                if (tok < 0 || tok >= v) {
                    throw new IllegalArgumentException("TokenCrossEntropyLoss: target [" + b + "][" + t
                            + "] must be in [0, " + v + "), got " + tok);
                }
                index[b * tt + t] = tok;
                mask[b * tt + t] = 1.0;
                count++;
            }
        }
        var m = logits.getManager();
        NDArray picked = logits.logSoftmax(2).gather(m.create(index, new Shape(batch, tt, 1)).duplicate(), 2)
                .reshape(batch, tt);
        NDArray total = picked.mul(m.create(mask, new Shape(batch, tt)).toType(logits.getDataType(), true)).sum()
                .neg();
        return mean && count > 0 ? total.div(count) : total;
    }
}
