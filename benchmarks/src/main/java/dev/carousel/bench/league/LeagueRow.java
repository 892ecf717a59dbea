package dev.carousel.bench.league;

import dev.carousel.bench.harness.TrialResult;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One finished league trial, serializable (it travels back from Spark executors).
 *
 * @param task        the task spec the job named (e.g. "4:T=500")
 * @param parameters  the task's parameters ("T=500,...")
 * @param impl        backend
 * @param cell        cell key
 * @param seed        the trial's seed
 * @param success     the task's stopping criterion held within the budget (adding, copy: test loss &lt; 0.1 x the
 *                    trivial baseline)
 * @param sequences   training sequences presented (at success, else the budget)
 * @param interrupted stopped before success or budget
 * @param testSize    final test sequences (0: the stopping rule judged held-out data)
 * @param testWrong   of those, processed incorrectly by the paper's criterion
 * @param testLoss    mean task loss on the test set (NaN when none)
 * @param seconds     wall-clock seconds of the trial
 * @param curve       learning curve: rows of (sequences seen, mean training loss of the recent window)
 */
public record LeagueRow(String task, String parameters, String impl, String cell, long seed, boolean success,
                        long sequences, boolean interrupted, int testSize, int testWrong, double testLoss,
                        double seconds, double[][] curve) implements Serializable {
    private static final long serialVersionUID = 1L;

    static LeagueRow of(String taskSpec, TrialResult r) {
        return new LeagueRow(taskSpec, r.parameters(), r.impl(), r.cell(), r.seed(), r.success(), r.sequences(),
                r.interrupted(), r.testSize(), r.testWrong(), r.testLoss(), r.seconds(),
                r.curve().toArray(new double[0][]));
    }

    /** Test error rate in [0, 1] (wrong / test size), or NaN without a final test. */
    public double testErrorRate() {
        return testSize == 0 ? Double.NaN : (double) testWrong / testSize;
    }

    /** This row with its wall time set to 0 (to compare the rows of two runners). */
    public LeagueRow withoutTiming() {
        return new LeagueRow(task, parameters, impl, cell, seed, success, sequences, interrupted, testSize,
                testWrong, testLoss, 0, curve);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeagueRow r && task.equals(r.task) && parameters.equals(r.parameters)
                && impl.equals(r.impl) && cell.equals(r.cell) && seed == r.seed && success == r.success
                && sequences == r.sequences && interrupted == r.interrupted && testSize == r.testSize
                && testWrong == r.testWrong && Double.compare(testLoss, r.testLoss) == 0
                && Double.compare(seconds, r.seconds) == 0 && Arrays.deepEquals(curve, r.curve);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, impl, cell, seed, sequences);
    }

    @Override
    public String toString() {
        return "LeagueRow[" + impl + " " + cell + " task " + task + " seed " + seed + ": success=" + success
                + ", sequences=" + sequences + ", testWrong=" + testWrong + "/" + testSize + ", testLoss=" + testLoss
                + "]";
    }
}
