package dev.carousel.reference.attention.train;

import dev.carousel.reference.Param;
import dev.carousel.reference.ParamSet;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.reference.attention.DecoderState;
import dev.carousel.spec.decoding.StepResult;
import dev.carousel.reference.train.GradientClipping;
import dev.carousel.reference.train.Optimizer;
import dev.carousel.tasks.seq2seq.Seq2SeqBatch;
import dev.carousel.tasks.seq2seq.Seq2SeqLearner;

/**
 * The float64 reference {@link AttentionSeq2Seq} as a {@link Seq2SeqLearner}:
 *
 * <pre>
 *   L    = (1 / N) sum over the batch's N valid target tokens of -log p(target token)     (teacher forcing)
 *   g    = dL/dw  (the model's summed-loss gradient divided by N)
 *   g   *= min(1, maxNorm / ||g||)    ||g|| over ALL parameters together (global norm; skipped when maxNorm = 0)
 *   w    = optimiser step (e.g. Adam)
 * </pre>
 */
public final class ReferenceSeq2SeqLearner implements Seq2SeqLearner<DecoderState> {
    private final AttentionSeq2Seq model;
    private final Optimizer optimizer;
    private final double maxNorm;
    private double lastGradientNorm;

    /**
     * @param model     an initialised model (see Seq2SeqInitializer)
     * @param optimizer e.g. {@code new Adam(1e-2)}
     * @param maxNorm   the global-norm clipping threshold, or 0 for none
     */
    public ReferenceSeq2SeqLearner(AttentionSeq2Seq model, Optimizer optimizer, double maxNorm) {
        if (maxNorm < 0 || Double.isNaN(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be >= 0 (0: no clipping), got " + maxNorm);
        }
        this.model = model;
        this.optimizer = optimizer;
        this.maxNorm = maxNorm;
    }

    public AttentionSeq2Seq model() {
        return model;
    }

    /** The global gradient norm of the last update, before clipping. */
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    @Override
    public double trainBatch(Seq2SeqBatch batch) {
        ParamSet params = model.params();
        params.zeroGrad();
        AttentionSeq2Seq.Forward f = model.forward(batch.source(), batch.sourceLengths(), batch.target(),
                batch.targetLengths());
        model.backward(f);
        double scale = 1.0 / f.tokenCount;
        for (Param p : params) {
            for (int k = 0; k < p.size(); k++) {
                p.grad[k] *= scale;
            }
        }
        lastGradientNorm = GradientClipping.clipByGlobalNorm(params, maxNorm > 0 ? maxNorm : Double.MAX_VALUE);
        optimizer.step(params);
        return f.loss * scale;
    }

    @Override
    public void setLearningRate(double rate) {
        optimizer.setLearningRate(rate);
    }

    @Override
    public int bosId() {
        return model.bosId();
    }

    @Override
    public int eosId() {
        return model.eosId();
    }

    @Override
    public int targetVocabSize() {
        return model.targetVocabSize();
    }

    @Override
    public DecoderState start(int[] source) {
        return model.start(source);
    }

    @Override
    public StepResult<DecoderState> step(DecoderState state, int prevToken) {
        return model.step(state, prevToken);
    }
}
