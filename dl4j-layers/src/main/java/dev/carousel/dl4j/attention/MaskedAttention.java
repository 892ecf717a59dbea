package dev.carousel.dl4j.attention;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One attention read for a minibatch (equations.md section 4), over a {@link SourceMemory}:
 *
 * <pre>
 *   score_j = score(q, k_j)
 *   alpha_j = exp(score_j - m) / sum_{i valid} exp(score_i - m)     m = max over valid i
 *   alpha_j = 0 exactly where the source is masked
 *   context = sum_j alpha_j e_j
 * </pre>
 *
 * Backward: dalpha_j = dcontext . e_j; de_j += alpha_j dcontext; dscore_j = alpha_j (dalpha_j - sum_i alpha_i
 * dalpha_i), then through the score.
 */
final class MaskedAttention {
    private final BatchScore score;

    MaskedAttention(BatchScore score) {
        this.score = score;
    }

    BatchScore score() {
        return score;
    }

    /** Reads the source with queries q [B, D]. */
    Read attend(Map<String, INDArray> params, SourceMemory src, INDArray q) {
        BatchScore.Scored scored = score.score(params, q, src.keys);
        INDArray sc = scored.scores().dup('c');
        INDArray valid = src.mask;
        // masked positions: push far below every valid score, so exp underflows; then multiply by the mask
        sc.muli(valid).addi(valid.rsub(1.0).muli(-1e30));
        INDArray max = sc.max(1);
        Broadcast.sub(sc, max, sc, 0);
        INDArray alpha = Transforms.exp(sc, false).muli(valid);
        INDArray sum = alpha.sum(1);
        Broadcast.div(alpha, sum, alpha, 0);
        INDArray context = SourceMemory.select(src.e, alpha);
        return new Read(q, scored, alpha, context);
    }

    /**
     * Backward of one read: dL/dk is added into {@code dKeys} [B, S, K], the context path of dL/de into
     * {@code dE} [B, S, E], parameter gradients into {@code grads}.
     *
     * @return dL/dq [B, D]
     */
    INDArray backward(Map<String, INDArray> params, SourceMemory src, Read read, INDArray dContext, INDArray dKeys,
                      INDArray dE, Map<String, INDArray> grads) {
        INDArray ctxPath = Nd4j.zeros(src.e.dataType(), src.e.shape());
        Broadcast.add(ctxPath, dContext, ctxPath, 0, 2);
        INDArray dAlpha = ctxPath.mul(src.e).sum(2);
        Broadcast.mul(ctxPath, read.alpha, ctxPath, 0, 1);
        dE.addi(ctxPath);
        INDArray dot = dAlpha.mul(read.alpha).sum(1);
        INDArray centered = dAlpha.dup('c');
        Broadcast.sub(centered, dot, centered, 0);
        INDArray dScores = centered.muli(read.alpha);
        return score.backward(params, read.scored, dScores, dKeys, grads);
    }

    /** One read: the query, the score's caches, alpha [B, S] and the context [B, E]. */
    record Read(INDArray q, BatchScore.Scored scored, INDArray alpha, INDArray context) {
    }
}
