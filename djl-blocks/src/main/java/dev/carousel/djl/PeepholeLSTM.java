package dev.carousel.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import dev.carousel.spec.Activation;
import dev.carousel.spec.LstmSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LSTM of equations.md section 1 as a DJL block, every variant of Greff et al. (2017) a flag.
 *
 * <pre>
 *   i_t = sigma( W_i x_t + U_i h_{t-1} + p_i . c_{t-1} + b_i )     input gate (i_t = 1 - f_t under CIFG)
 *   f_t = sigma( W_f x_t + U_f h_{t-1} + p_f . c_{t-1} + b_f )     forget gate (f_t = 1 without one: NFG)
 *   g_t = act_g( W_g x_t + U_g h_{t-1} + b_g )
 *   c_t = f_t . c_{t-1} + i_t . g_t                                the constant error carousel
 *   o_t = sigma( W_o x_t + U_o h_{t-1} + p_o . c_t + b_o )         output gate, peeks at the new c_t
 *   h_t = o_t . act_h( c_t )
 * </pre>
 *
 * <p>Parameters: {@code w_ih} [G·H, I], {@code w_hh} [G·H, H], {@code b_ih}, {@code b_hh} [G·H] with the G
 * present gate blocks in the order i, f, g, o (f left out without a forget gate, i under CIFG), and {@code p_i},
 * {@code p_f}, {@code p_o} [H] for the present gates when peepholes are on. With all four gates this is exactly the
 * interchange layout (PyTorch's); {@link #getInterchangeWeights()} and {@link #setInterchangeWeights} convert.
 *
 * <p>When the maths equals the engine's fused LSTM (no peepholes, forget gate, no CIFG, tanh/tanh) and every
 * sequence has all T steps, the forward pass calls {@code NDArrayEx.lstm} with the parameters in PyTorch order;
 * otherwise it runs {@link PeepholeLstmCell} in {@link TimeLoop}. Inputs and outputs: see
 * {@link RecurrentLayerBlock}.
 */
public final class PeepholeLSTM extends RecurrentLayerBlock {
    private static final byte VERSION = BlockFormat.VERSION;

    private final boolean peepholes;
    private final boolean forgetGate;
    private final boolean coupledInputForget;
    private final Activation cellActivation;
    private final Activation outputActivation;
    private final int gates;
    private final int[] gateRows;
    private final Parameter wIh;
    private final Parameter wHh;
    private final Parameter bIh;
    private final Parameter bHh;
    private final Parameter pI;
    private final Parameter pF;
    private final Parameter pO;

    private PeepholeLSTM(Builder b) {
        super(VERSION, b);
        if (b.coupledInputForget && !b.forgetGate) {
            throw new IllegalArgumentException(
                    "coupledInputForget (i = 1 - f) needs the forget gate; got forgetGate=false");
        }
        peepholes = b.peepholes;
        forgetGate = b.forgetGate;
        coupledInputForget = b.coupledInputForget;
        cellActivation = b.cellActivation;
        outputActivation = b.outputActivation;
        List<Integer> rows = new ArrayList<>();
        if (!coupledInputForget) {
            rows.add(LstmSpec.I);
        }
        if (forgetGate) {
            rows.add(LstmSpec.F);
        }
        rows.add(LstmSpec.G);
        rows.add(LstmSpec.O);
        gateRows = rows.stream().mapToInt(Integer::intValue).toArray();
        gates = gateRows.length;
        wIh = addParameter(Parameter.builder().setName("w_ih").setType(Parameter.Type.WEIGHT).build());
        wHh = addParameter(Parameter.builder().setName("w_hh").setType(Parameter.Type.WEIGHT).build());
        bIh = addParameter(Parameter.builder().setName("b_ih").setType(Parameter.Type.BIAS)
                .optInitializer(forgetGate ? new ForgetGateBiasInitializer(rows.indexOf(LstmSpec.F), stateSize,
                        b.forgetBias) : ai.djl.training.initializer.Initializer.ZEROS).build());
        bHh = addParameter(Parameter.builder().setName("b_hh").setType(Parameter.Type.BIAS).build());
        pI = peepholes && !coupledInputForget ? addPeephole("p_i", b.peepholeInit) : null;
        pF = peepholes && forgetGate ? addPeephole("p_f", b.peepholeInit) : null;
        pO = peepholes ? addPeephole("p_o", b.peepholeInit) : null;
    }

    private Parameter addPeephole(String name, float sigma) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.OTHER)
                .optInitializer(new NormalInitializer(sigma)).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The specification this block computes, for input size I (after initialisation, or given). */
    public LstmSpec spec(long inputFeatures) {
        return new LstmSpec((int) inputFeatures, (int) stateSize, peepholes, forgetGate, coupledInputForget,
                cellActivation, outputActivation);
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public boolean usesFusedPath(SequenceInput in) {
        return fusedDispatch && matchesFusedOp() && in.isFullLength();
    }

    /** Whether the maths equals the engine's fused LSTM (torch::lstm): no peepholes, forget gate, tanh/tanh. */
    public boolean matchesFusedOp() {
        return !peepholes && forgetGate && !coupledInputForget && cellActivation == Activation.TANH
                && outputActivation == Activation.TANH;
    }

    @Override
    protected void prepareParameters(long in) {
        wIh.setShape(new Shape(gates * stateSize, in));
        wHh.setShape(new Shape(gates * stateSize, stateSize));
        bIh.setShape(new Shape(gates * stateSize));
        bHh.setShape(new Shape(gates * stateSize));
        for (Parameter p : new Parameter[] {pI, pF, pO}) {
            if (p != null) {
                p.setShape(new Shape(stateSize));
            }
        }
    }

    @Override
    protected NDList runLayer(ParameterStore ps, SequenceInput in, boolean training) {
        var device = in.x.getDevice();
        NDArray wih = ps.getValue(wIh, device, training);
        NDArray whh = ps.getValue(wHh, device, training);
        NDArray bih = ps.getValue(bIh, device, training);
        NDArray bhh = ps.getValue(bHh, device, training);
        NDArray[] state = initialStates(in);
        if (usesFusedPath(in)) {
            NDList out = in.x.getNDArrayInternal().lstm(in.x, new NDList(state[0].expandDims(0),
                    state[1].expandDims(0)), new NDList(wih, whh, bih, bhh), true, 1, 0.0, training, false, batchFirst);
            return new NDList(out.get(0), out.get(1).squeeze(0), out.get(2).squeeze(0));
        }
        NDArray pi = pI == null ? null : ps.getValue(pI, device, training);
        NDArray pf = pF == null ? null : ps.getValue(pF, device, training);
        NDArray pIf = null;
        if (pi != null && pf != null) {
            pIf = NDArrays.concat(new NDList(pi, pf), 0);
            pIf.attach(in.x.getManager());
        }
        PeepholeLstmCell cell = new PeepholeLstmCell(spec(in.features), whh, pIf, pi, pf,
                pO == null ? null : ps.getValue(pO, device, training));
        NDList steps = projectSteps(in, wih, sumOfParameters(in, bih, bhh));
        NDArray y = TimeLoop.run(in, state, stateSize, (t, s) -> cell.step(steps.get(t), s[0], s[1]));
        return finish(in, y, state);
    }

    @Override
    protected void saveConfig(DataOutputStream os) throws IOException {
        os.writeBoolean(peepholes);
        os.writeBoolean(forgetGate);
        os.writeBoolean(coupledInputForget);
        os.writeUTF(cellActivation.key());
        os.writeUTF(outputActivation.key());
    }

    @Override
    protected void checkConfig(DataInputStream is) throws IOException, MalformedModelException {
        boolean p = is.readBoolean();
        boolean f = is.readBoolean();
        boolean cifg = is.readBoolean();
        Activation g = Activation.fromKey(is.readUTF());
        Activation h = Activation.fromKey(is.readUTF());
        if (p != peepholes || f != forgetGate || cifg != coupledInputForget || g != cellActivation
                || h != outputActivation) {
            throw new MalformedModelException("PeepholeLSTM: saved configuration (peepholes=" + p + ", forgetGate="
                    + f + ", coupledInputForget=" + cifg + ", act_g=" + g.key() + ", act_h=" + h.key()
                    + ") differs from this block's (" + describeConfig() + ")");
        }
    }

    private String describeConfig() {
        return "peepholes=" + peepholes + ", forgetGate=" + forgetGate + ", coupledInputForget="
                + coupledInputForget + ", act_g=" + cellActivation.key() + ", act_h=" + outputActivation.key();
    }

    /**
     * The parameters in the interchange layout of equations.md: {@code w_ih} [4H·I], {@code w_hh} [4H·H],
     * {@code b_ih}, {@code b_hh} [4H] (row blocks i, f, g, o; the rows of an absent gate are 0) and, with
     * peepholes, {@code p_i}, {@code p_f}, {@code p_o} [H] (0 for an absent gate). Row-major doubles.
     */
    public Map<String, double[]> getInterchangeWeights() {
        return toInterchange(false);
    }

    /** The gradients of the parameters, in the layout of {@link #getInterchangeWeights()}. */
    public Map<String, double[]> getInterchangeGradients() {
        return toInterchange(true);
    }

    private Map<String, double[]> toInterchange(boolean gradients) {
        if (!isInitialized()) {
            throw new IllegalStateException("PeepholeLSTM: not initialised; initialize or load it first");
        }
        long h = stateSize;
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("w_ih", expandRows(values(wIh, gradients), inputSize));
        out.put("w_hh", expandRows(values(wHh, gradients), h));
        out.put("b_ih", expandRows(values(bIh, gradients), 1));
        out.put("b_hh", expandRows(values(bHh, gradients), 1));
        if (peepholes) {
            out.put("p_i", pI == null ? new double[(int) h] : values(pI, gradients));
            out.put("p_f", pF == null ? new double[(int) h] : values(pF, gradients));
            out.put("p_o", values(pO, gradients));
        }
        return out;
    }

    private static double[] values(Parameter p, boolean gradient) {
        if (!gradient) {
            return read(p);
        }
        NDArray g = p.getArray().getGradient();
        try {
            return g.getDataType() == DataType.FLOAT64 ? g.toDoubleArray() : toDouble(g.toFloatArray());
        } finally {
            g.close();
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        return d;
    }

    /** [G·H, cols] with present gate blocks to [4H, cols] with zeros for absent ones. */
    private double[] expandRows(double[] present, long cols) {
        int block = (int) (stateSize * cols);
        double[] full = new double[4 * block];
        for (int k = 0; k < gates; k++) {
            System.arraycopy(present, k * block, full, gateRows[k] * block, block);
        }
        return full;
    }

    /** [4H, cols] to the present gate blocks [G·H, cols]. */
    private double[] selectRows(double[] full, long cols) {
        int block = (int) (stateSize * cols);
        double[] present = new double[gates * block];
        for (int k = 0; k < gates; k++) {
            System.arraycopy(full, gateRows[k] * block, present, k * block, block);
        }
        return present;
    }

    /**
     * Sets the parameters from the interchange layout (see {@link #getInterchangeWeights()}); rows of gates this
     * variant does not have are ignored. Initialises the block (input size from {@code w_ih}) when needed.
     *
     * @param manager  the manager for the parameters when the block is not initialised yet
     * @param dataType their data type in that case
     * @param weights  {@code w_ih}, {@code w_hh}, {@code b_ih}, {@code b_hh}, and {@code p_i}, {@code p_f},
     *                 {@code p_o} when peepholes are on
     */
    public void setInterchangeWeights(NDManager manager, DataType dataType, Map<String, double[]> weights) {
        double[] w = weights.get("w_ih");
        long h = stateSize;
        if (w == null || w.length == 0 || w.length % (4 * h) != 0) {
            throw new IllegalArgumentException("interchange weights: expected 'w_ih' of 4H x I = " + (4 * h)
                    + " x I values, got " + (w == null ? "none" : w.length + " values"));
        }
        long in = w.length / (4 * h);
        ensureInitialized(manager, dataType, in);
        writeParameter(wIh, selectRows(w, in));
        writeParameter(wHh, selectRows(require(weights, "w_hh", 4 * h * h), h));
        writeParameter(bIh, selectRows(require(weights, "b_ih", 4 * h), 1));
        writeParameter(bHh, selectRows(require(weights, "b_hh", 4 * h), 1));
        if (pI != null) {
            writeParameter(pI, require(weights, "p_i", h));
        }
        if (pF != null) {
            writeParameter(pF, require(weights, "p_f", h));
        }
        if (pO != null) {
            writeParameter(pO, require(weights, "p_o", h));
        }
    }

    /** The DJL-style builder. */
    public static final class Builder extends RecurrentLayerBlock.BaseBuilder<Builder> {
        private boolean peepholes = true;
        private boolean forgetGate = true;
        private boolean coupledInputForget;
        private Activation cellActivation = Activation.TANH;
        private Activation outputActivation = Activation.TANH;
        private double forgetBias = 1.0;
        private float peepholeInit = 0.1f;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Peephole connections p_i, p_f, p_o (default true; false is Greff's NP). */
        public Builder optPeepholes(boolean v) {
            peepholes = v;
            return this;
        }

        /** The forget gate (default true; false is the 1997 LSTM, Greff's NFG: f_t = 1). */
        public Builder optForgetGate(boolean v) {
            forgetGate = v;
            return this;
        }

        /** Coupled input and forget gate, i_t = 1 - f_t (default false; Greff's CIFG). */
        public Builder optCoupledInputForget(boolean v) {
            coupledInputForget = v;
            return this;
        }

        /** act_g, the cell-input squashing (default tanh). */
        public Builder optCellActivation(Activation v) {
            cellActivation = v;
            return this;
        }

        /** act_h, the cell-output squashing (default tanh). */
        public Builder optOutputActivation(Activation v) {
            outputActivation = v;
            return this;
        }

        /** Initial forget-gate bias (default 1.0, put in b_ih). */
        public Builder optForgetBias(double v) {
            forgetBias = v;
            return this;
        }

        /** Standard deviation of the initial peephole weights (default 0.1). */
        public Builder optPeepholeInitSigma(float v) {
            peepholeInit = v;
            return this;
        }

        /** Every flag and activation of {@code spec}, with state size H; the input size comes from the input. */
        public Builder fromSpec(LstmSpec spec) {
            stateSize = spec.hiddenSize();
            peepholes = spec.peepholes();
            forgetGate = spec.forgetGate();
            coupledInputForget = spec.coupledInputForget();
            cellActivation = spec.cellActivation();
            outputActivation = spec.outputActivation();
            return this;
        }

        public PeepholeLSTM build() {
            return new PeepholeLSTM(this);
        }
    }
}
