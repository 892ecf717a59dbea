package dev.carousel.tasks.seq2seq;

import java.util.List;

/**
 * The result of {@link Seq2SeqTrainer#train}.
 *
 * @param curve            the learning curve, one point per periodic evaluation
 * @param finalGreedy      greedy decoding on the whole test set after training
 * @param finalBeam        beam search on the whole test set (null when beamWidth = 0)
 * @param updates          optimiser steps taken
 * @param examplesSeen     training examples presented (updates x batch, the last batch of an epoch may be smaller)
 * @param examplesToTarget examples seen at the first evaluation reaching targetExactMatch, or -1
 * @param trainSeconds     wall time spent in trainBatch
 * @param totalSeconds     wall time of the whole run, evaluations included
 */
public record TrainingReport(List<CurvePoint> curve, DecodingAccuracy finalGreedy, DecodingAccuracy finalBeam,
                             long updates, long examplesSeen, long examplesToTarget, double trainSeconds,
                             double totalSeconds) {

    /**
     * One learning-curve point.
     *
     * @param update       the number of updates so far
     * @param epoch        examples seen / training-set size
     * @param examplesSeen training examples presented so far
     * @param trainLoss    the mean of trainBatch's losses since the previous point
     * @param heldOut      greedy decoding on the first evalSize held-out examples
     * @param seconds      wall time since the start
     */
    public record CurvePoint(long update, double epoch, long examplesSeen, double trainLoss, DecodingAccuracy heldOut,
                             double seconds) {
    }
}
