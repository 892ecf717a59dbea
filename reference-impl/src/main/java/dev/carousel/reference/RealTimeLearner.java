package dev.carousel.reference;

import dev.carousel.spec.Activation;
import dev.carousel.spec.MemoryBlockSpec;
import java.util.Arrays;
import java.util.Set;

/**
 * The learning rule of Hochreiter &amp; Schmidhuber 1997 for a network of memory blocks
 * ({@link RecurrentNetwork#ofMemoryBlocks}), computed forward in time (§4 and Appendix A.1 of the paper, a variant
 * of RTRL): the truncated gradient ({@link MemoryBlockGradient#TRUNCATED_1997}) from traces of the cell states.
 *
 * <p>For every cell c of block j and every source m of the hidden units (the inputs x(t), the hidden units at t−1
 * with connectivity F, and the bias 1), with z_m the source's value at step t:
 * <pre>
 *   ∂s_c(t)/∂w_{c m}   = y_φ(t) ∂s_c(t−1)/∂w_{c m}   + g'(net_c(t)) y_in(t) z_m                 (eq. 25)
 *   ∂s_c(t)/∂w_{in m}  = y_φ(t) ∂s_c(t−1)/∂w_{in m}  + g(net_c(t)) f'(net_in(t)) z_m            (eq. 27)
 *   ∂s_c(t)/∂w_{φ m}   = y_φ(t) ∂s_c(t−1)/∂w_{φ m}   + s_c(t−1) f'(net_φ(t)) z_m   (forget gates, Gers 2000)
 * </pre>
 * (y_φ = 1 without forget gates: the 1997 cell). At a step with a target, with δ_k = ∂E/∂net_k at the output units
 * ({@link OutputUnits}) and e_c = Σ_k w_kc δ_k, the step's contribution to the gradient is
 * <pre>
 *   ∂E/∂w_{c m}   = e_c y_out h'(s_c) ∂s_c/∂w_{c m}
 *   ∂E/∂w_{in m}  = Σ_{c in block} e_c y_out h'(s_c) ∂s_c/∂w_{in m}       (and w_{φ m} likewise)
 *   ∂E/∂w_{out m} = f'(net_out) Σ_{c in block} e_c h(s_c) z_m             (instantaneous: no trace)
 *   ∂E/∂w_{k c}   = δ_k y_c,   ∂E/∂w_{k i} = δ_k x_i (input shortcut),   ∂E/∂b_k = δ_k
 * </pre>
 * all evaluated with the weights of that step. Summed over the steps at fixed weights this is exactly the gradient
 * {@link MemoryBlockCell} computes with {@link MemoryBlockGradient#TRUNCATED_1997} (tested).
 *
 * <p>{@link UpdateTiming#STEP}: "each weight's total update is the sum of the contributions of all time steps",
 * applied as they arrive: at every target step w ← w − α ∂E(t)/∂w, so the next step's forward pass and gradient use
 * the changed weights (the traces keep what they accumulated). {@link UpdateTiming#SEQUENCE}: accumulate-only; each
 * step's contribution is added to the parameters' {@code grad} arrays and the weights are not changed (the caller
 * steps an optimizer after the sequence).
 *
 * <p>Only the memory-block network: a Carousel {@link LstmCell} (or any other cell) is rejected. A network whose
 * blocks compute {@link MemoryBlockGradient#EXACT} gradients with hidden recurrence (connectivity F) is rejected
 * too, since there the per-step rule (always truncated) and the network's own gradient differ; without hidden
 * recurrence (connectivity B) the two are equal.
 */
public final class RealTimeLearner {
    private final RecurrentNetwork net;
    private final MemoryBlockCell cell;
    private final UpdateTiming timing;
    private final double learningRate;
    private final int nIn;
    private final int nC;
    private final int nR;
    private final int cols;
    private final int perBlock;
    private final int nOut;
    private final boolean forget;
    private final boolean outGates;
    private final Param w;
    private final Param b;
    private final Param wOut;
    private final Param bOut;
    private final Param wX;
    private final OutputUnits units;
    private final Activation cellAct;
    private final Activation outAct;
    /** Traces [C][cols + 1] (last column: the bias): ∂s_c/∂w of the cell's own input, its input and forget gate. */
    private final double[][] traceCell;
    private final double[][] traceIn;
    private final double[][] traceForget;
    private boolean frozenW;
    private boolean frozenB;
    private boolean frozenOut;
    private boolean frozenOutB;
    private boolean frozenX;
    private double[][] state;
    private final int[] nonZero;

