package dev.carousel.dl4j.layers;


import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.params.GruParamInitializer;
import dev.carousel.dl4j.host.GruCell;
import dev.carousel.dl4j.host.HostThreads;
import dev.carousel.dl4j.host.HostView;
import dev.carousel.dl4j.host.NativeMatrix;
import dev.carousel.dl4j.host.RecurrentProduct;
import dev.carousel.dl4j.host.RowBlocks;
import dev.carousel.dl4j.host.Squash;
import dev.carousel.dl4j.nd4j.GruCellOps;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J layer of {@link GRU}: the time loop around {@link GruCell} (CPU fast path) or {@link GruCellOps}
 * (ND4J operations, CUDA), with hand-written backpropagation through time.
 *
 * <p>Forward: one gemm [T*B, I] x [I, 3H] plus b_ih for every step's input part; per step the recurrent part
 * U h_{t-1} + b_hh (reset-after: one gemm over all three blocks; reset-before: one gemm for r, z and, after the
 * gates, one for U_n (r . h_{t-1})), then the pointwise maths. Backward mirrors it; at the end one gemm each for
 * dW, dU and dL/dx, and column sums for both biases.
 */
public class GruLayer extends CarouselRecurrentLayer<GRU> {
    private static final String W = GruParamInitializer.INPUT_WEIGHT_KEY;
    private static final String RW = GruParamInitializer.RECURRENT_WEIGHT_KEY;
    private static final String B = GruParamInitializer.BIAS_KEY;
    private static final String BH = GruParamInitializer.RECURRENT_BIAS_KEY;

