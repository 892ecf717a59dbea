package dev.carousel.dl4j.attention;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The attention decoder's loop over target steps (teacher forcing) with its exact backward pass:
 *
 * <pre>
 *   src     = keys k_j of every valid source position, computed once       ({@link SourceMemory})
 *   s_0     = 0   or   h_0 = tanh(e_last Winit + binit), c_0 = 0            (init mode)
 *   h~_0    = 0                                                             (Luong)
 *   for t:  (s_t, out_t, alpha_t) = step(y_{t-1}, s_{t-1}, src)             ({@link DecoderStep})
 *           where the target is masked: s_t = s_{t-1}, out_t = 0, alpha_t = 0 (equations.md section 3)
 * </pre>
 *
 * Backward runs the steps in reverse, then the bridge, then turns the summed dL/dk into dL/de once.
 */
final class AttentionDecoderLoop {
    private final AttentionDecoderVertex conf;
    private final DecoderStep step;

    AttentionDecoderLoop(AttentionDecoderVertex conf) {
        this.conf = conf;
        int h = conf.getHiddenSize();
        DecoderCell cell;
        switch (conf.getCellType()) {
            case LSTM: cell = LayerCells.lstm(h, false); break;
            case PEEPHOLE_LSTM: cell = LayerCells.lstm(h, true); break;
            case GRU: cell = LayerCells.gru(h, true); break;
            case GRU_RESET_BEFORE: cell = LayerCells.gru(h, false); break;
            default: throw new IllegalArgumentException("unknown cell type " + conf.getCellType());
        }
        MaskedAttention att = new MaskedAttention(BatchScore.of(conf.getScoreType()));
        step = conf.getDecoderType() == Seq2SeqConfig.DecoderType.BAHDANAU
                ? new BahdanauStep(cell, att, conf.getEmbeddingSize(), h, conf.getEncoderSize())
                : new LuongStep(cell, att, conf.getEmbeddingSize(), h, conf.getEncoderSize());
    }

    DecoderStep step() {
        return step;
    }

    SourceMemory memory(Map<String, INDArray> p, INDArray e3, INDArray sourceMask) {
        return SourceMemory.build(e3, sourceMask, conf.isBidirectionalEncoder(), step.attention.score(), p);
    }

    DecoderState initialState(Map<String, INDArray> p, SourceMemory src) {
        int b = src.batch();
        DataType dt = src.e.dataType();
        int h = conf.getHiddenSize();
        INDArray[] s = new INDArray[step.cell().stateCount()];
        for (int k = 0; k < s.length; k++) {
            s[k] = Nd4j.zeros(dt, b, h);
        }
        if (conf.getInitMode() == Seq2SeqConfig.InitMode.FROM_ENCODER) {
            s[0] = Transforms.tanh(src.eLast.mmul(p.get(AttentionDecoderParams.BRIDGE_W))
                    .addiRowVector(p.get(AttentionDecoderParams.BRIDGE_B)), false);
        }
        return new DecoderState(s, step.feeds() ? Nd4j.zeros(dt, b, h) : null);
    }

    /**
     * @param e3   encoder outputs [B, S, E] ('c')
     * @param y3   embedded decoder inputs [B, T, M] ('c')
     * @param tgtMask [B, T] or null
     */
    Pass forward(Map<String, INDArray> p, INDArray e3, INDArray srcMask, INDArray y3, INDArray tgtMask) {
        SourceMemory src = memory(p, e3, srcMask);
        int b = src.batch();
        int tt = (int) y3.size(1);
        DecoderState init = initialState(p, src);
        DecoderState state = init;
        DecoderStep.Result[] steps = new DecoderStep.Result[tt];
        INDArray[] maskCols = new INDArray[tt];
        INDArray out = Nd4j.zeros(e3.dataType(), b, tt, step.outputSize());
        INDArray alphas = Nd4j.zeros(e3.dataType(), b, tt, src.length());
        INDArray tm = tgtMask == null ? null : tgtMask.castTo(e3.dataType()).dup('c');
        for (int t = 0; t < tt; t++) {
            INDArray y = y3.get(all(), point(t), all()).dup('c');
            DecoderStep.Result r = step.forward(p, src, y, state);
            steps[t] = r;
            INDArray o = r.out();
            INDArray a = r.alpha();
            DecoderState next = r.state();
            if (tm != null) {
                INDArray m = tm.get(all(), interval(t, t + 1)).dup('c');
                maskCols[t] = m;
                o = o.mulColumnVector(m);
                a = a.mulColumnVector(m);
                next = blend(next, state, m);
            }
            out.get(all(), point(t), all()).assign(o);
            alphas.get(all(), point(t), all()).assign(a);
            state = next;
        }
        return new Pass(src, init, steps, maskCols, out, alphas);
    }

    /** m . now + (1 - m) . before, row-wise. */
    private static DecoderState blend(DecoderState now, DecoderState before, INDArray m) {
        INDArray[] s = new INDArray[now.s().length];
        for (int k = 0; k < s.length; k++) {
            s[k] = mix(now.s()[k], before.s()[k], m);
        }
        return new DecoderState(s, now.feed() == null ? null : mix(now.feed(), before.feed(), m));
    }

