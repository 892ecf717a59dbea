package dev.carousel.dl4j.layers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import dev.carousel.dl4j.host.HostGemm;
import dev.carousel.dl4j.host.HostThreads;
import dev.carousel.dl4j.host.HostView;
import dev.carousel.dl4j.host.RowBlocks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What Carousel's recurrent layers share around their time loops: input checks, the NCW/NWC to time-major
 * conversion, masks (equations.md section 3: a masked step outputs 0, carries the state and passes no gradient),
 * stored state for {@code rnnTimeStep} and truncated BPTT (DL4J's protocol: the TBPTT forward starts from and
 * overwrites {@code tBpttStateMap}; the TBPTT backward recomputes the segment from {@code stateMap}), workspace
 * placement, and the choice between the CPU fast path and the ND4J-operations path.
 *
 * <p>States are stored under DL4J's LSTM keys: {@value #STATE_KEY_H} (h, [B, H]) and {@value #STATE_KEY_C}
 * (c, [B, H], LSTM only). {@link #rnnSetPreviousState} therefore sets the initial state of the next
 * {@code rnnTimeStep}; {@link #forwardFrom} / {@link #backpropFrom} run a whole sequence from an explicit initial
 * state, and {@link #getInitialStateGradient()} returns dL/dh_0 (and dL/dc_0) of the last backward pass.
 *
 * <p>A forward pass in training mode ({@code activate(true, ...)}) keeps its per-step caches, outside any
 * workspace, and the next {@code backpropGradient} on the same input and mask uses them instead of recomputing
 * the forward pass (DL4J's own order in fit, gradient checks and wrappers), but only while the input, the mask and
 * the parameters still hold the values that pass saw (checked by one exact comparison with copies taken at the
 * forward pass): after {@code setParams}, an in-place change of the input or any other change, the backward pass
 * recomputes the forward pass, so a gradient always belongs to the current parameters and input.
 * {@link #clear()} drops the caches.
 */
public abstract class CarouselRecurrentLayer<C extends dev.carousel.dl4j.conf.CarouselRecurrentConf>
        extends BaseRecurrentLayer<C> {
    public static final String STATE_KEY_H = "prevAct";
    public static final String STATE_KEY_C = "prevMem";
    /** System property that forces the ND4J-operations path on the CPU backend (for tests). */
    public static final String ND4J_OPS_PROPERTY = "carousel.dl4j.nd4jOpsOnly";

    private static final boolean CPU_BACKEND = Nd4j.getBackend().getClass().getSimpleName().toLowerCase()
            .contains("cpu");

    private INDArray[] initialStateGradient;
    /** Buffers kept between a training forward pass and its backward pass. */
    private final Map<String, INDArray> keptBuffers = new HashMap<>();
    /** Backward's working arrays when the call brings no workspace for them ({@link #backwardMemory}). */
    private final Map<String, INDArray> backwardBuffers = new HashMap<>();
    private SequencePass keptPass;
    private INDArray keptInput;
    private INDArray keptMask;
    /** Copies of the input, mask and parameters the kept pass was computed from (detached). */
    private INDArray keptInputValues;
    private INDArray keptMaskValues;
    private INDArray keptParamValues;
    private Map<String, INDArray> finalStateGradient;

    private final int stateCount;
    private final String layerKind;

    /**
     * @param stateCount 1 (h) or 2 (h, c)
     * @param layerKind  the layer's name in messages ("PeepholeLSTM", "GRU")
     */
    protected CarouselRecurrentLayer(NeuralNetConfiguration conf, DataType dataType, int stateCount, String layerKind) {
        super(conf, dataType);
        this.stateCount = stateCount;
        this.layerKind = layerKind;
    }

    /** 1 (h) or 2 (h, c). */
    protected final int stateCount() {
        return stateCount;
    }

    protected final String layerKind() {
        return layerKind;
    }

    // ---- what a concrete layer provides ----

    /** System property that turns the input check off for every layer: {@code -Dcarousel.checkInput=false}. */
    public static final String CHECK_INPUT_PROPERTY = "carousel.checkInput";

    /**
     * Whether inputs are checked for NaN and infinities: the configuration's {@code checkInput} (default true),
     * unless the system property {@value #CHECK_INPUT_PROPERTY} is {@code false}.
     */
    protected boolean checkInput() {
        return layerConf().isCheckInput() && !"false".equalsIgnoreCase(System.getProperty(CHECK_INPUT_PROPERTY));
    }

    /** Inputs of at most this many elements are checked by a scan in Java instead of an ND4J reduction. */
    private static final long SMALL_INPUT = 1 << 16;

    /**
     * Refuses NaN and infinite inputs. One pass in the common case: the sum of a finite input is finite, except on
     * overflow, which the scan for the position then tells apart.
     */
    private void checkFinite(INDArray in) {
        boolean small = in.length() <= SMALL_INPUT && usesHostPath() && HostView.supports(in.dataType())
                && HostView.contiguousC(in);
        if (small ? new HostView(in).allFinite() : Double.isFinite(in.sumNumber().doubleValue())) {
            return;                                      // small inputs (streaming steps): a scan, no ND4J reduction
        }
        long[] shape = in.shape();
        long[] idx = new long[shape.length];
        for (long k = 0; k < in.length(); k++) {
            long r = k;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = r % shape[d];
                r /= shape[d];
            }
            double v = in.getDouble(idx);
            if (!Double.isFinite(v)) {
                throw new DL4JInvalidInputException(who() + ": input contains " + v + " at " + Arrays.toString(idx)
                        + " of shape " + Arrays.toString(shape) + " (" + (nwc() ? "NWC" : "NCW")
                        + "); the check can be turned off with checkInput(false) or -D" + CHECK_INPUT_PROPERTY
                        + "=false");
            }
        }
    }

    /** Refuses a parameter of another shape than the configuration's (DL4J would assign or broadcast it). */
    @Override
    public void setParam(String key, INDArray val) {
        Map<String, INDArray> table = paramTable();
        INDArray cur = table == null ? null : table.get(key);
        if (cur == null) {
            throw new IllegalArgumentException(who() + ": unknown parameter '" + key + "'; expected one of "
                    + paramKeys());
        }
        if (val == null || !Arrays.equals(cur.shape(), val.shape())) {
            throw new IllegalArgumentException(who() + ": parameter '" + key + "' must have shape "
                    + Arrays.toString(cur.shape()) + ", got " + (val == null ? "null" : Arrays.toString(val.shape())));
        }
        super.setParam(key, val);
    }

    /** Whether the configuration asks for the ND4J-operations path on the CPU backend too. */
    protected boolean nd4jOpsOnly() {
        return layerConf().isNd4jOpsOnly();
    }

    /** Gate columns of a step's pre-activation block (G*H for an LSTM, 3H for a GRU). */
    protected abstract int gateColumns();

    /** Runs the time loop: fills {@code p.y} and {@code p.finalState} (and keeps caches when forBackprop). */
    protected abstract void forward(SequencePass p, LayerWorkspaceMgr mgr);

    /**
     * Backpropagation through time for steps [firstStep, T) of a pass made with forBackprop: writes every parameter
     * gradient into {@code gradientViews} (overwriting), fills {@code p.initialStateGradient}, and returns
     * dL/dx [T*B, I] ('c', time-major) allocated as ACTIVATION_GRAD.
     */
    protected abstract INDArray backward(SequencePass p, INDArray dy, int firstStep, LayerWorkspaceMgr mgr);

    // ---- DL4J API ----

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    /** Whether this layer runs its pointwise maths in Java loops (CPU backend, FLOAT/DOUBLE, not forced off). */
    public boolean usesHostPath() {
        return CPU_BACKEND && HostView.supports(dataType) && !nd4jOpsOnly() && !Boolean.getBoolean(ND4J_OPS_PROPERTY);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        if (!training) {
            return run(input, null, null, mgr);
        }
        // a training forward pass keeps its caches (outside workspaces) for the backward pass that follows it
        keptPass = null;
        SequencePass p = prepare(input, maskArray, null, true, ArrayType.ACTIVATIONS,
                PassMemory.kept(keptBuffers, dataType), mgr);
        forward(p, mgr);
        keptPass = p;
        keptInput = input;
        keptMask = maskArray;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            keptInputValues = input.dup();
            keptMaskValues = maskArray == null ? null : maskArray.dup();
            keptParamValues = paramsFlattened == null ? null : paramsFlattened.dup();
        }
        return fromTimeMajor(p.y, p.time, p.batch);
    }

    @Override
    public INDArray rnnTimeStep(INDArray in, LayerWorkspaceMgr mgr) {
        boolean rank2 = in.rank() == 2;
        INDArray in3 = rank2 ? in.reshape(in.size(0), in.size(1), 1) : in;
        setInput(in3, mgr);
        INDArray out = run(input, stateMap, stateMap, mgr);
        return rank2 ? out.reshape(out.size(0), out.size(1)) : out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray in, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr mgr) {
        setInput(in, mgr);
        applyDropOutIfNecessary(training, mgr);
        return run(input, tBpttStateMap, storeLastForTBPTT ? tBpttStateMap : null, mgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        return backpropInternal(epsilon, null, -1, mgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
                                                          LayerWorkspaceMgr mgr) {
        return backpropInternal(epsilon, stateMap, tbpttBackwardLength, mgr);
    }

    /**
     * Runs the layer on {@code in} (NCW or NWC, per the configuration) from an explicit initial state
     * ({@link #STATE_KEY_H}, {@link #STATE_KEY_C} of shape [B, H]; null or missing keys mean zeros), using the
     * current mask array. Stored states are neither read nor changed. If {@code finalStateOut} is not null it
     * receives the final states (detached), keyed like the stored state.
     */
    public INDArray forwardFrom(INDArray in, Map<String, INDArray> initialState, Map<String, INDArray> finalStateOut,
                                LayerWorkspaceMgr mgr) {
        setInput(in, mgr);
        return run(input, initialState, finalStateOut, mgr);
    }

    /**
     * Backpropagation for the input last set (with {@link #forwardFrom} or by the network) from an explicit
     * initial state, with an optional gradient dL/d(final state) ({@link #STATE_KEY_H}, {@link #STATE_KEY_C},
     * [B, H]; null for none); afterwards {@link #getInitialStateGradient()} holds dL/d(initial state).
     */
    public Pair<Gradient, INDArray> backpropFrom(INDArray epsilon, Map<String, INDArray> initialState,
                                                 Map<String, INDArray> finalStateGradient, LayerWorkspaceMgr mgr) {
        this.finalStateGradient = finalStateGradient;
        try {
            return backpropInternal(epsilon, initialState, -1, mgr);
        } finally {
            this.finalStateGradient = null;
        }
    }

    /**
     * dL/d(initial state) of the last backward pass, keyed like the stored state ({@link #STATE_KEY_H}, and
     * {@link #STATE_KEY_C} for an LSTM), [B, H] each, detached; null before the first backward pass.
     */
    public Map<String, INDArray> getInitialStateGradient() {
        if (initialStateGradient == null) {
            return null;
        }
        Map<String, INDArray> m = new HashMap<>();
        m.put(STATE_KEY_H, initialStateGradient[0]);
        if (stateCount() == 2) {
            m.put(STATE_KEY_C, initialStateGradient[1]);
        }
        return m;
    }

    /** Also drops the caches a training forward pass kept for its backward pass. */
    @Override
    public void clear() {
        super.clear();
        dropKeptPass();
    }

    private void dropKeptPass() {
        keptPass = null;
        keptInput = null;
        keptMask = null;
        keptInputValues = null;
        keptMaskValues = null;
        keptParamValues = null;
    }

    // ---- plumbing ----

    /**
     * Whether the kept training pass still belongs to the current input, mask and parameters: the same objects may
     * have been changed in place since (setParams, {@code x.muli(2)}). One exact comparison pass over each, far
     * cheaper than the forward pass it saves.
     */
    private boolean keptPassIsCurrent() {
        return sameValues(keptInputValues, input) && sameValues(keptMaskValues, maskArray)
                && sameValues(keptParamValues, paramsFlattened);
    }

    private static boolean sameValues(INDArray kept, INDArray now) {
        if (kept == null || now == null) {
            return kept == now;
        }
        if (!Arrays.equals(kept.shape(), now.shape()) || kept.dataType() != now.dataType()) {
            return false;
        }
        return !kept.neq(now).any();
    }

    private INDArray run(INDArray in, Map<String, INDArray> initFrom, Map<String, INDArray> storeTo,
                         LayerWorkspaceMgr mgr) {
        SequencePass p = prepare(in, maskArray, initFrom, false, ArrayType.ACTIVATIONS,
                PassMemory.workspace(mgr, ArrayType.FF_WORKING_MEM, dataType), mgr);
        forward(p, mgr);
        if (storeTo != null) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                storeTo.put(STATE_KEY_H, p.finalState[0].dup('c'));
                if (stateCount() == 2) {
                    storeTo.put(STATE_KEY_C, p.finalState[1].dup('c'));
                }
            }
        }
        return fromTimeMajor(p.y, p.time, p.batch);
    }

    private Pair<Gradient, INDArray> backpropInternal(INDArray epsilon, Map<String, INDArray> initFrom,
                                                      int tbpttLength, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        SequencePass p;
        if (keptPass != null && keptInput == input && keptMask == maskArray && initFrom == null && tbpttLength < 0
                && finalStateGradient == null && keptPassIsCurrent()) {
            p = keptPass;                                  // the caches of the training forward pass on this input
        } else {
            p = prepare(input, maskArray, initFrom, true, ArrayType.BP_WORKING_MEM,
                    PassMemory.workspace(mgr, ArrayType.BP_WORKING_MEM, dataType), mgr);
            forward(p, mgr);
        }
        dropKeptPass();
        long nOut = layerConf().getNOut();
        checkEpsilon(epsilon, p, nOut);
        INDArray dy = toTimeMajor(epsilon, p.time, p.batch, nOut, backwardMemory(mgr), "dy");
        int first = tbpttLength < 0 ? 0 : Math.max(0, p.time - tbpttLength);
        if (finalStateGradient != null) {
            p.finalStateGradient = states(finalStateGradient, p.batch, nOut, "final-state gradient");
        }
        INDArray dx = backward(p, dy, first, mgr);
        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String key : conf.getLayer().initializer().paramKeys(conf.getLayer())) {
            g.setGradientFor(key, gradientViews.get(key));
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            initialStateGradient = new INDArray[p.initialStateGradient.length];
            for (int k = 0; k < initialStateGradient.length; k++) {
                initialStateGradient[k] = p.initialStateGradient[k].dup('c');
            }
        }
        weightNoiseParams.clear();
        INDArray epsOut = fromTimeMajor(dx, p.time, p.batch);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(g, epsOut);
    }

    private String who() {
        String name = conf.getLayer().getLayerName();
        return layerKind() + " (layer " + index + (name != null ? " '" + name + "'" : "") + ")";
    }

    private boolean nwc() {
        return layerConf().getRnnDataFormat() == RNNFormat.NWC;
    }

    private SequencePass prepare(INDArray in, INDArray mask, Map<String, INDArray> initFrom, boolean forBackprop,
                                 ArrayType out, PassMemory memory, LayerWorkspaceMgr mgr) {
        long nIn = layerConf().getNIn();
        long nOut = layerConf().getNOut();
        String layout = nwc() ? "[minibatch, time, nIn=" + nIn + "] (NWC)" : "[minibatch, nIn=" + nIn + ", time] (NCW)";
        if (in.rank() != 3) {
            throw new DL4JInvalidInputException(who() + ": expected rank 3 input " + layout + ", got rank "
                    + in.rank() + " with shape " + Arrays.toString(in.shape()));
        }
        long features = nwc() ? in.size(2) : in.size(1);
        if (features != nIn) {
            throw new DL4JInvalidInputException(who() + ": expected input " + layout + " with nIn=" + nIn
                    + " features, got shape " + Arrays.toString(in.shape()) + " (" + features + " features)");
        }
        if (!in.dataType().isFPType()) {
            throw new DL4JInvalidInputException(who() + ": expected floating-point input, got " + in.dataType());
        }
        int batch = (int) in.size(0);
        int time = (int) (nwc() ? in.size(1) : in.size(2));
        if (checkInput()) {
            checkFinite(in);
        }
        boolean host = usesHostPath();
        ArrayType work = out == ArrayType.ACTIVATIONS ? ArrayType.FF_WORKING_MEM : ArrayType.BP_WORKING_MEM;
        INDArray x = toTimeMajor(in, time, batch, nIn, memory, "x");
        INDArray m = null;
        double[] mHost = null;
        if (mask != null) {
            if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != time) {
                throw new DL4JInvalidInputException(who() + ": expected mask of shape [minibatch=" + batch
                        + ", time=" + time + "], got shape " + Arrays.toString(mask.shape()));
            }
            m = memory.get("mask", false, time, batch);
            m.assign(mask.castTo(dataType).transpose());
            mHost = new double[time * batch];
            new HostView(m).read(0, mHost, 0, mHost.length);
            for (int k = 0; k < mHost.length; k++) {
                if (mHost[k] != 0.0 && mHost[k] != 1.0) {
                    throw new IllegalArgumentException(who() + ": mask values must be 0 or 1, got " + mHost[k]
                            + " at [" + (k % batch) + ", " + (k / batch) + "] (minibatch, time)");
                }
            }
            if (!host) {
                mHost = null;
            }
        }
        INDArray[] init = null;
        if (initFrom != null && (initFrom.get(STATE_KEY_H) != null || initFrom.get(STATE_KEY_C) != null)) {
            init = states(initFrom, batch, nOut, "stored/initial state");
        }
        int blocks = host ? HostThreads.blocks(batch, time, (int) nOut, gateColumns(), forBackprop) : 1;
        return new SequencePass(batch, time, x, m, mHost, init, forBackprop, host, out, work, memory,
                new RowBlocks(batch, blocks));
    }

    private INDArray[] states(Map<String, INDArray> from, int batch, long nOut, String what) {
        INDArray[] st = new INDArray[stateCount()];
        String[] keys = {STATE_KEY_H, STATE_KEY_C};
        for (int k = 0; k < st.length; k++) {
            INDArray s = from.get(keys[k]);
            if (s == null) {
                s = Nd4j.zeros(dataType, batch, nOut);
            }
            if (s.rank() != 2 || s.size(0) != batch || s.size(1) != nOut) {
                throw new DL4JInvalidInputException(who() + ": " + what + " '" + keys[k] + "' has shape "
                        + Arrays.toString(s.shape()) + " but the input needs [minibatch=" + batch + ", nOut=" + nOut
                        + "]; call rnnClearPreviousState() when the minibatch size changes");
            }
            st[k] = s.castTo(dataType);
        }
        return st;
    }

    private void checkEpsilon(INDArray eps, SequencePass p, long nOut) {
        long[] expected = nwc() ? new long[] {p.batch, p.time, nOut} : new long[] {p.batch, nOut, p.time};
        if (!Arrays.equals(eps.shape(), expected)) {
            throw new DL4JInvalidInputException(who() + ": expected output gradient of shape "
                    + Arrays.toString(expected) + ", got " + Arrays.toString(eps.shape()));
        }
    }

    /** [B, n, T] (NCW) or [B, T, n] (NWC) to a 'c' time-major [T*B, n] matrix. */
    private INDArray toTimeMajor(INDArray a, int time, int batch, long n, PassMemory memory, String name) {
        INDArray tm = memory.get(name, false, time, batch, n);
        INDArray src = a.dataType() == dataType ? a : a.castTo(dataType);
        tm.assign(nwc() ? src.permute(1, 0, 2) : src.permute(2, 0, 1));
        return tm.reshape('c', (long) time * batch, n);
    }

    /** A time-major [T*B, n] matrix as [B, n, T] (NCW) or [B, T, n] (NWC): a permuted view, no copy. */
    private INDArray fromTimeMajor(INDArray tm, int time, int batch) {
        INDArray t3 = tm.reshape('c', time, batch, tm.size(1));
        return nwc() ? t3.permute(1, 0, 2) : t3.permute(1, 2, 0);
    }

    /**
     * sum[j] += m[r*width + j] over the rows r &lt; rows: a bias gradient accumulated step by step on the host path
     * (ND4J's column sum over the [T*B, width] gradient block costs more than the rest of the bias work).
     */
    static void addRows(double[] m, int rows, int width, double[] sum) {
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            for (int j = 0; j < width; j++) {
                sum[j] += m[off + j];
            }
        }
    }

    /**
     * {@code C = op(A) op(B)} for a product over all time steps: on the host path through CBLAS, cut into one slab
     * per row block of the pass so that every thread of the pass takes part ({@link HostGemm}); through
     * {@code Nd4j.gemm} on the ND4J-operations path.
     */
    static void allSteps(SequencePass p, INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {
        if (p.host) {
            HostGemm.gemm(a, b, c, transA, transB, 1.0, 0.0, p.rowBlocks.count());
        } else {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
        }
    }

    /**
     * A [T*B, width] gradient block that backward fills step by step: uninitialised on the host path, which writes
     * every row of steps firstStep..T-1 (only rows before firstStep, left by truncated BPTT, are zeroed), zeroed on
     * the ND4J-operations path.
     */
    INDArray stepGradients(SequencePass p, String name, long width, int firstStep, LayerWorkspaceMgr mgr) {
        PassMemory memory = backwardMemory(mgr);
        if (!p.host) {
            return memory.get(name, true, (long) p.time * p.batch, width);
        }
        INDArray g = memory.get(name, false, (long) p.time * p.batch, width);
        if (firstStep > 0) {
            p.steps(g, 0, firstStep).assign(0);
        }
        return g;
    }

    /**
     * Where backward keeps its large working arrays (the time-major dL/dy, the per-step gradient blocks): the call's
     * backprop workspace when it has one (as inside a MultiLayerNetwork or ComputationGraph with workspaces, the
     * default), else buffers this layer keeps and reuses while the shape stays the same. Without that, a call without
     * workspaces allocated and faulted in a fresh [T*B, G*H] block every time, about a third of a training step at
     * B=32, T=100, H=128 on the 2-core machine (JFR). Nothing backward returns points into them.
     */
    PassMemory backwardMemory(LayerWorkspaceMgr mgr) {
        if (mgr.isScopedOut(ArrayType.BP_WORKING_MEM) || !mgr.hasConfiguration(ArrayType.BP_WORKING_MEM)) {
            return PassMemory.kept(backwardBuffers, dataType);
        }
        return PassMemory.workspace(mgr, ArrayType.BP_WORKING_MEM, dataType);
    }

    /**
     * Starts a forward pass: allocates {@code p.y} [T*B, H] (uninitialised on the host path, which writes every row)
     * and returns the state arrays ("hs", then "cs" for an LSTM) of {@link SequencePass#stateSlots()} steps with the
     * initial state, or zeros, in slot 0.
     */
    protected INDArray[] startPass(SequencePass p, int nH, LayerWorkspaceMgr mgr) {
        String[] names = {"hs", "cs"};
        INDArray[] st = new INDArray[stateCount];
        for (int k = 0; k < stateCount; k++) {
            st[k] = p.memory.get(names[k], false, (long) p.stateSlots() * p.batch, nH);
            if (p.initialState != null) {
                p.steps(st[k], 0, 1).assign(p.initialState[k]);
            } else {
                p.steps(st[k], 0, 1).assign(0);
            }
        }
        long[] yShape = {(long) p.time * p.batch, nH};
        p.y = p.host ? mgr.createUninitialized(p.outputType, dataType, yShape, 'c')
                : mgr.create(p.outputType, dataType, yShape, 'c');
        return st;
    }

    /** The parameter keys, in flattened order. */
    protected List<String> paramKeys() {
        return conf.getLayer().initializer().paramKeys(conf.getLayer());
    }
}
