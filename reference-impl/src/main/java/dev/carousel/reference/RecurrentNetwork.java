package dev.carousel.reference;

import dev.carousel.spec.MemoryBlockSpec;

/**
 * The networks of the 1997 experiments: one recurrent hidden layer and output units (logistic in the paper, see
 * {@link OutputUnits} for the others) that see the first
 * {@code visible} entries of the hidden state (for a layer of memory blocks, {@link MemoryBlockCell}, only the cell
 * outputs: the paper's connectivity "F"; for an LSTM, GRU or tanh RNN cell, all of h):
 * <pre>
 *   y_k(t) = f( sum_v w_kv h_v(t) [+ sum_i w'_ki x_i(t)] + b_k )
 *            (b_k only with output biases, Table 10 "all"; the input shortcut w' only for connectivity "B")
 *   E      = sum over target steps of the step error of {@link OutputUnits} (1/2 squared error for logistic units)
 * </pre>
 * One sequence at a time (the paper's on-line regime): the state starts at zero for every sequence.
 */
public final class RecurrentNetwork {
    private final RecurrentCell cell;
    private final RecurrentLayer layer;
    private final int nOut;
    private final boolean outputBias;
    private final ParamSet params = new ParamSet();
    private final Param wOut;
    private final Param bOut;

    private final int nVisible;
    private final Param wShortcut;
    private final OutputUnits units;

    /**
     * The 1997 network: memory blocks; outputs read the cells only (connectivity F) or the cells and the input
     * (connectivity B, where each layer sees all layers below).
     */
    public static RecurrentNetwork ofMemoryBlocks(MemoryBlockSpec spec, int outputs, boolean outputBias) {
        return ofMemoryBlocks(spec, outputs, outputBias, MemoryBlockGradient.EXACT);
    }

    /** As {@link #ofMemoryBlocks(MemoryBlockSpec, int, boolean)}, with the gradient the cells compute. */
    public static RecurrentNetwork ofMemoryBlocks(MemoryBlockSpec spec, int outputs, boolean outputBias,
                                                  MemoryBlockGradient gradient) {
        return new RecurrentNetwork(new MemoryBlockCell(spec, gradient), spec.cells(), outputs, outputBias,
                !spec.recurrentHidden(), OutputUnits.LOGISTIC);
    }

    public RecurrentNetwork(RecurrentCell cell, int visible, int outputs, boolean outputBias) {
        this(cell, visible, outputs, outputBias, false, OutputUnits.LOGISTIC);
    }

    /**
     * @param cell       the hidden layer's cell
     * @param visible    how many leading entries of h the output units read
     * @param outputs    number of logistic output units
     * @param outputBias whether the output units have biases
     * @param inputShortcut whether the output units also see the input x(t)
     * @param units      the output units and their error
     */
    public RecurrentNetwork(RecurrentCell cell, int visible, int outputs, boolean outputBias, boolean inputShortcut,
                            OutputUnits units) {
        if (visible <= 0 || visible > cell.hiddenSize()) {
            throw new IllegalArgumentException("visible units must be in [1, " + cell.hiddenSize() + "], got "
                    + visible);
        }
        this.cell = cell;
        this.layer = new RecurrentLayer(cell);
        this.nOut = outputs;
        this.outputBias = outputBias;
        this.nVisible = visible;
        this.units = units;
        ParamSet own = new ParamSet();
        wOut = own.add(new Param("w", outputs, visible));
        bOut = own.add(new Param("b", outputs));
        wShortcut = inputShortcut ? own.add(new Param("w_x", outputs, cell.inputSize())) : null;
        params.addAll("hidden.", cell.params()).addAll("out.", own);
    }

    public RecurrentCell cell() {
        return cell;
    }

    /** All parameters: hidden.*, out.w, out.b (and out.w_x with the input shortcut). */
    public ParamSet params() {
        return params;
    }

    public int outputs() {
        return nOut;
    }

