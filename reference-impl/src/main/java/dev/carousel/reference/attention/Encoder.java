package dev.carousel.reference.attention;

import dev.carousel.reference.ParamSet;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;

/**
 * The encoder of equations.md section 5: a {@link RecurrentLayer} over the embedded source, optionally
 * bidirectional,
 *
 * <pre>
 *   e_j    = fwd h_j                      (unidirectional, E = H)
 *   e_j    = [ fwd h_j ; bwd h_j ]        (bidirectional, E = 2H; bwd = RecurrentLayer(cell, reversed = true))
 *   e_last = fwd final h                  or [ fwd final h ; bwd final h ]
 * </pre>
 *
 * With a prefix mask of length L, fwd final h = fwd h_{L-1} and bwd final h = bwd h_0 (PyTorch's h_n); e_j = 0 at
 * masked positions. Parameters: the forward cell's under {@code fwd.}, the backward cell's under {@code bwd.}.
 */
public final class Encoder {
    private final RecurrentLayer forward;
    private final RecurrentLayer backward;
    private final ParamSet params = new ParamSet();
    private final int nH;

    /**
     * @param forwardCell  the left-to-right cell
     * @param backwardCell the right-to-left cell, or null for a unidirectional encoder
     */
    public Encoder(RecurrentCell forwardCell, RecurrentCell backwardCell) {
        this.forward = new RecurrentLayer(forwardCell, false);
        this.backward = backwardCell == null ? null : new RecurrentLayer(backwardCell, true);
        this.nH = forwardCell.hiddenSize();
        if (backwardCell != null && (backwardCell.hiddenSize() != nH
                || backwardCell.inputSize() != forwardCell.inputSize())) {
            throw new IllegalArgumentException("bidirectional encoder: both cells need the same sizes, got "
                    + forwardCell.inputSize() + "->" + nH + " and " + backwardCell.inputSize() + "->"
                    + backwardCell.hiddenSize());
        }
        params.addAll("fwd.", forwardCell.params());
        if (backwardCell != null) {
            params.addAll("bwd.", backwardCell.params());
        }
    }

    public ParamSet params() {
        return params;
    }

    public boolean bidirectional() {
        return backward != null;
    }

    /** E. */
    public int outputSize() {
        return backward == null ? nH : 2 * nH;
    }

    public int inputSize() {
        return forward.cell().inputSize();
    }

    /**
     * @param x    embedded source [B][S][M]
     * @param mask [B][S] of 0/1, or null for all valid
     */
    public Result forward(double[][][] x, double[][] mask) {
        RecurrentLayer.Forward f = forward.forward(x, mask, null);
        RecurrentLayer.Forward r = backward == null ? null : backward.forward(x, mask, null);
        int batch = x.length;
        int s = batch == 0 ? 0 : x[0].length;
        double[][][] e = new double[batch][s][];
        double[][] eLast = new double[batch][];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < s; j++) {
                e[b][j] = r == null ? f.y[b][j].clone() : Linalg.concat(f.y[b][j], r.y[b][j]);
            }
            eLast[b] = r == null ? f.hN()[b].clone() : Linalg.concat(f.hN()[b], r.hN()[b]);
        }
        return new Result(e, eLast, f.mask, f, r);
    }

    /**
     * Backpropagation through both directions; parameter gradients are added.
     *
     * @param res    what forward returned
     * @param de     dLoss/de [B][S][E]
     * @param deLast dLoss/de_last [B][E], or null
     * @return dLoss/dx [B][S][M]
     */
    public double[][][] backward(Result res, double[][][] de, double[][] deLast) {
        int batch = de.length;
        int s = batch == 0 ? 0 : de[0].length;
        int ns = forward.cell().stateCount();
        double[][][] dyF = new double[batch][s][];
        double[][][] dyR = new double[batch][s][];
        double[][][] dFinalF = new double[ns][batch][nH];
        double[][][] dFinalR = new double[ns][batch][nH];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < s; j++) {
                dyF[b][j] = Linalg.slice(de[b][j], 0, nH);
                dyR[b][j] = backward == null ? null : Linalg.slice(de[b][j], nH, nH);
            }
            if (deLast != null) {
                dFinalF[0][b] = Linalg.slice(deLast[b], 0, nH);
                if (backward != null) {
                    dFinalR[0][b] = Linalg.slice(deLast[b], nH, nH);
                }
            }
        }
        double[][][] dx = forward.backward(res.forward, dyF, dFinalF).dx();
        if (backward != null) {
            double[][][] dxR = backward.backward(res.backward, dyR, dFinalR).dx();
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < s; j++) {
                    Linalg.addInto(dx[b][j], dxR[b][j]);
                }
            }
        }
        return dx;
    }

    /** Encoder outputs e [B][S][E] (0 at masked positions), e_last [B][E], the mask used, and the caches. */
    public static final class Result {
        public final double[][][] e;
        public final double[][] eLast;
        public final double[][] mask;
        final RecurrentLayer.Forward forward;
        final RecurrentLayer.Forward backward;

        Result(double[][][] e, double[][] eLast, double[][] mask, RecurrentLayer.Forward forward,
               RecurrentLayer.Forward backward) {
            this.e = e;
            this.eLast = eLast;
            this.mask = mask;
            this.forward = forward;
            this.backward = backward;
        }
    }
}
