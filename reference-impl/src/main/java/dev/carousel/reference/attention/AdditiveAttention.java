package dev.carousel.reference.attention;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;

/**
 * Additive attention (Bahdanau et al. 2015):
 *
 * <pre>
 *   k_j     = W_k e_j                              (once per source sequence)
 *   u       = W_q q + b                            (once per decoder step)
 *   t_j     = tanh( u + k_j )
 *   score_j = v^T t_j
 * </pre>
 *
 * Parameters: {@code w_q} [A, D], {@code w_k} [A, E], {@code b} [A], {@code v} [A].
 */
public final class AdditiveAttention implements AttentionScore {
    private final int nQ;
    private final int nE;
    private final int nA;
    private final ParamSet params = new ParamSet();
    private final Param wQ;
    private final Param wK;
    private final Param b;
    private final Param v;

    /**
     * @param querySize     D
     * @param encoderSize   E
     * @param attentionSize A
     */
    public AdditiveAttention(int querySize, int encoderSize, int attentionSize) {
        this.nQ = querySize;
        this.nE = encoderSize;
        this.nA = attentionSize;
        wQ = params.add(new Param("w_q", nA, nQ));
        wK = params.add(new Param("w_k", nA, nE));
        b = params.add(new Param("b", nA));
        v = params.add(new Param("v", nA));
    }

    @Override
    public int querySize() {
        return nQ;
    }

    @Override
    public int encoderSize() {
        return nE;
    }

    @Override
    public int keySize() {
        return nA;
    }

    /** A. */
    public int attentionSize() {
        return nA;
    }

    @Override
    public ParamSet params() {
        return params;
    }

    /** k_j = W_k e_j  [A]. */
    @Override
    public double[] key(double[] e) {
        double[] k = new double[nA];
        Linalg.addMatVec(wK.value, nE, e, k);
        return k;
    }

    /** dW_k += dk_j e_j^T;  de_j += W_k^T dk_j. */
    @Override
    public void backwardKey(double[] e, double[] dKey, double[] de) {
        Linalg.addOuter(wK.grad, nE, dKey, e);
        Linalg.addMatTVec(wK.value, nE, dKey, de);
    }

    /** u = W_q q + b;  t_j = tanh(u + k_j);  score_j = v . t_j. */
    @Override
    public ScoreStep score(double[] q, double[][] keys, double[] mask) {
        double[] u = new double[nA];
        Linalg.addMatVec(wQ.value, nQ, q, u);
        Linalg.addInto(u, b.value);
        double[][] t = new double[keys.length][];
        double[] s = new double[keys.length];
        for (int j = 0; j < keys.length; j++) {
            if (mask[j] == 0.0) {
                continue;
            }
            t[j] = new double[nA];
            for (int a = 0; a < nA; a++) {
                t[j][a] = Math.tanh(u[a] + keys[j][a]);
                s[j] += v.value[a] * t[j][a];
            }
        }
        return new AdditiveStep(q, t, s);
    }

    /**
     * dv += dscore_j t_j;  dpre_j = dscore_j v . (1 - t_j^2);  dk_j += dpre_j;  du = sum_j dpre_j;
     * db += du;  dW_q += du q^T;  dq += W_q^T du.
     */
    @Override
    public void backwardScore(ScoreStep step, double[] dScores, double[] dq, double[][] dKeys) {
        AdditiveStep st = (AdditiveStep) step;
        double[] du = new double[nA];
        for (int j = 0; j < st.t.length; j++) {
            if (st.t[j] == null) {
                continue;                               // masked position
            }
            for (int a = 0; a < nA; a++) {
                v.grad[a] += dScores[j] * st.t[j][a];
                double dPre = dScores[j] * v.value[a] * (1.0 - st.t[j][a] * st.t[j][a]);
                dKeys[j][a] += dPre;
                du[a] += dPre;
            }
        }
        Linalg.addInto(b.grad, du);
        Linalg.addOuter(wQ.grad, nQ, du, st.q);
        Linalg.addMatTVec(wQ.value, nQ, du, dq);
    }

    private record AdditiveStep(double[] q, double[][] t, double[] scores) implements ScoreStep {
    }
}