    /** How many leading entries of the hidden state the output units read. */
    public int visible() {
        return nVisible;
    }

    /** Whether the output units have biases (else out.b stays unused). */
    public boolean outputBias() {
        return outputBias;
    }

    /** Whether the output units also see the input x(t) (out.w_x, connectivity "B"). */
    public boolean inputShortcut() {
        return wShortcut != null;
    }

    /** The output units and their error. */
    public OutputUnits units() {
        return units;
    }

    /** Output activations y [T][O] for one sequence x [T][I]. */
    public double[][] predict(double[][] x) {
        return outputs(layer.forward(new double[][][] {x}, null, null), x);
    }

    /**
     * Forward and exact backward for one sequence; adds the gradient of E to {@link #params()}.
     *
     * @param x          input [T][I]
     * @param target     targets [T][O] (read only where {@code targetMask} is set)
     * @param targetMask which steps carry error
     * @return the outputs y [T][O] (to judge success) — E is {@link #error}
     */
    public double[][] forwardBackward(double[][] x, double[][] target, boolean[] targetMask) {
        RecurrentLayer.Forward f = layer.forward(new double[][][] {x}, null, null);
        double[][] y = outputs(f, x);
        int time = x.length;
        int[][] nonZero = nonZero(x);
        int nC = nVisible;
        double[][][] dU = new double[1][time][cell.hiddenSize()];
        for (int t = 0; t < time; t++) {
            if (!targetMask[t]) {
                continue;
            }
            double[] cellsOut = f.y[0][t];
            for (int k = 0; k < nOut; k++) {
                double dNet = units.dNet(y[t][k], target[t][k]);
                if (outputBias) {
                    bOut.grad[k] += dNet;
                }
                for (int v = 0; v < nC; v++) {
                    wOut.grad[k * nC + v] += dNet * cellsOut[v];
                    dU[0][t][v] += wOut.value[k * nC + v] * dNet;
                }
                if (wShortcut != null) {
                    int nIn = cell.inputSize();
                    for (int i : nonZero[t]) {
                        wShortcut.grad[k * nIn + i] += dNet * x[t][i];
                    }
                }
            }
        }
        layer.backward(f, dU, null);
        return y;
    }

    /** E summed over the target steps (the quantity whose gradient {@link #forwardBackward} computes). */
    public double error(double[][] y, double[][] target, boolean[] targetMask) {
        double e = 0;
        for (int t = 0; t < y.length; t++) {
            if (targetMask[t]) {
                e += units.error(y[t], target[t]);
            }
        }
        return e;
    }

    /** Indices of the non-zero inputs per step: the shortcut's sums skip the zeros of one-hot inputs. */
    private int[][] nonZero(double[][] x) {
        if (wShortcut == null) {
            return null;
        }
        int[][] nz = new int[x.length][];
        for (int t = 0; t < x.length; t++) {
            int n = 0;
            int[] idx = new int[x[t].length];
            for (int i = 0; i < x[t].length; i++) {
                if (x[t][i] != 0.0) {
                    idx[n++] = i;
                }
            }
            nz[t] = java.util.Arrays.copyOf(idx, n);
        }
        return nz;
    }

    private double[][] outputs(RecurrentLayer.Forward f, double[][] x) {
        int time = f.y[0].length;
        int[][] nonZero = nonZero(x);
        int nC = nVisible;
        double[][] y = new double[time][nOut];
        for (int t = 0; t < time; t++) {
            for (int k = 0; k < nOut; k++) {
                double a = outputBias ? bOut.value[k] : 0.0;
                for (int v = 0; v < nC; v++) {
                    a += wOut.value[k * nC + v] * f.y[0][t][v];
                }
                if (wShortcut != null) {
                    int nIn = cell.inputSize();
                    for (int i : nonZero[t]) {
                        a += wShortcut.value[k * nIn + i] * x[t][i];
                    }
                }
                y[t][k] = a;
            }
            units.activate(y[t]);
        }
        return y;
    }
}
