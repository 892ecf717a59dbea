package dev.carousel.dl4j.attention;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Additive attention (Bahdanau et al. 2015) for a minibatch:
 *
 * <pre>
 *   k_j     = e_j Wk                       once per source batch          Wk [E, A]
 *   u       = q Wq + ba                    once per decoder step          Wq [D, A], ba [A]
 *   t_j     = tanh(u + k_j);  score_j = t_j . v                            v [A]
 * </pre>
 *
 * Backward: dv += sum dscore_j t_j; dpre_j = dscore_j v . (1 - t_j^2); dk_j += dpre_j; du = sum_j dpre_j;
 * dba += du; dWq += q^T du; dq = du Wq^T; once per batch dWk += e^T dk, de += dk Wk^T.
 */
final class AdditiveScore implements BatchScore {

    @Override
    public INDArray keys(Map<String, INDArray> p, INDArray e) {
        return Nd4j.gemm(e, p.get(AttentionDecoderParams.ATT_WK), false, false);
    }

    @Override
    public Scored score(Map<String, INDArray> p, INDArray q, INDArray keys) {
        long b = keys.size(0);
        long s = keys.size(1);
        long a = keys.size(2);
        INDArray u = Nd4j.gemm(q, p.get(AttentionDecoderParams.ATT_WQ), false, false).addiRowVector(p.get(AttentionDecoderParams.ATT_B));
        INDArray pre = keys.dup('c');
        Broadcast.add(pre, u, pre, 0, 2);
        INDArray t = Transforms.tanh(pre, false);
        INDArray sc = t.reshape('c', b * s, a).mmul(p.get(AttentionDecoderParams.ATT_V).reshape(a, 1)).reshape('c', b, s);
        return new Step(q, t, sc);
    }

    @Override
    public INDArray backward(Map<String, INDArray> p, Scored scored, INDArray dScores, INDArray dKeys,
                             Map<String, INDArray> grads) {
        Step st = (Step) scored;
        long b = st.t.size(0);
        long s = st.t.size(1);
        long a = st.t.size(2);
        INDArray t2 = st.t.reshape('c', b * s, a);
        INDArray ds = dScores.reshape('c', b * s, 1);
        grads.get(AttentionDecoderParams.ATT_V).addi(Nd4j.gemm(t2, ds, true, false).reshape(a));
        INDArray dPre = ds.mmul(p.get(AttentionDecoderParams.ATT_V).reshape(1, a));
        dPre.muli(t2.mul(t2).rsubi(1.0));
        INDArray dPre3 = dPre.reshape('c', b, s, a);
        dKeys.addi(dPre3);
        INDArray du = dPre3.sum(1);
        grads.get(AttentionDecoderParams.ATT_B).addi(du.sum(0));
        Nd4j.gemm(st.q, du, grads.get(AttentionDecoderParams.ATT_WQ), true, false, 1.0, 1.0);
        return Nd4j.gemm(du, p.get(AttentionDecoderParams.ATT_WQ), false, true);
    }

    @Override
    public void backwardKeys(Map<String, INDArray> p, INDArray e, INDArray dKeys, INDArray de,
                             Map<String, INDArray> grads) {
        Nd4j.gemm(e, dKeys, grads.get(AttentionDecoderParams.ATT_WK), true, false, 1.0, 1.0);
        de.addi(Nd4j.gemm(dKeys, p.get(AttentionDecoderParams.ATT_WK), false, true));
    }

    private record Step(INDArray q, INDArray t, INDArray scores) implements Scored {
    }
}
