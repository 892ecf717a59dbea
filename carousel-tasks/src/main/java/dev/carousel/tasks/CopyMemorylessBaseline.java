package dev.carousel.tasks;

/**
 * The memoryless strategy of Arjovsky, Shah &amp; Bengio 2016 for the copy task: predict "blank" with certainty for
 * the first T+10 steps and the uniform distribution over the 8 data symbols for the last 10. Its cross-entropy,
 * averaged over all T+20 steps, is
 *
 * <pre>
 *   L = 10 · ln 8 / (T + 20)
 * </pre>
 *
 * It is the optimal predictor among those that see only the step index.
 */
public record CopyMemorylessBaseline(int delay) implements TrivialBaseline {

    public CopyMemorylessBaseline {
        if (delay < 1) {
            throw new IllegalArgumentException("delay T must be >= 1, got " + delay);
        }
    }

    @Override
    public double[][] predict(Sequence sequence) {
        int steps = delay + 2 * CopyMemory.DATA_LENGTH;
        if (sequence.length() != steps || sequence.outputSize() != CopyMemory.OUTPUT_CLASSES) {
            throw new IllegalArgumentException("expected a copy sequence of " + steps + " steps and "
                    + CopyMemory.OUTPUT_CLASSES + " outputs, got " + sequence.length() + " steps and "
                    + sequence.outputSize() + " outputs");
        }
        double[][] y = new double[steps][CopyMemory.OUTPUT_CLASSES];
        for (int t = 0; t < steps; t++) {
            if (t < steps - CopyMemory.DATA_LENGTH) {
                y[t][CopyMemory.BLANK] = 1.0;
            } else {
                for (int k = 1; k <= CopyMemory.DATA_SYMBOLS; k++) {
                    y[t][k] = 1.0 / CopyMemory.DATA_SYMBOLS;
                }
            }
        }
        return y;
    }

    @Override
    public double expectedLoss() {
        return CopyMemory.DATA_LENGTH * Math.log(CopyMemory.DATA_SYMBOLS) / (delay + 2 * CopyMemory.DATA_LENGTH);
    }

    @Override
    public String description() {
        return "memoryless: blank for T+10 steps, uniform over the 8 data symbols for the last 10; "
                + "cross-entropy 10 ln 8 / (T+20)";
    }
}
