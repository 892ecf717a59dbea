package dev.carousel.dl4j.attention;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The multiplicative scores of Luong et al. 2015 for a minibatch, {@code score_j = q . k_j}:
 *
 * <pre>
 *   dot:      k_j = e_j                 (needs D = E, no parameters)
 *   general:  k_j = e_j Wa              once per source batch, Wa [E, D] (q^T W_a e_j with W_a = Wa^T)
 * </pre>
 *
 * Backward: dq = sum_j dscore_j k_j; dk_j += dscore_j q; once per batch (general) dWa += e^T dk, de += dk Wa^T,
 * (dot) de += dk.
 */
final class BilinearScore implements BatchScore {
    private final boolean general;

    BilinearScore(boolean general) {
        this.general = general;
    }

    @Override
    public INDArray keys(Map<String, INDArray> p, INDArray e) {
        return general ? Nd4j.gemm(e, p.get(AttentionDecoderParams.ATT_WA), false, false) : e.dup('c');
    }

    @Override
    public Scored score(Map<String, INDArray> p, INDArray q, INDArray keys) {
        INDArray prod = keys.dup('c');
        Broadcast.mul(prod, q, prod, 0, 2);
        return new Step(q, keys, prod.sum(2));
    }

    @Override
    public INDArray backward(Map<String, INDArray> p, Scored scored, INDArray dScores, INDArray dKeys,
                             Map<String, INDArray> grads) {
        Step st = (Step) scored;
        INDArray wk = st.keys.dup('c');
        Broadcast.mul(wk, dScores, wk, 0, 1);
        INDArray dq = wk.sum(1);
        INDArray dk = Nd4j.zeros(dKeys.dataType(), dKeys.shape());
        Broadcast.add(dk, st.q, dk, 0, 2);
        Broadcast.mul(dk, dScores, dk, 0, 1);
        dKeys.addi(dk);
        return dq;
    }

    @Override
    public void backwardKeys(Map<String, INDArray> p, INDArray e, INDArray dKeys, INDArray de,
                             Map<String, INDArray> grads) {
        if (general) {
            Nd4j.gemm(e, dKeys, grads.get(AttentionDecoderParams.ATT_WA), true, false, 1.0, 1.0);
            de.addi(Nd4j.gemm(dKeys, p.get(AttentionDecoderParams.ATT_WA), false, true));
        } else {
            de.addi(dKeys);
        }
    }

    private record Step(INDArray q, INDArray keys, INDArray scores) implements Scored {
    }
}
