package dev.carousel.reference;

import static dev.carousel.spec.Activation.sigmoid;

import dev.carousel.spec.MemoryBlockSpec;

/**
 * One time step of a layer of 1997-style memory blocks ({@link MemoryBlockSpec} has the equations).
 *
 * <p>The state is {u, s}: u [U] holds every hidden unit's activation (first the C cell outputs y_c, then the input
 * gates, the output gates and the forget gates, one per block), s [C] the cell states (the constant error
 * carousels). Parameters: {@code w} [U, I + R] (column block one: the input, block two: the hidden units at t-1,
 * R = U with recurrent hidden units, else 0) and {@code b} [U]; the bias of a unit that the spec leaves unbiased
 * stays 0 and gets no gradient.
 *
 * <p>Gradients are exact backpropagation through time ({@link MemoryBlockGradient#EXACT}, the default) or the 1997
 * truncated rule ({@link MemoryBlockGradient#TRUNCATED_1997}: error crosses a time step only inside the cells'
 * constant error carousels).
 */
public final class MemoryBlockCell implements RecurrentCell {
    private final MemoryBlockSpec spec;
    private final int nIn;
    private final int nC;
    private final int nU;
    private final int nR;
    private final int inGate;
    private final int outGate;
    private final int forgetGate;
    private final boolean[] biased;
    private final ParamSet params = new ParamSet();
    private final Param w;
    private final Param b;
    private final MemoryBlockGradient gradient;

    /** A layer with exact gradients ({@link MemoryBlockGradient#EXACT}). */
    public MemoryBlockCell(MemoryBlockSpec spec) {
        this(spec, MemoryBlockGradient.EXACT);
    }

    public MemoryBlockCell(MemoryBlockSpec spec, MemoryBlockGradient gradient) {
        if (gradient == null) {
            throw new IllegalArgumentException("gradient must be EXACT or TRUNCATED_1997, got null");
        }
        this.spec = spec;
        this.gradient = gradient;
        this.nIn = spec.inputSize();
        this.nC = spec.cells();
        this.nU = spec.hiddenUnits();
        this.nR = spec.recurrentHidden() ? nU : 0;
        int nb = spec.blocks();
        this.inGate = nC;
        this.outGate = spec.outputGates() ? nC + nb : -1;
        this.forgetGate = spec.forgetGates() ? nC + nb * (spec.outputGates() ? 2 : 1) : -1;
        this.biased = new boolean[nU];
        for (int u = 0; u < nU; u++) {
            biased[u] = u < nC ? spec.biasCells() : spec.biasGates();
        }
        w = params.add(new Param("w", nU, nIn + nR));
        b = params.add(new Param("b", nU));
    }

    public MemoryBlockSpec spec() {
        return spec;
    }

    /** The gradient {@link #backward} computes. */
    public MemoryBlockGradient gradient() {
        return gradient;
    }

    /** Index of block j's input gate among the hidden units. */
    public int inputGateUnit(int block) {
        return inGate + block;
    }

    /** Index of block j's output gate among the hidden units, or -1. */
    public int outputGateUnit(int block) {
        return outGate < 0 ? -1 : outGate + block;
    }

    /** Index of block j's forget gate among the hidden units, or -1. */
    public int forgetGateUnit(int block) {
        return forgetGate < 0 ? -1 : forgetGate + block;
    }

    /** Whether unit u has a bias. */
    public boolean biased(int unit) {
        return biased[unit];
    }

    @Override
    public int inputSize() {
        return nIn;
    }

    /** The hidden state u has U entries; its first C are the cell outputs that an output layer reads. */
    @Override
    public int hiddenSize() {
        return nU;
    }

