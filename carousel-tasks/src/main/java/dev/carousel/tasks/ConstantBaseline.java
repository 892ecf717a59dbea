package dev.carousel.tasks;

import java.util.Arrays;

/** Predicts the same output vector at every step; {@code expectedLoss} is derived analytically by the task. */
public record ConstantBaseline(double[] output, double expectedLoss, String description) implements TrivialBaseline {

    public ConstantBaseline {
        if (output == null || output.length == 0) {
            throw new IllegalArgumentException("output must be a non-empty vector");
        }
        output = output.clone();
    }

    @Override
    public double[][] predict(Sequence sequence) {
        if (sequence.outputSize() != output.length) {
            throw new IllegalArgumentException("sequence has " + sequence.outputSize() + " outputs, baseline has "
                    + output.length);
        }
        double[][] y = new double[sequence.length()][];
        for (int t = 0; t < y.length; t++) {
            y[t] = output.clone();
        }
        return y;
    }

    @Override
    public String toString() {
        return "ConstantBaseline" + Arrays.toString(output) + " loss=" + expectedLoss + " (" + description + ")";
    }
}
