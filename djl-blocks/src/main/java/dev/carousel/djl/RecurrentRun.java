package dev.carousel.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.util.Map;

/**
 * The plain-Java entry point for verification (the {@code carousel verify --impl djl} adapter and the tests): one
 * forward and backward pass of a {@link PeepholeLSTM} or {@link GRU} on the default engine, from interchange
 * weights and double arrays, returning outputs, final states and every gradient.
 *
 * <p>The backward pass differentiates L = sum(y . dy) + sum(h_n . dh_n) + sum(c_n . dc_n), so the returned
 * gradients are the vector-Jacobian products with the given upstream gradients (a null upstream counts as 0). The
 * initial states are always passed to the block (zeros when null) so their gradients exist.
 */
public final class RecurrentRun {
    private RecurrentRun() {
    }

    /** How to run: the layout of x inside DJL and whether the fused dispatch is allowed. */
    public record Options(boolean batchFirst, boolean fusedDispatch) {
        public static final Options DEFAULT = new Options(true, true);
    }

    /**
     * One LSTM pass.
     *
     * @param spec    flags, activations, I, H
     * @param weights interchange layout: w_ih [4H·I], w_hh [4H·H], b_ih, b_hh [4H](, p_i, p_f, p_o [H])
     * @param x       [B][T][I]
     * @param lengths [B] in [0, T], or null for full length
     * @param h0      [B][H] or null (zeros)
     * @param c0      [B][H] or null (zeros)
     * @param dy      [B][T][H] or null
     * @param dhN     [B][H] or null
     * @param dcN     [B][H] or null
     * @param dtype   {@link DataType#FLOAT32} or {@link DataType#FLOAT64}
     */
    public static RecurrentRunResult lstm(LstmSpec spec, Map<String, double[]> weights, double[][][] x,
                                          int[] lengths, double[][] h0, double[][] c0, double[][][] dy,
                                          double[][] dhN, double[][] dcN, DataType dtype) {
        return lstm(spec, weights, x, lengths, h0, c0, dy, dhN, dcN, dtype, Options.DEFAULT);
    }

    /** {@link #lstm(LstmSpec, Map, double[][][], int[], double[][], double[][], double[][][], double[][],
     * double[][], DataType)} with explicit options. */
    public static RecurrentRunResult lstm(LstmSpec spec, Map<String, double[]> weights, double[][][] x,
                                          int[] lengths, double[][] h0, double[][] c0, double[][][] dy,
                                          double[][] dhN, double[][] dcN, DataType dtype, Options options) {
        PeepholeLSTM block = PeepholeLSTM.builder().fromSpec(spec).optReturnState(true)
                .optBatchFirst(options.batchFirst()).optFusedDispatch(options.fusedDispatch()).build();
        return run(block, spec.inputSize(), spec.hiddenSize(), weights, x, lengths,
                new double[][][] {h0, c0}, new double[][][] {dhN, dcN}, dy, dtype, options);
    }

    /**
     * One GRU pass.
     *
     * @param spec    I, H, reset position
     * @param weights interchange layout: w_ih [3H·I], w_hh [3H·H], b_ih, b_hh [3H]
     * @param x       [B][T][I]
     * @param lengths [B] in [0, T], or null
     * @param h0      [B][H] or null
     * @param dy      [B][T][H] or null
     * @param dhN     [B][H] or null
     * @param dtype   {@link DataType#FLOAT32} or {@link DataType#FLOAT64}
     */
    public static RecurrentRunResult gru(GruSpec spec, Map<String, double[]> weights, double[][][] x,
                                         int[] lengths, double[][] h0, double[][][] dy, double[][] dhN,
                                         DataType dtype) {
        return gru(spec, weights, x, lengths, h0, dy, dhN, dtype, Options.DEFAULT);
    }

    /** {@link #gru(GruSpec, Map, double[][][], int[], double[][], double[][][], double[][], DataType)} with
     * explicit options. */
    public static RecurrentRunResult gru(GruSpec spec, Map<String, double[]> weights, double[][][] x,
                                         int[] lengths, double[][] h0, double[][][] dy, double[][] dhN,
                                         DataType dtype, Options options) {
        GRU block = GRU.builder().fromSpec(spec).optReturnState(true).optBatchFirst(options.batchFirst())
                .optFusedDispatch(options.fusedDispatch()).build();
        return run(block, spec.inputSize(), spec.hiddenSize(), weights, x, lengths, new double[][][] {h0},
                new double[][][] {dhN}, dy, dtype, options);
    }

