package dev.carousel.spec.layout;

import dev.carousel.spec.LstmSpec;

/**
 * Row selection for the LSTM variants (equations.md section 1): which gate blocks a variant has parameters for, and
 * where each one sits when only those are packed (Carousel's DL4J and DJL parameters both pack this way).
 *
 * <p>The weight matrices (DL4J: {@code W} [nIn, G*H] and {@code RW} [H, G*H]; DJL: the transposes) and the bias
 * {@code b} [G*H] hold one
 * block of width H per gate that the variant has, in the order i, f, g, o (the interchange order of equations.md
 * section 1), skipping the gates a variant lacks: no i block under CIFG (i = 1 - f), no f block without a forget
 * gate (NFG, f = 1). So G = 4 for the standard and NP variants and G = 3 for CIFG and NFG. The peephole vector
 * {@code P} [nP*H] holds p_i, p_f, p_o in that order, again only for the gates that exist.
 */
public final class LstmGateLayout {
    /** Hidden size H. */
    public final int hidden;
    /** Number of gate blocks G. */
    public final int gates;
    /** Column offsets of the i, f, g, o blocks, -1 where the gate has no parameters. */
    public final int colI;
    public final int colF;
    public final int colG;
    public final int colO;
    /** Whether p_i, p_f, p_o exist. */
    public final boolean peepholes;
    /** Offsets of p_i, p_f, p_o inside P, -1 where absent. */
    public final int peepI;
    public final int peepF;
    public final int peepO;
    /** Number of peephole vectors. */
    public final int peepCount;

    public LstmGateLayout(int hidden, boolean peepholes, boolean forgetGate, boolean coupledInputForget) {
        if (coupledInputForget && !forgetGate) {
            throw new IllegalArgumentException("coupledInputForget (i = 1 - f) needs the forget gate; got forgetGate=false");
        }
        this.hidden = hidden;
        int col = 0;
        colI = coupledInputForget ? -1 : col++ * hidden;
        colF = forgetGate ? col++ * hidden : -1;
        colG = col++ * hidden;
        colO = col++ * hidden;
        gates = col;
        this.peepholes = peepholes;
        int p = 0;
        if (peepholes) {
            peepI = colI >= 0 ? p++ * hidden : -1;
            peepF = colF >= 0 ? p++ * hidden : -1;
            peepO = p++ * hidden;
        } else {
            peepI = -1;
            peepF = -1;
            peepO = -1;
        }
        peepCount = p;
    }

    /** The layout of a spec's variant. */
    public static LstmGateLayout of(LstmSpec spec) {
        return new LstmGateLayout(spec.hiddenSize(), spec.peepholes(), spec.forgetGate(), spec.coupledInputForget());
    }

    /** G*H, the width of the packed gate blocks. */
    public int width() {
        return gates * hidden;
    }

    public boolean hasInputGate() {
        return colI >= 0;
    }

    public boolean hasForgetGate() {
        return colF >= 0;
    }
}
