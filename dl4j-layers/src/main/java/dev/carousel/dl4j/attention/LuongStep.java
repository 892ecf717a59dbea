package dev.carousel.dl4j.attention;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Luong decoder step with input feeding: attention reads with the NEW state,
 *
 * <pre>
 *   s_t   = cell( [ y_{t-1} ; h~_{t-1} ], s_{t-1} )      cell input size M + H, h~_0 = 0
 *   a_t   = attend( h(s_t), e )
 *   h~_t  = tanh( [ a_t ; h(s_t) ] Wc )                  Wc [E + H, H] (= W_c^T), no bias
 *   out_t = h~_t
 * </pre>
 */
final class LuongStep extends DecoderStep {

    LuongStep(DecoderCell cell, MaskedAttention attention, int embeddingSize, int hiddenSize, int encoderSize) {
        super(cell, attention, embeddingSize, hiddenSize, encoderSize);
    }

    @Override
    int outputSize() {
        return nH;
    }

    @Override
    boolean feeds() {
        return true;
    }

    @Override
    Result forward(Map<String, INDArray> p, SourceMemory src, INDArray y, DecoderState prev) {
        INDArray x = Nd4j.hstack(y, prev.feed());
        DecoderCell.Step cs = cell.forward(p, x, prev.s());
        INDArray h = cs.state()[0];
        MaskedAttention.Read read = attention.attend(p, src, h);
        INDArray as = Nd4j.hstack(read.context(), h);
        INDArray hTilde = Transforms.tanh(Nd4j.gemm(as, p.get(AttentionDecoderParams.LUONG_WC), false, false), false);
        return new Result(new DecoderState(cs.state(), hTilde), hTilde, read.alpha(), cs, read, as);
    }

    @Override
    Gradients backward(Map<String, INDArray> p, SourceMemory src, Result step, INDArray dOut, DecoderState dNext,
                       INDArray dKeys, INDArray dE, Map<String, INDArray> grads) {
        INDArray hTilde = step.out();
        INDArray dz = dOut.add(dNext.feed()).muli(hTilde.mul(hTilde).rsubi(1.0));
        INDArray as = step.extra();
        Nd4j.gemm(as, dz, grads.get(AttentionDecoderParams.LUONG_WC), true, false, 1.0, 1.0);
        INDArray dAs = Nd4j.gemm(dz, p.get(AttentionDecoderParams.LUONG_WC), false, true);
        INDArray dContext = dAs.get(all(), interval(0, nE)).dup();
        INDArray[] dS = new INDArray[dNext.s().length];
        dS[0] = dNext.s()[0].add(dAs.get(all(), interval(nE, nE + nH)));
        for (int k = 1; k < dS.length; k++) {
            dS[k] = dNext.s()[k];
        }
        dS[0].addi(attention.backward(p, src, step.read(), dContext, dKeys, dE, grads));
        DecoderCell.Backward cb = cell.backward(p, step.cellStep(), dS, grads);
        INDArray dx = cb.dx();
        return new Gradients(dx.get(all(), interval(0, nM)).dup(),
                new DecoderState(cb.dStatePrev(), dx.get(all(), interval(nM, nM + nH)).dup()));
    }
}