    private static INDArray mix(INDArray now, INDArray before, INDArray m) {
        return now.sub(before).muliColumnVector(m).addi(before);
    }

    /**
     * Backward of a teacher-forced pass; parameter gradients are ADDED into {@code grads}.
     *
     * @param dOut3 dL/dout [B, T, O] ('c')
     * @return dL/de [B, S, E] and dL/dy [B, T, M]
     */
    INDArray[] backward(Map<String, INDArray> p, Pass pass, INDArray dOut3, Map<String, INDArray> grads) {
        SourceMemory src = pass.src;
        int b = src.batch();
        int s = src.length();
        int tt = pass.steps.length;
        DataType dt = src.e.dataType();
        int h = conf.getHiddenSize();
        INDArray dKeys = Nd4j.zeros(dt, src.keys.shape());
        INDArray dE = Nd4j.zeros(dt, src.e.shape());
        INDArray dY = Nd4j.zeros(dt, b, tt, conf.getEmbeddingSize());
        INDArray[] ds = new INDArray[step.cell().stateCount()];
        for (int k = 0; k < ds.length; k++) {
            ds[k] = Nd4j.zeros(dt, b, h);
        }
        DecoderState dState = new DecoderState(ds, step.feeds() ? Nd4j.zeros(dt, b, h) : null);
        for (int t = tt - 1; t >= 0; t--) {
            INDArray dOut = dOut3.get(all(), point(t), all()).dup('c');
            INDArray m = pass.maskCols[t];
            DecoderState dNext = dState;
            if (m != null) {
                dOut.muliColumnVector(m);
                dNext = scale(dState, m, false);
            }
            DecoderStep.Gradients g = step.backward(p, src, pass.steps[t], dOut, dNext, dKeys, dE, grads);
            DecoderState dPrev = g.dPrev();
            if (m != null) {
                DecoderState carry = scale(dState, m, true);
                INDArray[] sum = new INDArray[dPrev.s().length];
                for (int k = 0; k < sum.length; k++) {
                    sum[k] = dPrev.s()[k].add(carry.s()[k]);
                }
                dPrev = new DecoderState(sum, dPrev.feed() == null ? null : dPrev.feed().add(carry.feed()));
                dY.get(all(), point(t), all()).assign(g.dy().mulColumnVector(m));
            } else {
                dY.get(all(), point(t), all()).assign(g.dy());
            }
            dState = dPrev;
        }
        if (conf.getInitMode() == Seq2SeqConfig.InitMode.FROM_ENCODER) {
            INDArray h0 = pass.initial.s()[0];
            INDArray dPre = dState.s()[0].mul(h0.mul(h0).rsubi(1.0));
            Nd4j.gemm(src.eLast, dPre, grads.get(AttentionDecoderParams.BRIDGE_W), true, false, 1.0, 1.0);
            grads.get(AttentionDecoderParams.BRIDGE_B).addi(dPre.sum(0));
            INDArray deLast = Nd4j.gemm(dPre, p.get(AttentionDecoderParams.BRIDGE_W), false, true);
            int nE = conf.getEncoderSize();
            if (conf.isBidirectionalEncoder()) {
                INDArray fwd = deLast.dup();
                fwd.get(all(), interval(nE / 2, nE)).assign(0);
                INDArray bwd = deLast.sub(fwd);
                dE.addi(spread(fwd, src.lastSelector, s));
                dE.addi(spread(bwd, src.firstSelector, s));
            } else {
                dE.addi(spread(deLast, src.lastSelector, s));
            }
        }
        INDArray dEFlat = dE.reshape('c', (long) b * s, dE.size(2));
        step.attention.score().backwardKeys(p, src.flat(), dKeys.reshape('c', (long) b * s, dKeys.size(2)),
                dEFlat, grads);
        return new INDArray[] {dEFlat.reshape('c', b, s, dE.size(2)), dY};
    }

    /** d [B, E] placed at the selected position of each row: [B, S, E]. */
    private static INDArray spread(INDArray d, INDArray selector, int s) {
        INDArray out = Nd4j.zeros(d.dataType(), d.size(0), s, d.size(1));
        Broadcast.add(out, d, out, 0, 2);
        Broadcast.mul(out, selector, out, 0, 1);
        return out;
    }

    /** m . d (complement false) or (1 - m) . d (complement true), row-wise. */
    private static DecoderState scale(DecoderState d, INDArray m, boolean complement) {
        INDArray f = complement ? m.rsub(1.0) : m;
        INDArray[] s = new INDArray[d.s().length];
        for (int k = 0; k < s.length; k++) {
            s[k] = d.s()[k].mulColumnVector(f);
        }
        return new DecoderState(s, d.feed() == null ? null : d.feed().mulColumnVector(f));
    }

    /** A teacher-forced pass: the source memory, s_0, every step's caches, the target mask columns, out, alphas. */
    record Pass(SourceMemory src, DecoderState initial, DecoderStep.Result[] steps, INDArray[] maskCols,
                INDArray out, INDArray alphas) {
    }
}
