package dev.carousel.tasks.seq2seq;

import dev.carousel.spec.decoding.IncrementalDecoder;

/**
 * What {@link Seq2SeqTrainer} needs from a model: one optimisation step on a padded batch, and incremental decoding
 * for evaluation. The reference model (float64, {@code ReferenceSeq2SeqLearner}), the DL4J model and the DJL model
 * implement it, so all three train and are evaluated by the same loop, metrics and decoders.
 *
 * @param <S> the decoder state type of {@link IncrementalDecoder}
 */
public interface Seq2SeqLearner<S> extends IncrementalDecoder<S> {

    /**
     * One update from {@code batch} with teacher forcing: loss = mean over the batch's valid target tokens (eos
     * included, {@link Seq2SeqBatch#targetTokenCount()}) of -log p(target token), gradients of that mean, then the
     * learner's optimiser step (with its gradient clipping).
     *
     * @return the mean token loss on the batch BEFORE the update
     */
    double trainBatch(Seq2SeqBatch batch);

    /**
     * Sets the optimiser's learning rate for the following updates ({@link Seq2SeqTrainer} calls it before every
     * update when its settings carry a {@link LearningRateSchedule}).
     */
    void setLearningRate(double rate);
}
