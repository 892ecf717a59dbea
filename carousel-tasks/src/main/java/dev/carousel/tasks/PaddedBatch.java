package dev.carousel.tasks;

import java.util.List;

/**
 * A minibatch of sequences of different lengths, right-padded with zeros to the longest one, in the layout of
 * {@code dev.carousel.reference.RecurrentLayer} ([batch][time][features], masks [batch][time] of 0/1):
 *
 * <pre>
 *   inputs[b][t][i]   = sequence b's input at step t,  0 for t ≥ lengths[b]
 *   targets[b][t][k]  = sequence b's target at step t, 0 for t ≥ lengths[b]
 *   inputMask[b][t]   = 1 for t &lt; lengths[b]                 (which steps exist)
 *   targetMask[b][t]  = 1 where sequence b's step t carries error (a subset of inputMask)
 * </pre>
 *
 * The batch keeps its source {@link Sequence}s for criteria and baselines. Budget accounting in the 1997 protocol
 * counts sequence presentations: a batch contributes {@link #sequenceCount()} of them, whatever the update rule.
 */
public record PaddedBatch(double[][][] inputs, double[][][] targets, double[][] inputMask, double[][] targetMask,
                          int[] lengths, List<Sequence> sequences) {

    /** Pads {@code sequences} (at least one, all with the same input and output widths). */
    public static PaddedBatch of(List<Sequence> sequences) {
        if (sequences == null || sequences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sequence, got "
                    + (sequences == null ? "null" : "0"));
        }
        int inputSize = sequences.get(0).inputSize();
        int outputSize = sequences.get(0).outputSize();
        int batch = sequences.size();
        int maxLength = 0;
        for (int b = 0; b < batch; b++) {
            Sequence s = sequences.get(b);
            if (s.inputSize() != inputSize || s.outputSize() != outputSize) {
                throw new IllegalArgumentException("sequence " + b + ": expected " + inputSize + " inputs and "
                        + outputSize + " outputs (as sequence 0), got " + s.inputSize() + " and " + s.outputSize());
            }
            maxLength = Math.max(maxLength, s.length());
        }
        double[][][] x = new double[batch][maxLength][inputSize];
        double[][][] d = new double[batch][maxLength][outputSize];
        double[][] inMask = new double[batch][maxLength];
        double[][] tMask = new double[batch][maxLength];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            Sequence s = sequences.get(b);
            lengths[b] = s.length();
            for (int t = 0; t < s.length(); t++) {
                System.arraycopy(s.inputs()[t], 0, x[b][t], 0, inputSize);
                System.arraycopy(s.targets()[t], 0, d[b][t], 0, outputSize);
                inMask[b][t] = 1.0;
                tMask[b][t] = s.targetMask()[t] ? 1.0 : 0.0;
            }
        }
        return new PaddedBatch(x, d, inMask, tMask, lengths, List.copyOf(sequences));
    }

    /** Number of sequences B (the count to add to a sequence budget). */
    public int sequenceCount() {
        return lengths.length;
    }

    /** The padded length Tmax. */
    public int maxLength() {
        return inputs[0].length;
    }
}
