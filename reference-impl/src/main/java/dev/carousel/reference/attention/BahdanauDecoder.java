package dev.carousel.reference.attention;

import dev.carousel.reference.ParamSet;
import dev.carousel.reference.RecurrentCell;

/**
 * The Bahdanau decoder step (equations.md section 5): attention reads with the PREVIOUS state,
 *
 * <pre>
 *   a_t   = attend( h(s_{t-1}), e )               (context; the query is the previous hidden state)
 *   s_t   = cell( [ y_{t-1} ; a_t ], s_{t-1} )    (cell input size M + E)
 *   out_t = [ h(s_t) ; a_t ]                      (size H_dec + E)
 * </pre>
 *
 * Parameters: the cell's only (w_ih [gates*H_dec, M+E], w_hh, b_ih, b_hh, ...).
 */
public final class BahdanauDecoder extends AttentionDecoder {
    private final int nH;
    private final int nE;

    public BahdanauDecoder(RecurrentCell cell, Attention attention, int embeddingSize) {
        super(cell, attention, embeddingSize);
        this.nH = cell.hiddenSize();
        this.nE = attention.score().encoderSize();
        if (cell.inputSize() != embeddingSize + nE) {
            throw new IllegalArgumentException("Bahdanau decoder: the cell input must be M + E = " + embeddingSize
                    + " + " + nE + ", got " + cell.inputSize());
        }
    }

    @Override
    public ParamSet params() {
        return cell.params();
    }

    @Override
    public int outputSize() {
        return nH + nE;
    }

    @Override
    public int feedSize() {
        return 0;
    }

    @Override
    public Step forward(SourceKeys keys, double[] y, double[][] sPrev, double[] feedPrev) {
        Attention.Step att = attention.attend(keys, sPrev[0]);
        double[] x = Linalg.concat(y, att.context);
        RecurrentCell.Step cellStep = cell.forward(x, sPrev);
        double[] out = Linalg.concat(cellStep.h(), att.context);
        return new BahdanauStep(att, cellStep, out);
    }

    /**
     * dh_t = dS_h + dout[0:H];  da_t = dout[H:];  (dy, da') = cell backward;  da_t += da';
     * dq = attention backward(da_t);  ds_{t-1}.h += dq.
     */
    @Override
    public StepGradients backward(Step step, SourceKeys keys, double[] dOut, double[][] dS, double[] dFeed) {
        BahdanauStep st = (BahdanauStep) step;
        double[][] dState = new double[dS.length][];
        for (int k = 0; k < dS.length; k++) {
            dState[k] = dS[k].clone();
        }
        Linalg.addInto(dState[0], Linalg.slice(dOut, 0, nH));
        double[] dContext = Linalg.slice(dOut, nH, nE);
        double[] dx = new double[embeddingSize + nE];
        double[][] dPrev = cell.backward(st.cellStep, dState, dx);
        Linalg.addInto(dContext, Linalg.slice(dx, embeddingSize, nE));
        double[] dq = new double[nH];
        attention.backward(st.att, keys, dContext, null, dq);
        Linalg.addInto(dPrev[0], dq);
        return new StepGradients(Linalg.slice(dx, 0, embeddingSize), dPrev, null);
    }

    private record BahdanauStep(Attention.Step att, RecurrentCell.Step cellStep, double[] out) implements Step {
        @Override
        public double[][] state() {
            return cellStep.state();
        }

        @Override
        public double[] feed() {
            return null;
        }

        @Override
        public Attention.Step attention() {
            return att;
        }
    }
}
