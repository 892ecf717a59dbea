package dev.carousel.reference.attention;

import dev.carousel.reference.ParamSet;
import dev.carousel.reference.RecurrentCell;

/**
 * One step of an attention decoder (equations.md section 5), Bahdanau ({@link BahdanauDecoder}) or Luong
 * ({@link LuongDecoder}): from the embedded previous target token y_{t-1}, the previous decoder state s_{t-1} (and,
 * for Luong's input feeding, h~_{t-1}) and the precomputed source keys, it computes the new state and out_t, the
 * input of the softmax layer. Like a {@link RecurrentCell}, the step is separate from the loop over time (that is
 * {@link AttentionSeq2Seq}); parameter gradients are ADDED into {@link #params()} and, for the attention, into the
 * attention's parameters.
 */
public abstract class AttentionDecoder {
    protected final RecurrentCell cell;
    protected final Attention attention;
    protected final int embeddingSize;

    protected AttentionDecoder(RecurrentCell cell, Attention attention, int embeddingSize) {
        this.cell = cell;
        this.attention = attention;
        this.embeddingSize = embeddingSize;
        if (attention.score().querySize() != cell.hiddenSize()) {
            throw new IllegalArgumentException("decoder: the attention query size D=" + attention.score().querySize()
                    + " must equal the decoder hidden size " + cell.hiddenSize());
        }
    }

    public RecurrentCell cell() {
        return cell;
    }

    public Attention attention() {
        return attention;
    }

    /** The decoder's own parameters: the cell's (w_ih, w_hh, ...) and, for Luong, w_c. Not the attention's. */
    public abstract ParamSet params();

    /** The size of out_t. */
    public abstract int outputSize();

    /** The size of the fed-back vector h~ (Luong input feeding), 0 when there is none (Bahdanau). */
    public abstract int feedSize();

    /**
     * One decoder step.
     *
     * @param keys     the source, keys precomputed
     * @param y        the embedded previous target token y_{t-1} [M]
     * @param sPrev    s_{t-1}, [stateCount][H_dec]
     * @param feedPrev h~_{t-1} [H_dec] for Luong, ignored (may be null) for Bahdanau
     */
    public abstract Step forward(SourceKeys keys, double[] y, double[][] sPrev, double[] feedPrev);

    /**
     * Backward through one step; the attention's dk/de are accumulated into {@code keys}.
     *
     * @param step  what forward returned
     * @param keys  the same source
     * @param dOut  dLoss/dout_t [outputSize]
     * @param dS    dLoss/ds_t from later steps [stateCount][H_dec]
     * @param dFeed dLoss/dh~_t from the next step's input [feedSize], or null
     */
    public abstract StepGradients backward(Step step, SourceKeys keys, double[] dOut, double[][] dS, double[] dFeed);

    /** What one decoder step produced. */
    public interface Step {
        /** out_t, the softmax layer's input. */
        double[] out();

        /** s_t, [stateCount][H_dec] (do not modify). */
        double[][] state();

        /** h~_t to feed into the next step, or null (Bahdanau). */
        double[] feed();

        /** The attention read of this step (alphas, context). */
        Attention.Step attention();
    }

    /**
     * Gradients of one step: dLoss/dy_{t-1} [M], dLoss/ds_{t-1} [stateCount][H_dec], dLoss/dh~_{t-1} (null for
     * Bahdanau).
     */
    public record StepGradients(double[] dy, double[][] dStatePrev, double[] dFeedPrev) {
    }
}
