package dev.carousel.tasks;

/**
 * A predictor that ignores the inputs (it may use the step index and the length), with the expected value of the
 * task's {@link LossKind} under the task's generator. A trained network is only interesting once it beats it.
 */
public interface TrivialBaseline {

    /** Outputs {@code [T][O]} for this sequence, computed without looking at its inputs or targets. */
    double[][] predict(Sequence sequence);

    /** The exact expectation of the task loss of {@link #predict} over the generator's distribution. */
    double expectedLoss();

    /** How the baseline predicts and where its loss comes from. */
    String description();
}