    /**
     * @param net          a network of memory blocks ({@link RecurrentNetwork#ofMemoryBlocks})
     * @param timing       per-step updates or accumulate-only (per sequence)
     * @param learningRate α of the per-step update (≥ 0; ignored with {@link UpdateTiming#SEQUENCE})
     */
    public RealTimeLearner(RecurrentNetwork net, UpdateTiming timing, double learningRate) {
        if (net == null || timing == null) {
            throw new IllegalArgumentException("RealTimeLearner: network and update timing must not be null, got "
                    + net + ", " + timing);
        }
        if (!(net.cell() instanceof MemoryBlockCell)) {
            throw new IllegalArgumentException("RealTimeLearner: per-step (real-time) updates are implemented for "
                    + "the 1997 memory-block network (MemoryBlockCell) only; got "
                    + net.cell().getClass().getSimpleName() + " (use per-sequence updates)");
        }
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("RealTimeLearner: learning rate must be finite and >= 0, got "
                    + learningRate);
        }
        this.net = net;
        this.cell = (MemoryBlockCell) net.cell();
        MemoryBlockSpec spec = cell.spec();
        if (cell.gradient() == MemoryBlockGradient.EXACT && spec.recurrentHidden()) {
            throw new IllegalArgumentException("RealTimeLearner: the per-step rule is the truncated 1997 gradient, "
                    + "but the memory blocks compute EXACT gradients with hidden recurrence (connectivity F), where "
                    + "the two differ; build the network with TRUNCATED_1997");
        }
        if (net.visible() != spec.cells()) {
            throw new IllegalArgumentException("RealTimeLearner: the output units must read the " + spec.cells()
                    + " cell outputs, got visible = " + net.visible());
        }
        this.timing = timing;
        this.learningRate = learningRate;
        this.nIn = spec.inputSize();
        this.nC = spec.cells();
        this.nR = spec.recurrentHidden() ? spec.hiddenUnits() : 0;
        this.cols = nIn + nR;
        this.perBlock = spec.cellsPerBlock();
        this.nOut = net.outputs();
        this.forget = spec.forgetGates();
        this.outGates = spec.outputGates();
        ParamSet p = net.params();
        this.w = p.get("hidden.w");
        this.b = p.get("hidden.b");
        this.wOut = p.get("out.w");
        this.bOut = p.get("out.b");
        this.wX = net.inputShortcut() ? p.get("out.w_x") : null;
        this.units = net.units();
        this.cellAct = spec.cellActivation();
        this.outAct = spec.outputActivation();
        this.traceCell = new double[nC][cols + 1];
        this.traceIn = new double[nC][cols + 1];
        this.traceForget = forget ? new double[nC][cols + 1] : null;
        this.nonZero = new int[nIn];
        startSequence();
    }

    public UpdateTiming timing() {
        return timing;
    }

    public RecurrentNetwork network() {
        return net;
    }

    /**
     * Parameters (names of {@link RecurrentNetwork#params()}) that get neither updates nor gradient, e.g. a memory
     * block that has not joined the network yet (the paper's sequential construction); empty: all learn.
     */
    public void setFrozen(Set<String> names) {
        for (String n : names) {
            net.params().get(n);                        // unknown names: a clear exception
        }
        frozenW = names.contains("hidden.w");
        frozenB = names.contains("hidden.b");
        frozenOut = names.contains("out.w");
        frozenOutB = names.contains("out.b");
        frozenX = names.contains("out.w_x");
    }

    /** Resets activations, cell states and traces to zero (the paper resets them after every sequence). */
    public void startSequence() {
        state = cell.zeroState();
        for (int v = 0; v < nC; v++) {
            Arrays.fill(traceCell[v], 0.0);
            Arrays.fill(traceIn[v], 0.0);
            if (forget) {
                Arrays.fill(traceForget[v], 0.0);
            }
        }
    }

    /**
     * One sequence from a fresh state: every step in order, learning at the steps of {@code targetMask}.
     *
     * @return the outputs y [T][O], each computed with the weights of its step (before that step's update)
     */
    public double[][] sequence(double[][] x, double[][] target, boolean[] targetMask) {
        if (x.length != targetMask.length || x.length != target.length) {
            throw new IllegalArgumentException("RealTimeLearner: inputs, targets and target mask must have the same "
                    + "number of steps, got " + x.length + ", " + target.length + ", " + targetMask.length);
        }
        startSequence();
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = step(x[t], targetMask[t] ? target[t] : null);
        }
        return y;
    }

    /**
     * One time step: forward pass, traces, and, where {@code target} is not null, the step's gradient contribution
     * (applied to the weights with {@link UpdateTiming#STEP}, added to {@code grad} with
     * {@link UpdateTiming#SEQUENCE}).
     *
     * @param x      the input x(t) [I]
     * @param target the target d(t) [O], or null for a step without error
     * @return the outputs y(t) [O] (before this step's update)
     */
    public double[] step(double[] x, double[] target) {
        if (x.length != nIn) {
            throw new IllegalArgumentException("RealTimeLearner: input must have " + nIn + " entries, got "
                    + x.length);
        }
        if (target != null && target.length != nOut) {
            throw new IllegalArgumentException("RealTimeLearner: target must have " + nOut + " entries, got "
                    + target.length);
        }
        double[] uPrev = state[0];
        double[] sPrev = state[1];
        MemoryBlockCell.BlockStep st = (MemoryBlockCell.BlockStep) cell.forward(x, state);
        int nz = 0;
        for (int k = 0; k < nIn; k++) {
            if (x[k] != 0.0) {
                nonZero[nz++] = k;
            }
        }
        // the traces (eqs. 25, 27): truncated, so z_m = y_m(t-1) counts as a constant
        for (int v = 0; v < nC; v++) {
            int j = v / perBlock;
            double yIn = st.u[cell.inputGateUnit(j)];
            double cc = cellAct.derivative(st.net[v]) * yIn;
            double ci = st.g[v] * yIn * (1.0 - yIn);
            double[] tc = traceCell[v];
            double[] ti = traceIn[v];
            double[] tf = forget ? traceForget[v] : null;
            double cf = 0;
            if (forget) {
                double yPhi = st.u[cell.forgetGateUnit(j)];
                cf = sPrev[v] * yPhi * (1.0 - yPhi);
                for (int m = 0; m <= cols; m++) {
                    tc[m] *= yPhi;
                    ti[m] *= yPhi;
                    tf[m] *= yPhi;
                }
            }
            for (int n = 0; n < nz; n++) {
                int k = nonZero[n];
                tc[k] += cc * x[k];
                ti[k] += ci * x[k];
                if (forget) {
                    tf[k] += cf * x[k];
                }
            }
            for (int r = 0; r < nR; r++) {
                tc[nIn + r] += cc * uPrev[r];
                ti[nIn + r] += ci * uPrev[r];
                if (forget) {
                    tf[nIn + r] += cf * uPrev[r];
                }
            }
            tc[cols] += cc;
            ti[cols] += ci;
            if (forget) {
                tf[cols] += cf;
            }
        }
        // the output units
        double[] y = new double[nOut];
        double[] wo = wOut.value;
        for (int k = 0; k < nOut; k++) {
            double a = net.outputBias() ? bOut.value[k] : 0.0;
            for (int v = 0; v < nC; v++) {
                a += wo[k * nC + v] * st.u[v];
            }
            if (wX != null) {
                for (int n = 0; n < nz; n++) {
                    a += wX.value[k * nIn + nonZero[n]] * x[nonZero[n]];
                }
            }
            y[k] = a;
        }
        units.activate(y);
        if (target != null) {
            learn(x, nz, uPrev, st, y, target);
        }
        state = st.state();
        return y;
    }

    private void learn(double[] x, int nz, double[] uPrev, MemoryBlockCell.BlockStep st, double[] y,
                       double[] target) {
        double[] dNet = new double[nOut];
        double[] e = new double[nC];
        for (int k = 0; k < nOut; k++) {
            dNet[k] = units.dNet(y[k], target[k]);
            for (int v = 0; v < nC; v++) {
                e[v] += wOut.value[k * nC + v] * dNet[k];     // with the weights of this step, before any change
            }
        }
        boolean now = timing == UpdateTiming.STEP;
        double f = now ? -learningRate : 1.0;
        double[] dW = now ? w.value : w.grad;
        double[] dB = now ? b.value : b.grad;
        double[] dOut = now ? wOut.value : wOut.grad;
        if (!frozenOut) {
            for (int k = 0; k < nOut; k++) {
                for (int v = 0; v < nC; v++) {
                    dOut[k * nC + v] += f * dNet[k] * st.u[v];
                }
            }
        }
        if (net.outputBias() && !frozenOutB) {
            double[] dBOut = now ? bOut.value : bOut.grad;
            for (int k = 0; k < nOut; k++) {
                dBOut[k] += f * dNet[k];
            }
        }
        if (wX != null && !frozenX) {
            double[] dX = now ? wX.value : wX.grad;
            for (int k = 0; k < nOut; k++) {
                for (int n = 0; n < nz; n++) {
                    int i = nonZero[n];
                    dX[k * nIn + i] += f * dNet[k] * x[i];
                }
            }
        }
        for (int v = 0; v < nC; v++) {
            int j = v / perBlock;
            int inUnit = cell.inputGateUnit(j);
            int outUnit = cell.outputGateUnit(j);
            int phiUnit = cell.forgetGateUnit(j);
            double yOut = outGates ? st.u[outUnit] : 1.0;
            double es = f * e[v] * yOut * outAct.derivative(st.s[v]);
            if (!frozenW) {
                addRow(dW, v, es, traceCell[v]);
                addRow(dW, inUnit, es, traceIn[v]);
                if (forget) {
                    addRow(dW, phiUnit, es, traceForget[v]);
                }
            }
            if (!frozenB) {
                dB[v] += cell.biased(v) ? es * traceCell[v][cols] : 0.0;
                dB[inUnit] += cell.biased(inUnit) ? es * traceIn[v][cols] : 0.0;
                if (forget && cell.biased(phiUnit)) {
                    dB[phiUnit] += es * traceForget[v][cols];
                }
            }
            if (outGates) {
                double dOg = f * e[v] * outAct.apply(st.s[v]) * yOut * (1.0 - yOut);
                if (!frozenW) {
                    int row = outUnit * cols;
                    for (int n = 0; n < nz; n++) {
                        int i = nonZero[n];
                        dW[row + i] += dOg * x[i];
                    }
                    for (int r = 0; r < nR; r++) {
                        dW[row + nIn + r] += dOg * uPrev[r];
                    }
                }
                if (!frozenB && cell.biased(outUnit)) {
                    dB[outUnit] += dOg;
                }
            }
        }
    }

    private void addRow(double[] dW, int unit, double scale, double[] trace) {
        int row = unit * cols;
        for (int m = 0; m < cols; m++) {
            dW[row + m] += scale * trace[m];
        }
    }

    /** A copy of the current traces, each [C][I + R + 1] (last column: the bias); forget-gate traces or null. */
    public Traces traces() {
        return new Traces(deepCopy(traceCell), deepCopy(traceIn), forget ? deepCopy(traceForget) : null);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /**
     * The traces ∂s_c/∂w after the last step, per cell c and source m (x(t), the hidden units at t−1, the bias).
     *
     * @param cellInput  ∂s_c/∂w_{c m} (eq. 25)
     * @param inputGate  ∂s_c/∂w_{in m} of the cell's block's input gate (eq. 27)
     * @param forgetGate ∂s_c/∂w_{φ m} of the block's forget gate, or null without forget gates
     */
    public record Traces(double[][] cellInput, double[][] inputGate, double[][] forgetGate) {
    }
}
