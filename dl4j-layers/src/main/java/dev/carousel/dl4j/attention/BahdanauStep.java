package dev.carousel.dl4j.attention;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Bahdanau decoder step: attention reads with the PREVIOUS state,
 *
 * <pre>
 *   a_t   = attend( h(s_{t-1}), e )
 *   s_t   = cell( [ y_{t-1} ; a_t ], s_{t-1} )       cell input size M + E
 *   out_t = [ h(s_t) ; a_t ]                         size H + E
 * </pre>
 */
final class BahdanauStep extends DecoderStep {

    BahdanauStep(DecoderCell cell, MaskedAttention attention, int embeddingSize, int hiddenSize, int encoderSize) {
        super(cell, attention, embeddingSize, hiddenSize, encoderSize);
    }

    @Override
    int outputSize() {
        return nH + nE;
    }

    @Override
    boolean feeds() {
        return false;
    }

    @Override
    Result forward(Map<String, INDArray> p, SourceMemory src, INDArray y, DecoderState prev) {
        MaskedAttention.Read read = attention.attend(p, src, prev.s()[0]);
        INDArray x = Nd4j.hstack(y, read.context());
        DecoderCell.Step cs = cell.forward(p, x, prev.s());
        INDArray out = Nd4j.hstack(cs.state()[0], read.context());
        return new Result(new DecoderState(cs.state(), null), out, read.alpha(), cs, read, null);
    }

    @Override
    Gradients backward(Map<String, INDArray> p, SourceMemory src, Result step, INDArray dOut, DecoderState dNext,
                       INDArray dKeys, INDArray dE, Map<String, INDArray> grads) {
        INDArray[] dS = new INDArray[dNext.s().length];
        dS[0] = dNext.s()[0].add(dOut.get(all(), interval(0, nH)));
        for (int k = 1; k < dS.length; k++) {
            dS[k] = dNext.s()[k];
        }
        INDArray dContext = dOut.get(all(), interval(nH, nH + nE)).dup();
        DecoderCell.Backward cb = cell.backward(p, step.cellStep(), dS, grads);
        dContext.addi(cb.dx().get(all(), interval(nM, nM + nE)));
        INDArray dq = attention.backward(p, src, step.read(), dContext, dKeys, dE, grads);
        INDArray[] dPrev = cb.dStatePrev();
        dPrev[0].addi(dq);
        return new Gradients(cb.dx().get(all(), interval(0, nM)).dup(), new DecoderState(dPrev, null));
    }
}
