package dev.carousel.bench.report;

/**
 * The FLOP model of docs/benchmarks.md ("FLOP model") (GEMMs only, point-wise work ignored), per sample per time step, forward:
 * LSTM (peepholes add only O(H)) 8H(I+H), GRU 6H(I+H), tanh RNN 2H(I+H). A training step (forward + backward)
 * counts 3x the forward.
 */
public final class FlopModel {
    private FlopModel() {
    }

    /** Gate count G of a cell name ("lstm", "peephole", "graves", "gru*", "rnn"); the forward cost is 2 G H (I+H). */
    public static int gates(String cell) {
        String c = cell.toLowerCase(java.util.Locale.ROOT);
        if (c.startsWith("gru")) {
            return 3;
        }
        if (c.startsWith("rnn")) {
            return 1;
        }
        return 4;
    }

    /** Forward FLOPs for a batch: 2 G H (I + H) B T. */
    public static double forward(String cell, long batch, long time, long input, long hidden) {
        return 2.0 * gates(cell) * hidden * (input + hidden) * batch * time;
    }

    /** Training-step FLOPs: 3x forward. */
    public static double trainStep(String cell, long batch, long time, long input, long hidden) {
        return 3.0 * forward(cell, batch, time, input, hidden);
    }
}
