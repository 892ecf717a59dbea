package dev.carousel.bench.harness;

import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.Sequence;
import java.util.List;

/**
 * A learner judged on a set of sequences: how many the task's criterion calls wrong, the mean task loss and the mean
 * absolute error of every output at the sequence end (against the noise-free targets).
 */
public record Evaluation(int size, int wrong, double meanLoss, double meanAbsEndError) {

    public static Evaluation of(DelayTask task, SequenceLearner learner, List<Sequence> sequences) {
        int wrong = 0;
        double loss = 0;
        double abs = 0;
        for (Sequence s : sequences) {
            double[][] y = learner.predict(s);
            if (!task.criterion().isCorrect(s, y)) {
                wrong++;
            }
            loss += task.loss().of(s, y);
            int t = s.lastTargetStep();
            double a = 0;
            for (int k = 0; k < y[t].length; k++) {
                a += Math.abs(y[t][k] - s.idealTargets()[t][k]);
            }
            abs += a / y[t].length;
        }
        int n = sequences.size();
        return new Evaluation(n, wrong, loss / n, abs / n);
    }
}
