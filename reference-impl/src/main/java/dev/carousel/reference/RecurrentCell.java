package dev.carousel.reference;

/**
 * One time step of a recurrent network (the maths of equations.md sections 1-2), separate from the loop over time
 * (that is {@link RecurrentLayer}). A state is an array of vectors: {h} for a GRU or tanh RNN, {h, c} for an LSTM;
 * the step's output is always the new h.
 */
public interface RecurrentCell {

    int inputSize();

    int hiddenSize();

    /** Number of state vectors: 1 (h) or 2 (h, c). */
    int stateCount();

    ParamSet params();

    /** Computes one step from input x and the previous state; the returned step remembers what backward needs. */
    Step forward(double[] x, double[][] state);

    /**
     * Back-propagates through one step.
     *
     * @param step   what {@link #forward} returned
     * @param dState dLoss/d(new state), one vector per state vector, the output's gradient already added to dh
     * @param dx     receives dLoss/dx (added)
     * @return dLoss/d(previous state); parameter gradients are added to {@link #params()}
     */
    double[][] backward(Step step, double[][] dState, double[] dx);

    /** A fresh zero state. */
    default double[][] zeroState() {
        double[][] s = new double[stateCount()][];
        for (int k = 0; k < s.length; k++) {
            s[k] = new double[hiddenSize()];
        }
        return s;
    }

    /** The result of one forward step: the new state (state()[0] is h) and the cell's cache. */
    interface Step {
        double[][] state();

        default double[] h() {
            return state()[0];
        }
    }
}
