package dev.carousel.reference;

import java.util.Arrays;

/** Sequence masks (equations.md section 3): mask[b][t] is 1 where step t of sequence b is real, 0 where padded. */
public final class Masks {
    private Masks() {
    }

    /** The prefix mask of per-sequence lengths: mask[b][t] = 1 for t &lt; lengths[b]. */
    public static double[][] fromLengths(int[] lengths, int time) {
        double[][] mask = new double[lengths.length][time];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > time) {
                throw new IllegalArgumentException("lengths[" + b + "] must be in [0, " + time + "], got "
                        + lengths[b]);
            }
            Arrays.fill(mask[b], 0, lengths[b], 1.0);
        }
        return mask;
    }

    /** All ones: every step valid. */
    public static double[][] full(int batch, int time) {
        double[][] mask = new double[batch][time];
        for (double[] row : mask) {
            Arrays.fill(row, 1.0);
        }
        return mask;
    }

    /** Checks a mask's shape [batch, time] and that every entry is 0 or 1. */
    public static void check(double[][] mask, int batch, int time) {
        if (mask.length != batch) {
            throw new IllegalArgumentException("mask: expected " + batch + " rows (batch), got " + mask.length);
        }
        for (int b = 0; b < batch; b++) {
            if (mask[b].length != time) {
                throw new IllegalArgumentException("mask row " + b + ": expected " + time + " steps, got "
                        + mask[b].length);
            }
            for (int t = 0; t < time; t++) {
                if (mask[b][t] != 0.0 && mask[b][t] != 1.0) {
                    throw new IllegalArgumentException("mask[" + b + "][" + t + "] must be 0 or 1, got " + mask[b][t]);
                }
            }
        }
    }
}