    /** Cell-state size C (the second state vector). */
    public int cellCount() {
        return nC;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    /** A zero state: u [U] and s [C]. */
    @Override
    public double[][] zeroState() {
        return new double[][] {new double[nU], new double[nC]};
    }

    @Override
    public ParamSet params() {
        return params;
    }

    @Override
    public Step forward(double[] x, double[][] state) {
        double[] uPrev = state[0];
        double[] sPrev = state[1];
        BlockStep st = new BlockStep(x, uPrev, sPrev, nU, nC);
        int cols = nIn + nR;
        for (int u = 0; u < nU; u++) {
            double a = biased[u] ? b.value[u] : 0.0;
            for (int k = 0; k < nIn; k++) {
                if (x[k] != 0.0) {                    // one-hot inputs (experiments 1, 2, 6): skip the zeros
                    a += w.value[u * cols + k] * x[k];
                }
            }
            for (int k = 0; k < nR; k++) {
                a += w.value[u * cols + nIn + k] * uPrev[k];
            }
            st.net[u] = a;
        }
        for (int u = nC; u < nU; u++) {
            st.u[u] = sigmoid(st.net[u]);
        }
        for (int v = 0; v < nC; v++) {
            int j = v / spec.cellsPerBlock();
            double yIn = st.u[inGate + j];
            double yPhi = forgetGate < 0 ? 1.0 : st.u[forgetGate + j];
            double yOut = outGate < 0 ? 1.0 : st.u[outGate + j];
            st.g[v] = spec.cellActivation().apply(st.net[v]);
            st.s[v] = yPhi * sPrev[v] + yIn * st.g[v];
            st.u[v] = yOut * spec.outputActivation().apply(st.s[v]);
        }
        return st;
    }

    @Override
    public double[][] backward(Step step, double[][] dState, double[] dx) {
        BlockStep st = (BlockStep) step;
        double[] du = dState[0];
        double[] ds = dState[1].clone();
        double[] dNet = new double[nU];
        double[] dGate = new double[nU];           // dLoss/d(gate activation), gates only
        double[] dsPrev = new double[nC];
        for (int v = 0; v < nC; v++) {
            int j = v / spec.cellsPerBlock();
            double yIn = st.u[inGate + j];
            double yPhi = forgetGate < 0 ? 1.0 : st.u[forgetGate + j];
            double yOut = outGate < 0 ? 1.0 : st.u[outGate + j];
            double hs = spec.outputActivation().apply(st.s[v]);
            // y_c = y_out h(s)
            if (outGate >= 0) {
                dGate[outGate + j] += du[v] * hs;
            }
            ds[v] += du[v] * yOut * spec.outputActivation().derivative(st.s[v]);
            // s = y_phi s_prev + y_in g(net_c)
            dGate[inGate + j] += ds[v] * st.g[v];
            if (forgetGate >= 0) {
                dGate[forgetGate + j] += ds[v] * st.sPrev[v];
            }
            dNet[v] = ds[v] * yIn * spec.cellActivation().derivative(st.net[v]);
            dsPrev[v] = ds[v] * yPhi;
        }
        for (int u = nC; u < nU; u++) {
            double y = st.u[u];
            dNet[u] = (dGate[u] + du[u]) * y * (1.0 - y);      // a gate's activation also feeds the next step
        }
        double[] duPrev = new double[nU];
        boolean throughTime = gradient == MemoryBlockGradient.EXACT;   // truncated: duPrev stays 0
        int cols = nIn + nR;
        for (int u = 0; u < nU; u++) {
            double d = dNet[u];
            if (biased[u]) {
                b.grad[u] += d;
            }
            for (int k = 0; k < nIn; k++) {
                if (st.x[k] != 0.0) {
                    w.grad[u * cols + k] += d * st.x[k];
                }
                dx[k] += w.value[u * cols + k] * d;
            }
            for (int k = 0; k < nR; k++) {
                w.grad[u * cols + nIn + k] += d * st.uPrev[k];
                if (throughTime) {
                    duPrev[k] += w.value[u * cols + nIn + k] * d;
                }
            }
        }
        return new double[][] {duPrev, dsPrev};
    }

    /** The cache of one step. */
    static final class BlockStep implements Step {
        final double[] x;
        final double[] uPrev;
        final double[] sPrev;
        final double[] net;
        final double[] u;
        final double[] g;
        final double[] s;

        BlockStep(double[] x, double[] uPrev, double[] sPrev, int nU, int nC) {
            this.x = x;
            this.uPrev = uPrev;
            this.sPrev = sPrev;
            net = new double[nU];
            u = new double[nU];
            g = new double[nC];
            s = new double[nC];
        }

        @Override
        public double[][] state() {
            return new double[][] {u, s};
        }
    }
}
