package dev.carousel.verify.vectors;

import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;

/**
 * What one test case computes: the contents of its {@code case.json} (test-vectors.md). Batch B, time T, input I,
 * hidden H; for an LSTM the variant flags of equations.md section 1, for a GRU the reset position of section 2.
 * The LSTM-only fields of a GRU case hold their defaults (no peepholes, forget gate, no CIFG, tanh/tanh).
 *
 * @param cell               lstm or gru
 * @param batch              B
 * @param time               T
 * @param input              I
 * @param hidden             H
 * @param variableLength     whether the sequences have their own lengths (else all are T long)
 * @param peephole           lstm: p_i, p_f, p_o present
 * @param resetAfter         gru: reset-after (cuDNN/PyTorch) instead of reset-before (Cho 2014)
 * @param forgetGate         lstm: forget gate (false: the 1997 LSTM, f = 1)
 * @param coupledInputForget lstm: CIFG, i = 1 - f
 * @param cellActivation     lstm: act_g
 * @param outputActivation   lstm: act_h
 */
public record CaseConfig(CellType cell, int batch, int time, int input, int hidden, boolean variableLength,
                         boolean peephole, boolean resetAfter, boolean forgetGate, boolean coupledInputForget,
                         Activation cellActivation, Activation outputActivation) implements VectorConfig {

    public CaseConfig {
        if (cell == null || cellActivation == null || outputActivation == null) {
            throw new IllegalArgumentException("cell and activations must not be null");
        }
        if (batch <= 0 || time <= 0 || input <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("batch, time, input and hidden must be positive, got batch=" + batch
                    + " time=" + time + " input=" + input + " hidden=" + hidden);
        }
        if (cell == CellType.LSTM) {
            if (coupledInputForget && !forgetGate) {
                throw new IllegalArgumentException(
                        "coupled_input_forget (i = 1 - f) needs the forget gate; got forget_gate=false");
            }
            if (resetAfter) {
                throw new IllegalArgumentException("reset_after is a GRU setting; this is an lstm case");
            }
        } else if (peephole || !forgetGate || coupledInputForget || cellActivation != Activation.TANH
                || outputActivation != Activation.TANH) {
            throw new IllegalArgumentException("peephole, forget_gate, coupled_input_forget and the activations are "
                    + "LSTM settings; this is a gru case");
        }
    }

    /** An LSTM case of the given spec. */
    public static CaseConfig lstm(LstmSpec spec, int batch, int time, boolean variableLength) {
        return new CaseConfig(CellType.LSTM, batch, time, spec.inputSize(), spec.hiddenSize(), variableLength,
                spec.peepholes(), false, spec.forgetGate(), spec.coupledInputForget(), spec.cellActivation(),
                spec.outputActivation());
    }

    /** A GRU case of the given spec. */
    public static CaseConfig gru(GruSpec spec, int batch, int time, boolean variableLength) {
        return new CaseConfig(CellType.GRU, batch, time, spec.inputSize(), spec.hiddenSize(), variableLength,
                false, spec.resetAfter(), true, false, Activation.TANH, Activation.TANH);
    }

    /** The LSTM this case computes; only for an lstm case. */
    public LstmSpec lstmSpec() {
        if (cell != CellType.LSTM) {
            throw new IllegalStateException("not an lstm case: " + this);
        }
        return new LstmSpec(input, hidden, peephole, forgetGate, coupledInputForget, cellActivation,
                outputActivation);
    }

    /** The GRU this case computes; only for a gru case. */
    public GruSpec gruSpec() {
        if (cell != CellType.GRU) {
            throw new IllegalStateException("not a gru case: " + this);
        }
        return new GruSpec(input, hidden, resetAfter);
    }

    /** G * H, the rows of the gate matrices. */
    public int gateRows() {
        return cell.gates() * hidden;
    }

    /** A short description of the variant, e.g. "lstm peephole cifg tanh/tanh" or "gru reset-after". */
    @Override
    public String variant() {
        if (cell == CellType.GRU) {
            return "gru " + (resetAfter ? "reset-after" : "reset-before");
        }
        StringBuilder sb = new StringBuilder("lstm ");
        sb.append(peephole ? "peephole" : "np");
        if (!forgetGate) {
            sb.append(" nfg");
        }
        if (coupledInputForget) {
            sb.append(" cifg");
        }
        sb.append(' ').append(cellActivation.key()).append('/').append(outputActivation.key());
        return sb.toString();
    }
}
