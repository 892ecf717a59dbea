package dev.carousel.bench.harness;

import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.Sequence;
import dev.carousel.tasks.TestSetEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** Runs one trial: draws exemplars, trains until the protocol's rule holds or the budget is spent, then tests. */
public final class Trial {
    private static final int CURVE_POINTS = 200;

    private Trial() {
    }

    /**
     * @param progress told the number of sequences seen after every update
     * @param stop     polled after every update: true ends the trial early (interrupted)
     */
    public static TrialResult run(DelayTask task, SequenceLearner learner, Protocol protocol, String impl,
                                  CellChoice cell, long seed, SplittableRandom rng, LongConsumer progress,
                                  BooleanSupplier stop) {
        long start = System.nanoTime();
        StoppingRule rule = protocol.rule();
        List<double[]> curve = new ArrayList<>();
        long every = Math.max(1, protocol.budget() / CURVE_POINTS);
        long seen = 0;
        long nextPoint = every;
        boolean success = false;
        boolean interrupted = false;
        int batch = learner.batchSize();
        while (seen < protocol.budget()) {
            List<Sequence> sequences = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                sequences.add(protocol.nextExemplar());
            }
            List<double[][]> outputs = learner.train(sequences);
            for (int i = 0; i < batch; i++) {
                Sequence s = sequences.get(i);
                double[][] y = outputs.get(i);
                rule.record(s, y, task.loss().of(s, y), task.criterion().isCorrect(s, y));
            }
            seen += batch;
            progress.accept(seen);
            if (seen >= nextPoint) {
                curve.add(new double[] {seen, rule.recentLoss()});
                nextPoint += every;
            }
            if (!protocol.fixedBudget() && rule.satisfied(learner, seen)) {
                success = true;
                break;
            }
            if (stop.getAsBoolean()) {
                interrupted = true;
                break;
            }
        }
        curve.add(new double[] {seen, rule.recentLoss()});
        TestSetEvaluation test = null;
        if (protocol.testSize() > 0 && !interrupted) {
            List<Sequence> testSet = task.sample(rng, protocol.testSize());
            test = TestSetEvaluation.of(task, testSet, learner.predictAll(testSet));
        }
        if (protocol.fixedBudget() && test != null) {
            double loss = test.meanLoss();
            success = task.baseline().map(b -> loss < 0.1 * b.expectedLoss()).orElse(false);
        }
        return new TrialResult(task.id(), parameterText(task), impl, cell.key(), seed, success, seen, interrupted,
                test == null ? 0 : test.sequences(), test == null ? 0 : test.wrong(),
                test == null ? Double.NaN : test.meanLoss(), (System.nanoTime() - start) / 1e9, curve);
    }

    /** The task's parameters as "name=value,..." in the task's declared order, e.g. "q=1000,p=50". */
    public static String parameterText(DelayTask task) {
        StringBuilder sb = new StringBuilder();
        task.parameters().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
