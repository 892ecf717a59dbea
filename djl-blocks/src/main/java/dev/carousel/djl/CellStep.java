package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;

/**
 * One step of the LSTM ({@link PeepholeLstmCell}, equations.md section 1) or GRU ({@link GruCell}, section 2) for
 * loops that drive a cell themselves rather than through {@link TimeLoop}, such as attention decoders, whose input
 * at step t depends on step t - 1:
 *
 * <pre>
 *   a_t   = x_t W_ih^T + inputBias()               (the caller computes it, possibly in parts)
 *   s_t   = cell( a_t, s_{t-1} )                    s = {h, c} (LSTM) or {h} (GRU)
 *   inputBias() = b_ih + b_hh                       LSTM and reset-before GRU (all of b_hh is outside the reset)
 *   inputBias() = b_ih                              reset-after GRU (b_hn stays inside r . (U_n h + b_hn))
 * </pre>
 *
 * The maths is the cells' own (the same code as {@link PeepholeLSTM} and {@link GRU} run), only exposed here. Arrays
 * derived from parameters (bias sums, split or concatenated weights) are attached to the manager given at
 * construction, so none piles up in the parameters' manager.
 */
public final class CellStep {
    private final PeepholeLstmCell lstm;
    private final GruCell gru;
    private final long hidden;
    private final NDArray inputBias;

    private CellStep(PeepholeLstmCell lstm, GruCell gru, long hidden, NDArray inputBias) {
        this.lstm = lstm;
        this.gru = gru;
        this.hidden = hidden;
        this.inputBias = inputBias;
    }

    /**
     * An LSTM step with all four gates ({@code spec} without forget gate or with CIFG is refused: the decoders use
     * the interchange layout with 4H rows).
     *
     * @param spec    flags and activations (peepholes on or off)
     * @param wHh     U [4H, H]
     * @param bIh     b_ih [4H]
     * @param bHh     b_hh [4H]
     * @param pI      p_i [H] or null (no peepholes)
     * @param pF      p_f [H] or null
     * @param pO      p_o [H] or null
     * @param manager where the derived arrays live (the batch's or the decode's manager)
     */
    public static CellStep lstm(LstmSpec spec, NDArray wHh, NDArray bIh, NDArray bHh, NDArray pI, NDArray pF,
                                NDArray pO, NDManager manager) {
        if (!spec.forgetGate() || spec.coupledInputForget()) {
            throw new IllegalArgumentException("CellStep.lstm: expected an LSTM with all four gates (i, f, g, o), got "
                    + spec);
        }
        if (spec.peepholes() && (pI == null || pF == null || pO == null)) {
            throw new IllegalArgumentException("CellStep.lstm: the spec has peepholes but p_i, p_f or p_o is null");
        }
        NDArray pIf = null;
        if (spec.peepholes()) {
            pIf = NDArrays.concat(new NDList(pI, pF), 0);
            pIf.attach(manager);
        }
        NDArray bias = bIh.add(bHh);
        bias.attach(manager);
        PeepholeLstmCell cell = new PeepholeLstmCell(spec, wHh, pIf, spec.peepholes() ? pI : null,
                spec.peepholes() ? pF : null, spec.peepholes() ? pO : null);
        return new CellStep(cell, null, spec.hiddenSize(), bias);
    }

    /**
     * A GRU step, reset-after or reset-before.
     *
     * @param spec    I, H, reset position
     * @param wHh     U [3H, H]
     * @param bIh     b_ih [3H]
     * @param bHh     b_hh [3H]
     * @param manager where the derived arrays live
     */
    public static CellStep gru(GruSpec spec, NDArray wHh, NDArray bIh, NDArray bHh, NDManager manager) {
        long h = spec.hiddenSize();
        if (spec.resetAfter()) {
            return new CellStep(null, GruCell.resetAfter(h, wHh, bHh), h, bIh);
        }
        NDList w = wHh.split(new long[] {2 * h}, 0);
        w.attach(manager);
        NDArray bias = bIh.add(bHh);
        bias.attach(manager);
        return new CellStep(null, GruCell.resetBefore(h, w.get(0), w.get(1)), h, bias);
    }

    /** The bias to add to x_t W_ih^T to get the step's input part (see the class comment), [G·H]. */
    public NDArray inputBias() {
        return inputBias;
    }

    /** Number of state arrays: 2 (h, c) or 1 (h). */
    public int stateCount() {
        return lstm != null ? 2 : 1;
    }

    /** H. */
    public long hiddenSize() {
        return hidden;
    }

    /**
     * One step.
     *
     * @param inputPart x_t W_ih^T + {@link #inputBias()}, [B, G·H]
     * @param state     s_{t-1}: {h, c} or {h}, each [B, H]
     * @return s_t, h first
     */
    public NDArray[] step(NDArray inputPart, NDArray[] state) {
        if (state.length != stateCount()) {
            throw new IllegalArgumentException("CellStep: expected " + stateCount() + " state arrays, got "
                    + state.length);
        }
        if (lstm != null) {
            return lstm.step(inputPart, state[0], state[1]);
        }
        NDList parts = inputPart.split(new long[] {2 * hidden}, 1);
        return new NDArray[] {gru.step(parts.get(0), parts.get(1), state[0])};
    }
}
