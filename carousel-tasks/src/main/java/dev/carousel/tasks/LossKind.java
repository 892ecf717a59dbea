package dev.carousel.tasks;

/**
 * The per-sequence loss a task is trained with, averaged over the steps that carry error.
 *
 * <pre>
 *   MSE:           L = (1/|M|) Σ_{t∈M} (1/O) Σ_k (y_k(t) − d_k(t))²
 *   CROSS_ENTROPY: L = (1/|M|) Σ_{t∈M} −ln y_{c(t)}(t),   c(t) = argmax_k d_k(t), y(t) a probability vector
 * </pre>
 *
 * M is the set of steps with {@code targetMask[t]} true, d the training targets, O the output width. The 1997
 * experiments all use squared error (logistic output units); only the copy-memory task uses cross-entropy.
 */
public enum LossKind {
    MSE,
    CROSS_ENTROPY;

    /** The loss of one sequence for network outputs {@code outputs[T][O]} (probabilities for CROSS_ENTROPY). */
    public double of(Sequence sequence, double[][] outputs) {
        checkOutputs(sequence, outputs);
        double sum = 0.0;
        int count = 0;
        for (int t = 0; t < sequence.length(); t++) {
            if (!sequence.targetMask()[t]) {
                continue;
            }
            double[] y = outputs[t];
            double[] d = sequence.targets()[t];
            if (this == MSE) {
                double s = 0.0;
                for (int k = 0; k < d.length; k++) {
                    double e = y[k] - d[k];
                    s += e * e;
                }
                sum += s / d.length;
            } else {
                int c = argmax(d);
                sum += -Math.log(y[c]);
            }
            count++;
        }
        return sum / count;
    }

    static void checkOutputs(Sequence sequence, double[][] outputs) {
        if (outputs == null || outputs.length != sequence.length()) {
            throw new IllegalArgumentException("outputs: expected " + sequence.length() + " steps, got "
                    + (outputs == null ? "null" : outputs.length));
        }
        for (int t = 0; t < outputs.length; t++) {
            if (outputs[t].length != sequence.outputSize()) {
                throw new IllegalArgumentException("outputs[" + t + "]: expected " + sequence.outputSize()
                        + " outputs, got " + outputs[t].length);
            }
        }
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
