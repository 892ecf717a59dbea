package dev.carousel.dl4j.attention;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of an attention decoder for a minibatch (equations.md section 5), Bahdanau ({@link BahdanauStep}) or
 * Luong ({@link LuongStep}): from the embedded previous target token y_{t-1} [B, M], the previous state and the
 * source memory, the new state, out_t (the softmax layer's input) and the step's attention weights. The loop over
 * time, masking and the initial state live in {@link AttentionDecoderLoop}.
 */
abstract class DecoderStep {
    protected final DecoderCell cell;
    protected final MaskedAttention attention;
    protected final int nM;
    protected final int nH;
    protected final int nE;

    DecoderStep(DecoderCell cell, MaskedAttention attention, int embeddingSize, int hiddenSize, int encoderSize) {
        this.cell = cell;
        this.attention = attention;
        this.nM = embeddingSize;
        this.nH = hiddenSize;
        this.nE = encoderSize;
    }

    DecoderCell cell() {
        return cell;
    }

    /** The size of out_t. */
    abstract int outputSize();

    /** Whether the state carries h~ (Luong input feeding). */
    abstract boolean feeds();

    abstract Result forward(Map<String, INDArray> params, SourceMemory src, INDArray y, DecoderState prev);

    /**
     * @param dOut  dL/dout_t [B, O]
     * @param dNext dL/d(state after the step): s (h, c) and, for Luong, h~
     * @param dKeys dL/dk accumulator [B, S, K]; dE: the context path of dL/de [B, S, E]
     */
    abstract Gradients backward(Map<String, INDArray> params, SourceMemory src, Result step, INDArray dOut,
                                DecoderState dNext, INDArray dKeys, INDArray dE, Map<String, INDArray> grads);

    /** One step: the new state, out_t [B, O], alpha_t [B, S], and the caches. */
    record Result(DecoderState state, INDArray out, INDArray alpha, DecoderCell.Step cellStep,
                  MaskedAttention.Read read, INDArray extra) {
    }

    /** dL/dy_{t-1} [B, M] and dL/d(previous state). */
    record Gradients(INDArray dy, DecoderState dPrev) {
    }
}
