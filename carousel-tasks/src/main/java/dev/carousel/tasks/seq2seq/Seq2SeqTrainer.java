package dev.carousel.tasks.seq2seq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The framework-neutral training loop for any {@link Seq2SeqLearner} (reference, DL4J, DJL):
 *
 * <pre>
 *   for epoch = 1 .. maxEpochs:
 *     shuffle the training set (java.util.Random(shuffleSeed), one shuffle per epoch)
 *     for each minibatch of batchSize examples (the last one may be smaller):
 *       learner.setLearningRate(schedule.rate(update, plannedUpdates))  when the settings carry a schedule
 *       loss = learner.trainBatch(Seq2SeqBatch.of(minibatch))      mean token loss, one optimiser step
 *       every evalEvery updates: greedy decoding of the first evalSize held-out examples -&gt; a curve point;
 *                                stop when its exact match &gt;= targetExactMatch
 *   final: greedy decoding of the whole test set, and beam search (k = beamWidth) when beamWidth &gt; 0
 * </pre>
 */
public final class Seq2SeqTrainer {
    private final TrainingSettings settings;

    public Seq2SeqTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    public <S> TrainingReport train(Seq2SeqLearner<S> learner, Seq2SeqDataset data) {
        if (data.train().isEmpty() || data.test().isEmpty()) {
            throw new IllegalArgumentException("training needs non-empty train and test sets, got "
                    + data.train().size() + " and " + data.test().size());
        }
        Seq2SeqEvaluator evaluator = new Seq2SeqEvaluator(data.task());
        List<Seq2SeqExample> evalSet = data.test().subList(0, Math.min(settings.evalSize(), data.test().size()));
        List<Seq2SeqExample> order = new ArrayList<>(data.train());
        Random shuffle = new Random(settings.shuffleSeed());
        List<TrainingReport.CurvePoint> curve = new ArrayList<>();
        long batchesPerEpoch = (order.size() + settings.batchSize() - 1) / settings.batchSize();
        long plannedUpdates = batchesPerEpoch * settings.maxEpochs();
        long start = System.nanoTime();
        long trainNanos = 0;
        long updates = 0;
        long seen = 0;
        long toTarget = -1;
        double lossSum = 0;
        int lossCount = 0;
        boolean stop = false;
        for (int epoch = 0; epoch < settings.maxEpochs() && !stop; epoch++) {
            Collections.shuffle(order, shuffle);
            for (int from = 0; from < order.size() && !stop; from += settings.batchSize()) {
                Seq2SeqBatch batch = Seq2SeqBatch.of(order.subList(from, Math.min(from + settings.batchSize(),
                        order.size())));
                long t0 = System.nanoTime();
                if (settings.learningRate() != null) {
                    learner.setLearningRate(settings.learningRate().rate(updates, plannedUpdates));
                }
                double loss = learner.trainBatch(batch);
                trainNanos += System.nanoTime() - t0;
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("training diverged: mean token loss " + loss + " at update "
                            + (updates + 1));
                }
                updates++;
                seen += batch.size();
                lossSum += loss;
                lossCount++;
                boolean last = epoch == settings.maxEpochs() - 1 && from + settings.batchSize() >= order.size();
                if (updates % settings.evalEvery() == 0 || last) {
                    DecodingAccuracy acc = evaluator.greedy(learner, evalSet);
                    curve.add(new TrainingReport.CurvePoint(updates, (double) seen / order.size(), seen,
                            lossSum / lossCount, acc, (System.nanoTime() - start) * 1e-9));
                    lossSum = 0;
                    lossCount = 0;
                    if (acc.exactMatch() >= settings.targetExactMatch()) {
                        toTarget = seen;
                        stop = true;
                    }
                }
            }
        }
        DecodingAccuracy greedy = evaluator.greedy(learner, data.test());
        DecodingAccuracy beam = settings.beamWidth() > 0
                ? evaluator.beam(learner, data.test(), settings.beamWidth(), settings.beamAlpha()) : null;
        return new TrainingReport(List.copyOf(curve), greedy, beam, updates, seen, toTarget, trainNanos * 1e-9,
                (System.nanoTime() - start) * 1e-9);
    }
}
