package dev.carousel.dl4j.layers;


import dev.carousel.dl4j.conf.GRU;
import dev.carousel.dl4j.params.GruParamInitializer;
import dev.carousel.dl4j.host.GruCell;
import dev.carousel.dl4j.host.HostView;
import dev.carousel.dl4j.host.RecurrentProduct;
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
        boolean after = layerConf().isResetAfter();
        GruCell cell = new GruCell(nH, after, Squash.forType(dataType));
        int nB = p.batch;
        int w3 = 3 * nH;
        int bh = nB * nH;
        int bw = nB * w3;
        double[] bias = bhArr.toDoubleVector();
        HostView xwV = new HostView(xw.buffer);
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
        hsV.read(0, hPrev, 0, bh);
        RecurrentProduct prod = RecurrentProduct.create(u, nB, dataType, mgr, p.workType);
        RecurrentProduct.Native gemm = prod instanceof RecurrentProduct.Native ? (RecurrentProduct.Native) prod : null;
        boolean stateNonZero = p.initialState != null;
        for (int t = 0; t < p.time; t++) {
            int s = xw.step(t);
            xwV.read((long) s * bw, ax, 0, bw);
            for (int b = 0; b < nB; b++) {
                System.arraycopy(bias, 0, ah, b * w3, w3);
            }
            if (stateNonZero) {
                if (gemm != null) {
                    gemm.multiplyFrom(p.steps(hs, p.slot(t), 1), 0, after ? w3 : 2 * nH, ah, w3, 0);
                } else {
                    prod.multiply(hPrev, nB, 0, after ? w3 : 2 * nH, ah, w3, 0);
                }
            }
            cell.gates(ax, ah, hPrev, rh, nB, p.maskHost, t * nB);
            for (int b = 0; b < nB; b++) {
                System.arraycopy(ah, b * w3 + 2 * nH, hn, b * nH, nH);   // b_hn (+ U_n h for reset-after)
            }
            if (!after && stateNonZero) {
                prod.multiply(rh, nB, 2 * nH, nH, hn, nH, 0);
            }
            cell.candidate(ax, hn, hPrev, h, nB, p.maskHost, t * nB);
            stateNonZero = true;
            if (p.forBackprop || t == p.time - 1 || gemm != null) {
                hsV.write((long) p.slot(t + 1) * bh, h, 0, bh);
            }
            if (p.forBackprop) {
                xwV.write((long) s * bw, ax, 0, bw);
                auxV.write((long) t * bh, after ? hn : rh, 0, bh);
            }
            yV.write((long) t * bh, PeepholeLstmLayer.maskedRows(h, yRow, p.maskHost, t * nB, nB, nH), 0, bh);
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
        INDArray dIn = stepGradients(p, 3L * nH, firstStep, mgr);
        INDArray dRec = stepGradients(p, 3L * nH, firstStep, mgr);
        INDArray dh0 = mgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {nB, nH}, 'c');
        if (p.finalStateGradient != null) {
            dh0.assign(p.finalStateGradient[0]);
        }
        if (p.host) {
            backwardHost(p, nH, u, xw, hs, aux, dy, dIn, dRec, dh0, firstStep, mgr);
        } else {
            backwardOps(p, nH, u, xw, hs, aux, dy, dIn, dRec, dh0, firstStep, mgr);
        }
        Nd4j.gemm(p.x, dIn, gradientViews.get(W), true, false, 1.0, 0.0);
        new GruCellOps(nH, after).recurrentWeightGradient(p.steps(hs, 0, nT), aux, dRec, gradientViews.get(RW), 0.0);
        if (!p.host) {
            gradientViews.get(B).assign(dIn.sum(0));
            gradientViews.get(BH).assign(dRec.sum(0));
        }
        INDArray dx = mgr.create(ArrayType.ACTIVATION_GRAD, dataType, new long[] {rows, layerConf().getNIn()}, 'c');
        Nd4j.gemm(dIn, w, dx, false, true, 1.0, 0.0);
        p.initialStateGradient = new INDArray[] {dh0};
        return dx;
    }

    private void backwardHost(SequencePass p, int nH, INDArray u, INDArray xw, INDArray hs, INDArray aux,
                              INDArray dy, INDArray dInAll, INDArray dRecAll, INDArray dh0, int firstStep,
                              LayerWorkspaceMgr mgr) {
        boolean after = layerConf().isResetAfter();
        GruCell cell = new GruCell(nH, after, Squash.forType(dataType));
        int nB = p.batch;
        int w3 = 3 * nH;
        int bh = nB * nH;
        int bw = nB * w3;
        HostView actsV = new HostView(xw);
        HostView hsV = new HostView(hs);
        HostView auxV = new HostView(aux);
        HostView dyV = new HostView(dy);
        HostView dInV = new HostView(dInAll);
        HostView dRecV = new HostView(dRecAll);
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
        double[] dB = new double[w3];
        double[] dBh = new double[w3];
        new HostView(dh0).read(0, dh, 0, bh);
        RecurrentProduct prod = RecurrentProduct.create(u, nB, dataType, mgr, ArrayType.BP_WORKING_MEM);
        for (int t = p.time - 1; t >= firstStep; t--) {
            actsV.read((long) t * bw, acts, 0, bw);
            hsV.read((long) t * bh, hPrev, 0, bh);
            if (after) {
                auxV.read((long) t * bh, hn, 0, bh);
            }
            dyV.read((long) t * bh, dhTot, 0, bh);
            for (int b = 0; b < nB; b++) {
                boolean masked = mask != null && mask[t * nB + b] == 0.0;
                for (int k = b * nH; k < (b + 1) * nH; k++) {
                    dhTot[k] = masked ? dh[k] : dhTot[k] + dh[k];
                }
            }
            cell.backwardCandidate(acts, hPrev, hn, dhTot, dIn, dRec, dhPrev, nB, mask, t * nB);
            if (after) {
                prod.multiplyTransposed(dRec, nB, w3, 0, 0, w3, dhPrev);
            } else {
                java.util.Arrays.fill(dRH, 0.0);
                prod.multiplyTransposed(dRec, nB, w3, 2 * nH, 2 * nH, nH, dRH);
                cell.backwardReset(acts, hPrev, dRH, dIn, dRec, dhPrev, nB, mask, t * nB);
                prod.multiplyTransposed(dRec, nB, w3, 0, 0, 2 * nH, dhPrev);
            }
            dInV.write((long) t * bw, dIn, 0, bw);
            dRecV.write((long) t * bw, dRec, 0, bw);
            addRows(dIn, nB, w3, dB);
            addRows(dRec, nB, w3, dBh);
            double[] s = dh;
            dh = dhPrev;
            dhPrev = s;
        }
        new HostView(dh0).write(0, dh, 0, bh);
        gradientViews.get(B).assign(Nd4j.createFromArray(dB).castTo(dataType));
        gradientViews.get(BH).assign(Nd4j.createFromArray(dBh).castTo(dataType));
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