    public GruLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType, 1, "GRU");
    }

    @Override
    protected int gateColumns() {
        return 3 * (int) layerConf().getNOut();
    }

    @Override
    protected void forward(SequencePass p, LayerWorkspaceMgr mgr) {
        boolean training = p.forBackprop;
        INDArray w = getParamWithNoise(W, training, mgr);
        INDArray u = getParamWithNoise(RW, training, mgr);
        INDArray bi = getParamWithNoise(B, training, mgr);
        INDArray bh = getParamWithNoise(BH, training, mgr);
        int nB = p.batch;
        int nT = p.time;
        int nH = (int) layerConf().getNOut();
        InputProjection xw = new InputProjection(p, w, bi, 3L * nH);
        INDArray hs = startPass(p, nH, mgr)[0];
        INDArray aux = p.memory.get("aux", false, (long) p.cacheSlots() * nB, nH);
        if (p.host) {
            forwardHost(p, nH, xw, u, bh, hs, aux, mgr);
        } else {
            forwardOps(p, nH, xw, u, bh, hs, aux, mgr);
        }
        p.finalState = new INDArray[] {p.steps(hs, p.slot(nT), 1)};
        p.caches = new INDArray[] {xw.buffer, hs, aux};
    }

    private void forwardHost(SequencePass p, int nH, InputProjection xw, INDArray u, INDArray bhArr, INDArray hs,
                             INDArray aux, LayerWorkspaceMgr mgr) {
        RowBlocks blocks = p.rowBlocks;
        RecurrentProduct[] prods = RecurrentProduct.create(u, blocks, dataType, mgr, p.workType);
        double[] bias = HostView.vector(bhArr);
        InputProjection.Rows[] rows = new InputProjection.Rows[blocks.count()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = xw.rows(i);
        }
        HostThreads.run(blocks.count(), i -> forwardRows(p, nH, rows[i], bias, hs, aux, prods[i], blocks.start(i),
                blocks.size(i)));
    }

    /**
     * The forward time loop for batch rows [r0, r0+nR): the recurrence of these rows alone, which reads and writes
     * only their rows of the pass's arrays (so blocks of rows can run on separate threads). No allocation per step.
     */
    private void forwardRows(SequencePass p, int nH, InputProjection.Rows xw, double[] bias, INDArray hs, INDArray aux,
                             RecurrentProduct prod, int r0, int nR) {
        boolean after = layerConf().isResetAfter();
        GruCell cell = new GruCell(nH, after, Squash.forType(dataType));
        int nB = p.batch;
        int w3 = 3 * nH;
        int bh = nR * nH;
        int bw = nR * w3;
        HostView xwV = xw.view;
        HostView hsV = new HostView(hs);
        HostView auxV = new HostView(aux);
        HostView yV = new HostView(p.y);
        double[] ax = new double[bw];
        double[] ah = new double[bw];
        double[] hn = new double[bh];
        double[] rh = after ? null : new double[bh];
        double[] hPrev = new double[bh];
        double[] h = new double[bh];
        double[] yRow = new double[bh];
        hsV.read((long) r0 * nH, hPrev, 0, bh);
        RecurrentProduct.Native gemm = prod instanceof RecurrentProduct.Native ? (RecurrentProduct.Native) prod : null;
        NativeMatrix hsM = gemm != null ? new NativeMatrix(hs) : null;
        boolean stateNonZero = p.initialState != null;
        for (int t = 0; t < p.time; t++) {
            int s = xw.step(t);
            long rowS = xw.row(s);
            int maskOff = t * nB + r0;
            xwV.read(rowS * w3, ax, 0, bw);
            for (int b = 0; b < nR; b++) {
                System.arraycopy(bias, 0, ah, b * w3, w3);
            }
            if (stateNonZero) {
                if (gemm != null) {
                    gemm.multiplyFrom(hsM, (long) p.slot(t) * nB + r0, 0, after ? w3 : 2 * nH, ah, w3, 0);
                } else {
                    prod.multiply(hPrev, nR, 0, after ? w3 : 2 * nH, ah, w3, 0);
                }
            }
            cell.gates(ax, ah, hPrev, rh, nR, p.maskHost, maskOff);
            for (int b = 0; b < nR; b++) {
                System.arraycopy(ah, b * w3 + 2 * nH, hn, b * nH, nH);   // b_hn (+ U_n h for reset-after)
            }
            if (!after && stateNonZero) {
                prod.multiply(rh, nR, 2 * nH, nH, hn, nH, 0);
            }
            cell.candidate(ax, hn, hPrev, h, nR, p.maskHost, maskOff);
            stateNonZero = true;
            if (p.forBackprop || t == p.time - 1 || gemm != null) {
                hsV.write(((long) p.slot(t + 1) * nB + r0) * nH, h, 0, bh);
            }
            if (p.forBackprop) {
                xwV.write(rowS * w3, ax, 0, bw);
                auxV.write(((long) t * nB + r0) * nH, after ? hn : rh, 0, bh);
            }
            yV.write(((long) t * nB + r0) * nH, PeepholeLstmLayer.maskedRows(h, yRow, p.maskHost, maskOff, nR, nH),
                    0, bh);
            double[] swap = hPrev;
            hPrev = h;
            h = swap;
        }
    }

    private void forwardOps(SequencePass p, int nH, InputProjection xw, INDArray u, INDArray bh, INDArray hs, INDArray aux,
                            LayerWorkspaceMgr mgr) {
        GruCellOps cell = new GruCellOps(nH, layerConf().isResetAfter());
        for (int t = 0; t < p.time; t++) {
            try (MemoryWorkspace ws = mgr.notifyScopeEntered(ArrayType.RNN_FF_LOOP_WORKING_MEM)) {
                INDArray cache = cell.forward(p.steps(xw.buffer, xw.step(t), 1), p.steps(hs, p.slot(t), 1), u, bh,
                        p.steps(hs, p.slot(t + 1), 1), p.steps(p.y, t, 1), p.maskColumn(t));
                p.steps(aux, p.cacheSlot(t), 1).assign(cache);
            }
        }
    }

    @Override
    protected INDArray backward(SequencePass p, INDArray dy, int firstStep, LayerWorkspaceMgr mgr) {
        INDArray w = getParamWithNoise(W, true, mgr);
        INDArray u = getParamWithNoise(RW, true, mgr);
        INDArray xw = p.caches[0];
        INDArray hs = p.caches[1];
        INDArray aux = p.caches[2];
        boolean after = layerConf().isResetAfter();
        int nB = p.batch;
        int nT = p.time;
        int nH = (int) layerConf().getNOut();
        long rows = (long) nT * nB;
        INDArray dIn = stepGradients(p, "dIn", 3L * nH, firstStep, mgr);
        INDArray dRec = stepGradients(p, "dRec", 3L * nH, firstStep, mgr);
        INDArray dh0 = mgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {nB, nH}, 'c');
        if (p.finalStateGradient != null) {
            dh0.assign(p.finalStateGradient[0]);
        }
        if (p.host) {
            backwardHost(p, nH, u, xw, hs, aux, dy, dIn, dRec, dh0, firstStep, mgr);
        } else {
            backwardOps(p, nH, u, xw, hs, aux, dy, dIn, dRec, dh0, firstStep, mgr);
        }
        allSteps(p, p.x, dIn, gradientViews.get(W), true, false);
        new GruCellOps(nH, after).recurrentWeightGradient(p.steps(hs, 0, nT), aux, dRec, gradientViews.get(RW), 0.0);
        if (!p.host) {
            gradientViews.get(B).assign(dIn.sum(0));
            gradientViews.get(BH).assign(dRec.sum(0));
        }
        INDArray dx = mgr.create(ArrayType.ACTIVATION_GRAD, dataType, new long[] {rows, layerConf().getNIn()}, 'c');
        allSteps(p, dIn, w, dx, false, true);
        p.initialStateGradient = new INDArray[] {dh0};
        return dx;
    }

    private void backwardHost(SequencePass p, int nH, INDArray u, INDArray xw, INDArray hs, INDArray aux,
                              INDArray dy, INDArray dInAll, INDArray dRecAll, INDArray dh0, int firstStep,
                              LayerWorkspaceMgr mgr) {
        RowBlocks blocks = p.rowBlocks;
        RecurrentProduct[] prods = RecurrentProduct.create(u, blocks, dataType, mgr, ArrayType.BP_WORKING_MEM);
        double[][] dB = new double[blocks.count()][3 * nH];
        double[][] dBh = new double[blocks.count()][3 * nH];
        HostThreads.run(blocks.count(), i -> backwardRows(p, nH, xw, hs, aux, dy, dInAll, dRecAll, dh0, firstStep,
                prods[i], blocks.start(i), blocks.size(i), dB[i], dBh[i]));
        gradientViews.get(B).assign(Nd4j.createFromArray(PeepholeLstmLayer.sumBlocks(dB)).castTo(dataType));
        gradientViews.get(BH).assign(Nd4j.createFromArray(PeepholeLstmLayer.sumBlocks(dBh)).castTo(dataType));
    }

    /**
     * Backpropagation through time for batch rows [r0, r0+nR): fills their rows of dIn, dRec and dh0 and adds their
     * bias gradients into dB and dBh. No allocation per step.
     */
    private void backwardRows(SequencePass p, int nH, INDArray xw, INDArray hs, INDArray aux, INDArray dy,
                              INDArray dInAll, INDArray dRecAll, INDArray dh0, int firstStep, RecurrentProduct prod,
                              int r0, int nR, double[] dB, double[] dBh) {
        boolean after = layerConf().isResetAfter();
        GruCell cell = new GruCell(nH, after, Squash.forType(dataType));
        int nB = p.batch;
        int w3 = 3 * nH;
        int bh = nR * nH;
        int bw = nR * w3;
        HostView actsV = new HostView(xw);
        HostView hsV = new HostView(hs);
        HostView auxV = new HostView(aux);
        HostView dyV = new HostView(dy);
        HostView dInV = new HostView(dInAll);
        HostView dRecV = new HostView(dRecAll);
        HostView dh0V = new HostView(dh0);
        double[] acts = new double[bw];
        double[] hPrev = new double[bh];
        double[] hn = new double[bh];
        double[] dh = new double[bh];
        double[] dhTot = new double[bh];
        double[] dhPrev = new double[bh];
        double[] dRH = new double[bh];
        double[] dIn = new double[bw];
        double[] dRec = new double[bw];
        double[] mask = p.maskHost;
        dh0V.read((long) r0 * nH, dh, 0, bh);
        for (int t = p.time - 1; t >= firstStep; t--) {
            long row = (long) t * nB + r0;
            int maskOff = t * nB + r0;
            actsV.read(row * w3, acts, 0, bw);
            hsV.read(row * nH, hPrev, 0, bh);
            if (after) {
                auxV.read(row * nH, hn, 0, bh);
            }
            dyV.read(row * nH, dhTot, 0, bh);
            for (int b = 0; b < nR; b++) {
                boolean masked = mask != null && mask[maskOff + b] == 0.0;
                for (int k = b * nH; k < (b + 1) * nH; k++) {
                    dhTot[k] = masked ? dh[k] : dhTot[k] + dh[k];
                }
            }
            cell.backwardCandidate(acts, hPrev, hn, dhTot, dIn, dRec, dhPrev, nR, mask, maskOff);
            if (after) {
                prod.multiplyTransposed(dRec, nR, w3, 0, 0, w3, dhPrev);
            } else {
                java.util.Arrays.fill(dRH, 0.0);
                prod.multiplyTransposed(dRec, nR, w3, 2 * nH, 2 * nH, nH, dRH);
                cell.backwardReset(acts, hPrev, dRH, dIn, dRec, dhPrev, nR, mask, maskOff);
                prod.multiplyTransposed(dRec, nR, w3, 0, 0, 2 * nH, dhPrev);
            }
            dInV.write(row * w3, dIn, 0, bw);
            dRecV.write(row * w3, dRec, 0, bw);
            addRows(dIn, nR, w3, dB);
            addRows(dRec, nR, w3, dBh);
            double[] s = dh;
            dh = dhPrev;
            dhPrev = s;
        }
        dh0V.write((long) r0 * nH, dh, 0, bh);
    }

    private void backwardOps(SequencePass p, int nH, INDArray u, INDArray xw, INDArray hs, INDArray aux,
                             INDArray dy, INDArray dIn, INDArray dRec, INDArray dh, int firstStep,
                             LayerWorkspaceMgr mgr) {
        boolean after = layerConf().isResetAfter();
        GruCellOps cell = new GruCellOps(nH, after);
        for (int t = p.time - 1; t >= firstStep; t--) {
            try (MemoryWorkspace ws = mgr.notifyScopeEntered(ArrayType.RNN_BP_LOOP_WORKING_MEM)) {
                INDArray m = p.maskColumn(t);
                INDArray dyT = p.steps(dy, t, 1);
                INDArray dhTot = m == null ? dyT.add(dh) : dyT.mulColumnVector(m).addi(dh);
                dh.assign(cell.backward(p.steps(xw, t, 1), p.steps(hs, t, 1), p.steps(aux, t, 1), u, dhTot,
                        p.steps(dIn, t, 1), p.steps(dRec, t, 1), m));
            }
        }
    }
}