    private static RecurrentRunResult run(RecurrentLayerBlock block, int nIn, int nH, Map<String, double[]> weights,
                                          double[][][] x, int[] lengths, double[][][] init, double[][][] dFinal,
                                          double[][][] dy, DataType dtype, Options options) {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
            throw new IllegalArgumentException("dtype: expected float32 or float64, got " + dtype);
        }
        int batch = x.length;
        int time = batch == 0 ? 0 : x[0].length;
        boolean bf = options.batchFirst();
        try (NDManager manager = NDManager.newBaseManager()) {
            if (block instanceof PeepholeLSTM l) {
                l.setInterchangeWeights(manager, dtype, weights);
            } else {
                ((GRU) block).setInterchangeWeights(manager, dtype, weights);
            }
            NDArray xs = sequence(manager, x, batch, time, nIn, bf, dtype, "x");
            xs.setRequiresGradient(true);
            NDList inputs = new NDList(xs);
            if (lengths != null) {
                inputs.add(manager.create(lengths));
            }
            NDArray[] states = new NDArray[init.length];
            for (int k = 0; k < init.length; k++) {
                states[k] = matrix(manager, init[k], batch, nH, dtype, k == 0 ? "h0" : "c0");
                states[k].setRequiresGradient(true);
                inputs.add(states[k]);
            }
            boolean fused = block.usesFusedPath(SequenceInput.parse(inputs, bf, nIn, nH, block.stateCount(),
                    dtype, "input"));
            ParameterStore ps = new ParameterStore(manager, false);
            NDList out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = block.forward(ps, inputs, true);
                if (lengths != null) {
                    out.remove(1);          // the lengths, passed through after y
                }
                NDArray loss = out.get(0).sum().mul(out.get(0).sum().zerosLike()); // keeps the graph if no upstream
                if (dy != null) {
                    loss = loss.add(out.get(0).mul(sequence(manager, dy, batch, time, nH, bf, dtype, "dy")).sum());
                }
                for (int k = 0; k < dFinal.length; k++) {
                    if (dFinal[k] != null) {
                        loss = loss.add(out.get(1 + k).mul(matrix(manager, dFinal[k], batch, nH, dtype,
                                k == 0 ? "dh_n" : "dc_n")).sum());
                    }
                }
                gc.backward(loss);
            }
            double[][][] y = toSequence(out.get(0), batch, time, nH, bf);
            double[][] hN = toMatrix(out.get(1), batch, nH);
            double[][] cN = out.size() > 2 ? toMatrix(out.get(2), batch, nH) : null;
            double[][][] dx = toSequence(xs.getGradient(), batch, time, nIn, bf);
            double[][] dh0 = toMatrix(states[0].getGradient(), batch, nH);
            double[][] dc0 = states.length > 1 ? toMatrix(states[1].getGradient(), batch, nH) : null;
            Map<String, double[]> grads = block instanceof PeepholeLSTM l ? l.getInterchangeGradients()
                    : ((GRU) block).getInterchangeGradients();
            return new RecurrentRunResult(y, hN, cN, dx, dh0, dc0, grads, fused);
        }
    }

    private static NDArray sequence(NDManager m, double[][][] v, int batch, int time, int width, boolean batchFirst,
                                    DataType dtype, String what) {
        double[] flat = new double[batch * time * width];
        if (v.length != batch) {
            throw new IllegalArgumentException(what + ": expected " + batch + " sequences, got " + v.length);
        }
        for (int b = 0; b < batch; b++) {
            if (v[b].length != time) {
                throw new IllegalArgumentException(what + ": sequence " + b + " has " + v[b].length
                        + " steps, expected " + time);
            }
            for (int t = 0; t < time; t++) {
                if (v[b][t].length != width) {
                    throw new IllegalArgumentException(what + ": expected " + width + " features at [" + b + "]["
                            + t + "], got " + v[b][t].length);
                }
                int base = batchFirst ? (b * time + t) * width : (t * batch + b) * width;
                System.arraycopy(v[b][t], 0, flat, base, width);
            }
        }
        Shape shape = batchFirst ? new Shape(batch, time, width) : new Shape(time, batch, width);
        return OwnedArrays.create(m, flat, shape, dtype);
    }

    private static NDArray matrix(NDManager m, double[][] v, int rows, int cols, DataType dtype, String what) {
        double[] flat = new double[rows * cols];
        if (v != null) {
            if (v.length != rows) {
                throw new IllegalArgumentException(what + ": expected " + rows + " rows (batch), got " + v.length);
            }
            for (int r = 0; r < rows; r++) {
                if (v[r].length != cols) {
                    throw new IllegalArgumentException(what + ": expected " + cols + " values in row " + r + ", got "
                            + v[r].length);
                }
                System.arraycopy(v[r], 0, flat, r * cols, cols);
            }
        }
        return OwnedArrays.create(m, flat, new Shape(rows, cols), dtype);
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double[][][] toSequence(NDArray a, int batch, int time, int width, boolean batchFirst) {
        double[] flat = doubles(a);
        double[][][] out = new double[batch][time][width];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int base = batchFirst ? (b * time + t) * width : (t * batch + b) * width;
                System.arraycopy(flat, base, out[b][t], 0, width);
            }
        }
        return out;
    }

    private static double[][] toMatrix(NDArray a, int rows, int cols) {
        double[] flat = doubles(a);
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }
}
