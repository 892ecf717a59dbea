package dev.carousel.bench.harness;

import java.util.List;

/**
 * One trial's outcome.
 *
 * @param task            task id
 * @param parameters      task parameters, e.g. "T=100"
 * @param impl            backend (reference, dl4j, djl)
 * @param cell            cell choice
 * @param seed            the trial's seed
 * @param success         the stopping criterion was met within the budget (modern tasks: test loss &lt; 0.1 x
 *                        baseline)
 * @param sequences       training sequences presented (at success, else when stopped)
 * @param interrupted     stopped by the user before success or budget
 * @param testSize        final test sequences (0 when none)
 * @param testWrong       of those, processed incorrectly by the paper's criterion
 * @param testLoss        mean task loss on the test set (NaN when none)
 * @param seconds         wall-clock seconds
 * @param curve           learning curve: (sequences seen, mean training loss of the recent window)
 */
public record TrialResult(String task, String parameters, String impl, String cell, long seed, boolean success,
                          long sequences, boolean interrupted, int testSize, int testWrong, double testLoss,
                          double seconds, List<double[]> curve) {
}
