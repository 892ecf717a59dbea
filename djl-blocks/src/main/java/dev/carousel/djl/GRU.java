package dev.carousel.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.carousel.spec.GruSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GRU of equations.md section 2 (Cho et al. 2014) as a DJL block, reset-before or reset-after.
 *
 * <pre>
 *   z_t = sigma( W_z x_t + b_iz + U_z h_{t-1} + b_hz )                       update gate
 *   r_t = sigma( W_r x_t + b_ir + U_r h_{t-1} + b_hr )                       reset gate
 *   reset-before (Cho 2014, Keras reset_after=False):  n_t = tanh( W_n x_t + b_in + U_n (r_t . h_{t-1}) + b_hn )
 *   reset-after  (cuDNN, PyTorch, DJL):                n_t = tanh( W_n x_t + b_in + r_t . (U_n h_{t-1} + b_hn) )
 *   h_t = z_t . h_{t-1} + (1 - z_t) . n_t
 * </pre>
 *
 * <p>Parameters in the interchange layout (PyTorch's): {@code w_ih} [3H, I], {@code w_hh} [3H, H], {@code b_ih},
 * {@code b_hh} [3H], row blocks r, z, n. Reset-after with every sequence at full length dispatches to the engine's
 * fused GRU ({@code NDArrayEx.gru}); everything else runs {@link GruCell} in {@link TimeLoop}. Inputs and outputs:
 * see {@link RecurrentLayerBlock}.
 */
public final class GRU extends RecurrentLayerBlock {
    private static final byte VERSION = BlockFormat.VERSION;

    private final boolean resetAfter;
    private final Parameter wIh;
    private final Parameter wHh;
    private final Parameter bIh;
    private final Parameter bHh;

    private GRU(Builder b) {
        super(VERSION, b);
        resetAfter = b.resetAfter;
        wIh = addParameter(Parameter.builder().setName("w_ih").setType(Parameter.Type.WEIGHT).build());
        wHh = addParameter(Parameter.builder().setName("w_hh").setType(Parameter.Type.WEIGHT).build());
        bIh = addParameter(Parameter.builder().setName("b_ih").setType(Parameter.Type.BIAS).build());
        bHh = addParameter(Parameter.builder().setName("b_hh").setType(Parameter.Type.BIAS).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The specification this block computes, for input size I. */
    public GruSpec spec(long inputFeatures) {
        return new GruSpec((int) inputFeatures, (int) stateSize, resetAfter);
    }

    public boolean isResetAfter() {
        return resetAfter;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public boolean usesFusedPath(SequenceInput in) {
        return fusedDispatch && resetAfter && in.isFullLength();
    }

    @Override
    protected void prepareParameters(long in) {
        wIh.setShape(new Shape(3 * stateSize, in));
        wHh.setShape(new Shape(3 * stateSize, stateSize));
        bIh.setShape(new Shape(3 * stateSize));
        bHh.setShape(new Shape(3 * stateSize));
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
            NDList out = in.x.getNDArrayInternal().gru(in.x, state[0].expandDims(0), new NDList(wih, whh, bih, bhh),
                    true, 1, 0.0, training, false, batchFirst);
            return new NDList(out.get(0), out.get(1).squeeze(0));
        }
        long h = stateSize;
        GruCell cell;
        NDArray inputBias;
        if (resetAfter) {
            cell = GruCell.resetAfter(h, whh, bhh);
            inputBias = bih;
        } else {
            // U split once per forward; the pieces come from a parameter, so move them to the batch's manager (they
            // would otherwise pile up in the parameters' manager). All of b_hh sits outside the reset: fold it in.
            NDList w = whh.split(new long[] {2 * h}, 0);
            w.attach(in.x.getManager());
            cell = GruCell.resetBefore(h, w.get(0), w.get(1));
            inputBias = sumOfParameters(in, bih, bhh);
        }
        NDList rz;
        NDList n;
        if (in.time == 0) {
            rz = new NDList();
            n = new NDList();
        } else {
            NDArray x2d = in.timeMajor().reshape((long) in.time * in.batch, in.features);
            NDList parts = Linear.linear(x2d, wih, inputBias).head().split(new long[] {2 * h}, 1);
            rz = parts.get(0).split(in.time, 0);
            n = parts.get(1).split(in.time, 0);
        }
        NDArray y = TimeLoop.run(in, state, h, (t, s) -> new NDArray[] {cell.step(rz.get(t), n.get(t), s[0])});
        return finish(in, y, state);
    }

    @Override
    protected void saveConfig(DataOutputStream os) throws IOException {
        os.writeBoolean(resetAfter);
    }

    @Override
    protected void checkConfig(DataInputStream is) throws IOException, MalformedModelException {
        boolean ra = is.readBoolean();
        if (ra != resetAfter) {
            throw new MalformedModelException("GRU: saved resetAfter=" + ra + ", this block has resetAfter="
                    + resetAfter);
        }
    }

    /**
     * The parameters in the interchange layout: {@code w_ih} [3H·I], {@code w_hh} [3H·H], {@code b_ih},
     * {@code b_hh} [3H], row blocks r, z, n, row-major doubles.
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
            throw new IllegalStateException("GRU: not initialised; initialize or load it first");
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Parameter p : new Parameter[] {wIh, wHh, bIh, bHh}) {
            out.put(p.getName(), gradients ? gradient(p) : read(p));
        }
        return out;
    }

    private static double[] gradient(Parameter p) {
        try (NDArray g = p.getArray().getGradient()) {
            if (g.getDataType() == DataType.FLOAT64) {
                return g.toDoubleArray();
            }
            float[] f = g.toFloatArray();
            double[] d = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                d[k] = f[k];
            }
            return d;
        }
    }

    /**
     * Sets the parameters from the interchange layout, initialising the block (input size from {@code w_ih})
     * when needed.
     */
    public void setInterchangeWeights(NDManager manager, DataType dataType, Map<String, double[]> weights) {
        double[] w = weights.get("w_ih");
        long h = stateSize;
        if (w == null || w.length == 0 || w.length % (3 * h) != 0) {
            throw new IllegalArgumentException("interchange weights: expected 'w_ih' of 3H x I = " + (3 * h)
                    + " x I values, got " + (w == null ? "none" : w.length + " values"));
        }
        ensureInitialized(manager, dataType, w.length / (3 * h));
        writeParameter(wIh, w);
        writeParameter(wHh, require(weights, "w_hh", 3 * h * h));
        writeParameter(bIh, require(weights, "b_ih", 3 * h));
        writeParameter(bHh, require(weights, "b_hh", 3 * h));
    }

    /** The DJL-style builder. */
    public static final class Builder extends RecurrentLayerBlock.BaseBuilder<Builder> {
        private boolean resetAfter = true;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Reset-after (default true: cuDNN, PyTorch, DJL, Keras) or reset-before (Cho 2014). */
        public Builder optResetAfter(boolean v) {
            resetAfter = v;
            return this;
        }

        /** H and the reset position of {@code spec}; the input size comes from the input. */
        public Builder fromSpec(GruSpec spec) {
            stateSize = spec.hiddenSize();
            resetAfter = spec.resetAfter();
            return this;
        }

        public GRU build() {
            return new GRU(this);
        }
    }
}
