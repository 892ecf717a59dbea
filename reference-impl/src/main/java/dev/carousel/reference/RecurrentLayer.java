package dev.carousel.reference;

import java.util.Arrays;

/**
 * The loop over time around a {@link RecurrentCell}: batch-first input [B][T][I], a 0/1 mask [B][T], initial
 * states, and exact backpropagation through time.
 *
 * <p>Masking (equations.md section 3): at a masked step the output is 0, the state is carried unchanged, and no
 * gradient flows back through the step. With a prefix mask this is PyTorch's packed-sequence semantics: the final
 * state is the state after step L_b. A reversed layer runs t = T-1 .. 0, which with a prefix mask starts at step
 * L_b - 1 (the backward half of a bidirectional layer).
 */
public final class RecurrentLayer {
    private final RecurrentCell cell;
    private final boolean reversed;

    public RecurrentLayer(RecurrentCell cell) {
        this(cell, false);
    }

    public RecurrentLayer(RecurrentCell cell, boolean reversed) {
        this.cell = cell;
        this.reversed = reversed;
    }

    public RecurrentCell cell() {
        return cell;
    }

    public boolean reversed() {
        return reversed;
    }

    /**
     * Runs the layer.
     *
     * @param x            input [B][T][I]
     * @param mask         [B][T] of 0/1, or null for all steps valid
     * @param initialState [stateCount][B][H] (h0, and c0 for an LSTM), or null for zeros
     */
    public Forward forward(double[][][] x, double[][] mask, double[][][] initialState) {
        int batch = x.length;
        int time = batch == 0 ? 0 : x[0].length;
        checkInput(x, batch, time);
        double[][] m = mask == null ? Masks.full(batch, time) : mask;
        Masks.check(m, batch, time);
        int nH = cell.hiddenSize();
        int ns = cell.stateCount();
        if (initialState != null) {
            checkState("initial state", initialState, batch);
        }
        double[][][] y = new double[batch][time][nH];
        double[][][] last = new double[ns][batch][];
        RecurrentCell.Step[][] steps = new RecurrentCell.Step[batch][time];
        for (int b = 0; b < batch; b++) {
            double[][] state = cell.zeroState();
            for (int k = 0; k < ns && initialState != null; k++) {
                state[k] = initialState[k][b].clone();
            }
            for (int n = 0; n < time; n++) {
                int t = reversed ? time - 1 - n : n;
                if (m[b][t] == 0.0) {
                    continue;                         // masked: y stays 0, state carried
                }
                RecurrentCell.Step s = cell.forward(x[b][t], state);
                steps[b][t] = s;
                state = s.state();
                System.arraycopy(s.h(), 0, y[b][t], 0, nH);
            }
            for (int k = 0; k < ns; k++) {
                last[k][b] = state[k].clone();
            }
        }
        return new Forward(y, last, steps, m);
    }

    /**
     * Backpropagation through time. Parameter gradients are added to the cell's parameters.
     *
     * @param fwd         what {@link #forward} returned
     * @param dy          dLoss/dy [B][T][H] (ignored at masked steps), or null
     * @param dFinalState dLoss/d(final state) [stateCount][B][H], or null
     */
    public Gradients backward(Forward fwd, double[][][] dy, double[][][] dFinalState) {
        int batch = fwd.y.length;
        int time = batch == 0 ? 0 : fwd.y[0].length;
        int nH = cell.hiddenSize();
        int ns = cell.stateCount();
        double[][][] dx = new double[batch][time][cell.inputSize()];
        double[][][] dInit = new double[ns][batch][];
        for (int b = 0; b < batch; b++) {
            double[][] dState = cell.zeroState();
            for (int k = 0; k < ns && dFinalState != null; k++) {
                dState[k] = dFinalState[k][b].clone();
            }
            for (int n = time - 1; n >= 0; n--) {
                int t = reversed ? time - 1 - n : n;
                RecurrentCell.Step s = fwd.steps[b][t];
                if (s == null) {
                    continue;                         // masked: the state gradient passes through unchanged
                }
                if (dy != null) {
                    for (int j = 0; j < nH; j++) {
                        dState[0][j] += dy[b][t][j];
                    }
                }
                dState = cell.backward(s, dState, dx[b][t]);
            }
            for (int k = 0; k < ns; k++) {
                dInit[k][b] = dState[k];
            }
        }
        return new Gradients(dx, dInit);
    }

    private void checkInput(double[][][] x, int batch, int time) {
        for (int b = 0; b < batch; b++) {
            if (x[b].length != time) {
                throw new IllegalArgumentException("input: sequence " + b + " has " + x[b].length
                        + " steps, expected " + time + " (pad and mask instead)");
            }
            for (int t = 0; t < time; t++) {
                if (x[b][t].length != cell.inputSize()) {
                    throw new IllegalArgumentException("input: expected " + cell.inputSize() + " features at [" + b
                            + "][" + t + "], got " + x[b][t].length);
                }
                for (double v : x[b][t]) {
                    if (Double.isNaN(v)) {
                        throw new IllegalArgumentException("input: NaN at [" + b + "][" + t + "]");
                    }
                }
            }
        }
    }

    private void checkState(String what, double[][][] state, int batch) {
        if (state.length != cell.stateCount()) {
            throw new IllegalArgumentException(what + ": expected " + cell.stateCount() + " state arrays, got "
                    + state.length);
        }
        double[][] zero = cell.zeroState();
        for (int k = 0; k < state.length; k++) {
            if (state[k].length != batch) {
                throw new IllegalArgumentException(what + " " + k + ": expected batch " + batch + ", got "
                        + state[k].length);
            }
            for (double[] v : state[k]) {
                if (v.length != zero[k].length) {
                    throw new IllegalArgumentException(what + " " + k + ": expected size " + zero[k].length
                            + ", got " + v.length);
                }
            }
        }
    }

    /** Outputs y [B][T][H] (0 at masked steps), final states [stateCount][B][H], and the per-step caches. */
    public static final class Forward {
        public final double[][][] y;
        public final double[][][] finalState;
        final RecurrentCell.Step[][] steps;
        public final double[][] mask;

        Forward(double[][][] y, double[][][] finalState, RecurrentCell.Step[][] steps, double[][] mask) {
            this.y = y;
            this.finalState = finalState;
            this.steps = steps;
            this.mask = mask;
        }

        /** h_n [B][H]. */
        public double[][] hN() {
            return finalState[0];
        }

        /** c_n [B][H] (LSTM only). */
        public double[][] cN() {
            if (finalState.length < 2) {
                throw new IllegalStateException("this cell has no cell state");
            }
            return finalState[1];
        }
    }

    /** dLoss/dx [B][T][I] and dLoss/d(initial state) [stateCount][B][H]. */
    public record Gradients(double[][][] dx, double[][][] dInitialState) {
        @Override
        public String toString() {
            return "Gradients" + Arrays.deepToString(dx);
        }
    }
}
