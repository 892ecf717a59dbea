package dev.carousel.tasks;

import java.util.List;

/**
 * The summary the paper's stopping and test rules read off a set of sequences and the network's outputs:
 *
 * <pre>
 *   wrong            = #{ sequences the task's criterion rejects }             ("# wrong predictions", ST1)
 *   meanLoss         = mean over sequences of the task loss                    (training/test error, ST3)
 *   meanAbsEndError  = mean over sequences and outputs of |y_k(end) − d*_k(end)|  (ST2, 3c "average difference")
 * </pre>
 *
 * d* are the noise-free {@link Sequence#idealTargets()}; "end" is each sequence's last step carrying error.
 */
public record TestSetEvaluation(int sequences, int wrong, double meanLoss, double meanAbsEndError) {

    /** Evaluates {@code outputs.get(i)} (shape [T_i][O]) against {@code sequences.get(i)} under {@code task}. */
    public static TestSetEvaluation of(DelayTask task, List<Sequence> sequences, List<double[][]> outputs) {
        if (sequences.size() != outputs.size()) {
            throw new IllegalArgumentException("expected one output array per sequence (" + sequences.size()
                    + "), got " + outputs.size());
        }
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("need at least one sequence, got 0");
        }
        int wrong = 0;
        double loss = 0.0;
        double absEnd = 0.0;
        for (int i = 0; i < sequences.size(); i++) {
            Sequence s = sequences.get(i);
            double[][] y = outputs.get(i);
            if (!task.criterion().isCorrect(s, y)) {
                wrong++;
            }
            loss += task.loss().of(s, y);
            int end = s.lastTargetStep();
            double a = 0.0;
            for (int k = 0; k < s.outputSize(); k++) {
                a += Math.abs(y[end][k] - s.idealTargets()[end][k]);
            }
            absEnd += a / s.outputSize();
        }
        int n = sequences.size();
        return new TestSetEvaluation(n, wrong, loss / n, absEnd / n);
    }

    /** The fraction of sequences processed wrongly ("fraction misclassified" of Tables 4–6). */
    public double wrongFraction() {
        return wrong / (double) sequences;
    }
}
