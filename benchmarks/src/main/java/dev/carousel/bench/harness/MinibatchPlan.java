package dev.carousel.bench.harness;

import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;

/**
 * The minibatch protocol shared by the framework backends: batches of {@link #BATCH} sequences (padded, with input
 * and target masks), Adam with step {@link #LEARNING_RATE}, and the cell each {@link CellChoice} maps to. The
 * paper's memory-block topology (shared gates, connectivity F) exists only in the reference; {@code lstm1997} is
 * Carousel's LSTM with the 1997 flags (no forget gate, no peepholes, g in [-2, 2], h in [-1, 1]), one unit per
 * paper cell.
 */
public final class MinibatchPlan {
    public static final int BATCH = 32;
    public static final double LEARNING_RATE = 1e-2;

    private MinibatchPlan() {
    }

    /** The LSTM spec of {@code cell} (lstm1997, peephole, np, nfg, cifg); null for the other cells. */
    public static LstmSpec lstmSpec(CellChoice cell, int input, int hidden) {
        return cell.lstmSpec(input, hidden);
    }

    /** The GRU spec of {@code cell} (gru: reset-after, gru-before: reset-before); null otherwise. */
    public static GruSpec gruSpec(CellChoice cell, int input, int hidden) {
        return cell.gruSpec(input, hidden);
    }

    /** Splits batched outputs [B][Tmax][O] into one [T_b][O] array per sequence. */
    static java.util.List<double[][]> unpad(double[][][] out, int[] lengths) {
        java.util.List<double[][]> list = new java.util.ArrayList<>(lengths.length);
        for (int b = 0; b < lengths.length; b++) {
            list.add(java.util.Arrays.copyOf(out[b], lengths[b]));
        }
        return list;
    }
}
