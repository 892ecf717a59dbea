package dev.carousel.tasks;

import java.util.Arrays;

/**
 * One example of a long-time-lag task: T input vectors, T target vectors and the steps that carry error.
 *
 * <ul>
 *   <li>{@code inputs[t][i]}, t = 0 … T−1: the input presented at step t (one-hot symbols, or real values).</li>
 *   <li>{@code targets[t][k]}: the training signal at step t (what the loss compares the output with). It may be noisy
 *       (task 3c) or a sampled next symbol (task 1, 2b).</li>
 *   <li>{@code targetMask[t]}: true where step t carries error. Every step for next-symbol prediction (tasks 1, 2a,
 *       2b) and for the copy task; only the last step for the other tasks. Targets are zero where it is false.</li>
 *   <li>{@code idealTargets[t][k]}: the noise-free target the success criterion compares with. The same array as
 *       {@code targets} except in task 3c, where the training target carries Gaussian noise.</li>
 *   <li>{@code legalNext[t][k]}: for next-symbol prediction on a grammar (task 1), true for every symbol k that may
 *       legally follow the prefix ending at step t; {@code null} for the other tasks.</li>
 *   <li>{@code label}: the class of the sequence (task 1: 0 = T, 1 = P embedding; 2a–2c: 0 = x, 1 = y; 3: 0 = class 1
 *       (+1 start, target 1.0 / 0.8), 1 = class 2 (−1 start, target 0.0 / 0.2); 6a/6b: class index), or −1 where the
 *       task has no classes (4, 5, adding, copy).</li>
 * </ul>
 *
 * Arrays are owned by the sequence; callers must not modify them.
 */
public record Sequence(double[][] inputs, double[][] targets, boolean[] targetMask, double[][] idealTargets,
                       boolean[][] legalNext, int label) {

    /** Validates the shapes: every per-step array has T rows, rows of one array have equal widths. */
    public Sequence {
        if (inputs == null || targets == null || targetMask == null || idealTargets == null) {
            throw new IllegalArgumentException("inputs, targets, targetMask and idealTargets must not be null");
        }
        int steps = inputs.length;
        if (steps == 0) {
            throw new IllegalArgumentException("a sequence needs at least one step, got 0");
        }
        requireRows("targets", targets.length, steps);
        requireRows("targetMask", targetMask.length, steps);
        requireRows("idealTargets", idealTargets.length, steps);
        requireWidth("inputs", inputs);
        requireWidth("targets", targets);
        requireWidth("idealTargets", idealTargets);
        if (idealTargets[0].length != targets[0].length) {
            throw new IllegalArgumentException("idealTargets: expected width " + targets[0].length + ", got "
                    + idealTargets[0].length);
        }
        if (legalNext != null) {
            requireRows("legalNext", legalNext.length, steps);
            for (int t = 0; t < steps; t++) {
                if (legalNext[t].length != targets[0].length) {
                    throw new IllegalArgumentException("legalNext[" + t + "]: expected width " + targets[0].length
                            + ", got " + legalNext[t].length);
                }
            }
        }
    }

    /** A sequence whose ideal targets are its training targets, without a legal-next set. */
    public static Sequence of(double[][] inputs, double[][] targets, boolean[] targetMask, int label) {
        return new Sequence(inputs, targets, targetMask, targets, null, label);
    }

    /** The number of steps T. */
    public int length() {
        return inputs.length;
    }

    /** The input width I. */
    public int inputSize() {
        return inputs[0].length;
    }

    /** The output width O. */
    public int outputSize() {
        return targets[0].length;
    }

    /** The index of the last step that carries error (the sequence end for end-of-sequence tasks). */
    public int lastTargetStep() {
        for (int t = targetMask.length - 1; t >= 0; t--) {
            if (targetMask[t]) {
                return t;
            }
        }
        throw new IllegalStateException("sequence has no step carrying error");
    }

    /** Deep equality of every array and the label: the test of seeded reproducibility. */
    public boolean sameContent(Sequence other) {
        return other != null && label == other.label
                && Arrays.deepEquals(inputs, other.inputs)
                && Arrays.deepEquals(targets, other.targets)
                && Arrays.equals(targetMask, other.targetMask)
                && Arrays.deepEquals(idealTargets, other.idealTargets)
                && Arrays.deepEquals(legalNext, other.legalNext);
    }

    private static void requireRows(String name, int rows, int steps) {
        if (rows != steps) {
            throw new IllegalArgumentException(name + ": expected " + steps + " steps (inputs.length), got " + rows);
        }
    }

    private static void requireWidth(String name, double[][] a) {
        int width = a[0].length;
        for (int t = 1; t < a.length; t++) {
            if (a[t].length != width) {
                throw new IllegalArgumentException(name + "[" + t + "]: expected width " + width + ", got "
                        + a[t].length);
            }
        }
    }
}
