package dev.carousel.dl4j.layers;

import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.host.HostThreads;
import dev.carousel.dl4j.host.HostView;
import dev.carousel.dl4j.host.NativeMatrix;
import dev.carousel.dl4j.host.PeepholeLstmCell;
import dev.carousel.dl4j.host.RecurrentProduct;
import dev.carousel.dl4j.host.RowBlocks;
import dev.carousel.dl4j.host.Squash;
import dev.carousel.dl4j.nd4j.PeepholeLstmCellOps;
import dev.carousel.spec.layout.LstmGateLayout;
import dev.carousel.dl4j.params.PeepholeLstmParamInitializer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J layer of {@link PeepholeLSTM}: the time loop around {@link PeepholeLstmCell} (CPU fast path) or
 * {@link PeepholeLstmCellOps} (ND4J operations, CUDA), with hand-written backpropagation through time.
 *
 * <p>Forward: one gemm [T*B, I] x [I, G*H] for the input projection of every step plus the bias, then per step
 * one recurrent gemm h_{t-1} U into the step's block and the pointwise cell maths, which overwrites the block with
 * the gate activations kept for backward. Backward: per step the pointwise derivatives and one gemm for
 * dL/dh_{t-1} = dA U^T; at the end one gemm each for dW = X^T dA, dU = H_{prev}^T dA and dL/dx = dA W^T.
 */
public class PeepholeLstmLayer extends CarouselRecurrentLayer<PeepholeLSTM> {
    private static final String W = PeepholeLstmParamInitializer.INPUT_WEIGHT_KEY;
    private static final String RW = PeepholeLstmParamInitializer.RECURRENT_WEIGHT_KEY;
    private static final String B = PeepholeLstmParamInitializer.BIAS_KEY;
    private static final String P = PeepholeLstmParamInitializer.PEEPHOLE_KEY;

    public PeepholeLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType, 2, "PeepholeLSTM");
    }

    @Override
    protected int gateColumns() {
        return LstmGateLayout.of(layerConf().toSpec()).width();
    }

    @Override
    protected void forward(SequencePass p, LayerWorkspaceMgr mgr) {
        PeepholeLSTM c = layerConf();
        LstmGateLayout gl = LstmGateLayout.of(c.toSpec());
        boolean training = p.forBackprop;
        INDArray w = getParamWithNoise(W, training, mgr);
        INDArray u = getParamWithNoise(RW, training, mgr);
        INDArray bias = getParamWithNoise(B, training, mgr);
        int nB = p.batch;
        int nT = p.time;
        int nH = gl.hidden;
        int width = gl.width();
        InputProjection xw = new InputProjection(p, w, bias, width);
        INDArray[] states = startPass(p, nH, mgr);
        INDArray hs = states[0];
        INDArray cs = states[1];
        if (p.host) {
            forwardHost(p, gl, xw, u, hs, cs, mgr);
        } else {
            forwardOps(p, gl, xw, u, hs, cs, mgr);
        }
        p.finalState = new INDArray[] {p.steps(hs, p.slot(nT), 1), p.steps(cs, p.slot(nT), 1)};
        p.caches = new INDArray[] {xw.buffer, hs, cs};
    }

    private double[] peepholes() {
        return layerConf().isPeepholes() ? HostView.vector(getParam(P)) : null;
    }

    private void forwardHost(SequencePass p, LstmGateLayout gl, InputProjection xw, INDArray u, INDArray hs, INDArray cs,
                             LayerWorkspaceMgr mgr) {
        RowBlocks blocks = p.rowBlocks;
        RecurrentProduct[] prods = RecurrentProduct.create(u, blocks, dataType, mgr, p.workType);
        double[] peep = peepholes();
        InputProjection.Rows[] rows = new InputProjection.Rows[blocks.count()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = xw.rows(i);
        }
        HostThreads.run(blocks.count(), i -> forwardRows(p, gl, rows[i], hs, cs, prods[i], peep, blocks.start(i),
                blocks.size(i)));
    }

    /**
     * The forward time loop for batch rows [r0, r0+nR): the recurrence of these rows alone, which reads and writes
     * only their rows of the pass's arrays (so blocks of rows can run on separate threads). No allocation per step.
     */
    private void forwardRows(SequencePass p, LstmGateLayout gl, InputProjection.Rows xw, INDArray hs, INDArray cs,
                             RecurrentProduct prod, double[] peep, int r0, int nR) {
        PeepholeLSTM conf = layerConf();
        PeepholeLstmCell cell = new PeepholeLstmCell(gl, conf.getCellActivation(), conf.getOutputActivation(),
                peep, Squash.forType(dataType));
        int nB = p.batch;
        int nH = gl.hidden;
        int width = gl.width();
        int bh = nR * nH;
        int bw = nR * width;
        HostView xwV = xw.view;
        HostView hsV = new HostView(hs);
        HostView csV = new HostView(cs);
        HostView yV = new HostView(p.y);
        double[] a = new double[bw];
        double[] hPrev = new double[bh];
        double[] cPrev = new double[bh];
        double[] h = new double[bh];
        double[] c = new double[bh];
        double[] yRow = new double[bh];
        hsV.read((long) r0 * nH, hPrev, 0, bh);
        csV.read((long) r0 * nH, cPrev, 0, bh);
        RecurrentProduct.Native gemm = prod instanceof RecurrentProduct.Native ? (RecurrentProduct.Native) prod : null;
        NativeMatrix hsM = gemm != null ? new NativeMatrix(hs) : null;
        NativeMatrix xwM = xw.matrix;
        boolean stateNonZero = p.initialState != null;
        for (int t = 0; t < p.time; t++) {
            int s = xw.step(t);
            long rowS = xw.row(s);
            if (gemm != null) {
                if (stateNonZero) {                      // U h_{t-1} straight into the step's block, then read
                    gemm.accumulate(hsM, (long) p.slot(t) * nB + r0, xwM, rowS, 1.0);
                }
                xwV.read(rowS * width, a, 0, bw);
            } else {
                xwV.read(rowS * width, a, 0, bw);
                if (stateNonZero) {
                    prod.multiply(hPrev, nR, 0, width, a, width, 0);
                }
            }
            int maskOff = t * nB + r0;
            cell.forward(a, nR, cPrev, hPrev, c, h, p.maskHost, maskOff);
            stateNonZero = true;
            boolean last = t == p.time - 1;
            long rowNext = (long) p.slot(t + 1) * nB + r0;
            if (p.forBackprop || last || gemm != null) {
                hsV.write(rowNext * nH, h, 0, bh);
            }
            if (p.forBackprop || last) {
                csV.write(rowNext * nH, c, 0, bh);
            }
            if (p.forBackprop) {
                xwV.write(rowS * width, a, 0, bw);
            }
            yV.write(((long) t * nB + r0) * nH, maskedRows(h, yRow, p.maskHost, maskOff, nR, nH), 0, bh);
            double[] swap = hPrev;
            hPrev = h;
            h = swap;
            swap = cPrev;
            cPrev = c;
            c = swap;
        }
    }

    /** h with the rows of masked examples zeroed (y_t = 0 at a masked step). */
    static double[] maskedRows(double[] h, double[] out, double[] mask, int maskOff, int nB, int nH) {
        if (mask == null) {
            return h;
        }
        for (int b = 0; b < nB; b++) {
            if (mask[maskOff + b] == 0.0) {
                Arrays.fill(out, b * nH, (b + 1) * nH, 0.0);
            } else {
                System.arraycopy(h, b * nH, out, b * nH, nH);
            }
        }
        return out;
    }

    private void forwardOps(SequencePass p, LstmGateLayout gl, InputProjection xw, INDArray u, INDArray hs, INDArray cs,
                            LayerWorkspaceMgr mgr) {
        PeepholeLSTM conf = layerConf();
        PeepholeLstmCellOps cell = new PeepholeLstmCellOps(gl, conf.getCellActivation(), conf.getOutputActivation(),
                conf.isPeepholes() ? getParam(P) : null);
        for (int t = 0; t < p.time; t++) {
            try (MemoryWorkspace ws = mgr.notifyScopeEntered(ArrayType.RNN_FF_LOOP_WORKING_MEM)) {
                INDArray a = p.steps(xw.buffer, xw.step(t), 1);
                INDArray hPrev = p.steps(hs, p.slot(t), 1);
                INDArray cPrev = p.steps(cs, p.slot(t), 1);
                if (t > 0 || p.initialState != null) {
                    Nd4j.gemm(hPrev, u, a, false, false, 1.0, 1.0);
                }
                cell.forward(a, cPrev, hPrev, p.steps(cs, p.slot(t + 1), 1), p.steps(hs, p.slot(t + 1), 1),
                        p.steps(p.y, t, 1),
                        p.maskColumn(t));
            }
        }
    }

    @Override
    protected INDArray backward(SequencePass p, INDArray dy, int firstStep, LayerWorkspaceMgr mgr) {
        PeepholeLSTM conf = layerConf();
        LstmGateLayout gl = LstmGateLayout.of(conf.toSpec());
        INDArray w = getParamWithNoise(W, true, mgr);
        INDArray u = getParamWithNoise(RW, true, mgr);
        INDArray xw = p.caches[0];
        INDArray hs = p.caches[1];
        INDArray cs = p.caches[2];
        int nB = p.batch;
        int nT = p.time;
        int nH = gl.hidden;
        int width = gl.width();
        INDArray dA = stepGradients(p, "dA", width, firstStep, mgr);
        INDArray dh0 = mgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {nB, nH}, 'c');
        INDArray dc0 = mgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[] {nB, nH}, 'c');
        if (p.finalStateGradient != null) {
            dh0.assign(p.finalStateGradient[0]);
            dc0.assign(p.finalStateGradient[1]);
        }
        if (p.host) {
            backwardHost(p, gl, u, xw, cs, dy, dA, dh0, dc0, firstStep, mgr);
        } else {
            backwardOps(p, gl, u, xw, cs, dy, dA, dh0, dc0, firstStep, mgr);
        }
        long rows = (long) nT * nB;
        allSteps(p, p.x, dA, gradientViews.get(W), true, false);
        allSteps(p, p.steps(hs, 0, nT), dA, gradientViews.get(RW), true, false);
        if (!p.host) {
            gradientViews.get(B).assign(dA.sum(0));
        }
        INDArray dx = mgr.create(ArrayType.ACTIVATION_GRAD, dataType, new long[] {rows, conf.getNIn()}, 'c');
        allSteps(p, dA, w, dx, false, true);
        p.initialStateGradient = new INDArray[] {dh0, dc0};
        return dx;
    }

    private void backwardHost(SequencePass p, LstmGateLayout gl, INDArray u, INDArray xw, INDArray cs, INDArray dy,
                              INDArray dA, INDArray dh0, INDArray dc0, int firstStep, LayerWorkspaceMgr mgr) {
        RowBlocks blocks = p.rowBlocks;
        RecurrentProduct[] prods = RecurrentProduct.create(u, blocks, dataType, mgr, ArrayType.BP_WORKING_MEM);
        double[] peep = peepholes();
        int width = gl.width();
        double[][] dB = new double[blocks.count()][width];
        double[][] dP = gl.peepholes ? new double[blocks.count()][gl.peepCount * gl.hidden] : null;
        HostThreads.run(blocks.count(), i -> backwardRows(p, gl, xw, cs, dy, dA, dh0, dc0, firstStep, prods[i], peep,
                blocks.start(i), blocks.size(i), dB[i], dP == null ? null : dP[i]));
        if (dP != null) {
            gradientViews.get(P).assign(Nd4j.createFromArray(sumBlocks(dP)).castTo(dataType));
        }
        gradientViews.get(B).assign(Nd4j.createFromArray(sumBlocks(dB)).castTo(dataType));
    }

    /** The per-block partial sums added up, in block order. */
    static double[] sumBlocks(double[][] parts) {
        double[] sum = parts[0];
        for (int i = 1; i < parts.length; i++) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += parts[i][k];
            }
        }
        return sum;
    }

    /**
     * Backpropagation through time for batch rows [r0, r0+nR): fills their rows of dA, dh0 and dc0 and adds their
     * bias and peephole gradients into dB and dP. No allocation per step.
     */
    private void backwardRows(SequencePass p, LstmGateLayout gl, INDArray xw, INDArray cs, INDArray dy, INDArray dA,
                              INDArray dh0, INDArray dc0, int firstStep, RecurrentProduct prod, double[] peep,
                              int r0, int nR, double[] dB, double[] dP) {
        PeepholeLSTM conf = layerConf();
        PeepholeLstmCell cell = new PeepholeLstmCell(gl, conf.getCellActivation(), conf.getOutputActivation(),
                peep, Squash.forType(dataType));
        int nB = p.batch;
        int nH = gl.hidden;
        int width = gl.width();
        int bh = nR * nH;
        int bw = nR * width;
        HostView actsV = new HostView(xw);
        HostView csV = new HostView(cs);
        HostView dyV = new HostView(dy);
        HostView dAV = new HostView(dA);
        double[] acts = new double[bw];
        double[] cPrev = new double[bh];
        double[] c = new double[bh];
        double[] dh = new double[bh];
        double[] dhTot = new double[bh];
        double[] dc = new double[bh];
        double[] dAt = new double[bw];
        double[] mask = p.maskHost;
        HostView dh0V = new HostView(dh0);
        HostView dc0V = new HostView(dc0);
        dh0V.read((long) r0 * nH, dh, 0, bh);
        dc0V.read((long) r0 * nH, dc, 0, bh);
        RecurrentProduct.Native gemm = prod instanceof RecurrentProduct.Native ? (RecurrentProduct.Native) prod : null;
        NativeMatrix dAM = gemm != null ? new NativeMatrix(dA) : null;
        for (int t = p.time - 1; t >= firstStep; t--) {
            long row = (long) t * nB + r0;
            actsV.read(row * width, acts, 0, bw);
            csV.read(row * nH, cPrev, 0, bh);
            csV.read((row + nB) * nH, c, 0, bh);
            dyV.read(row * nH, dhTot, 0, bh);
            int maskOff = t * nB + r0;
            for (int b = 0; b < nR; b++) {
                boolean masked = mask != null && mask[maskOff + b] == 0.0;
                for (int k = b * nH; k < (b + 1) * nH; k++) {
                    dhTot[k] = masked ? dh[k] : dhTot[k] + dh[k];
                }
            }
            cell.backward(acts, nR, cPrev, c, dhTot, dc, dAt, mask, maskOff, dP);
            dAV.write(row * width, dAt, 0, bw);
            addRows(dAt, nR, width, dB);
            for (int b = 0; b < nR; b++) {
                boolean masked = mask != null && mask[maskOff + b] == 0.0;
                for (int k = b * nH; k < (b + 1) * nH; k++) {
                    dh[k] = masked ? dhTot[k] : 0.0;                    // a masked step passes dh through
                }
            }
            if (gemm != null) {
                gemm.multiplyTransposedFrom(dAM, row, 0, width, dh);
            } else {
                prod.multiplyTransposed(dAt, nR, width, 0, 0, width, dh);
            }
        }
        dh0V.write((long) r0 * nH, dh, 0, bh);
        dc0V.write((long) r0 * nH, dc, 0, bh);
    }

    private void backwardOps(SequencePass p, LstmGateLayout gl, INDArray u, INDArray xw, INDArray cs, INDArray dy,
                             INDArray dA, INDArray dh, INDArray dc, int firstStep, LayerWorkspaceMgr mgr) {
        PeepholeLSTM conf = layerConf();
        PeepholeLstmCellOps cell = new PeepholeLstmCellOps(gl, conf.getCellActivation(), conf.getOutputActivation(),
                conf.isPeepholes() ? getParam(P) : null);
        for (int t = p.time - 1; t >= firstStep; t--) {
            try (MemoryWorkspace ws = mgr.notifyScopeEntered(ArrayType.RNN_BP_LOOP_WORKING_MEM)) {
                INDArray m = p.maskColumn(t);
                INDArray dyT = p.steps(dy, t, 1);
                INDArray dhTot = m == null ? dyT.add(dh) : dyT.mulColumnVector(m).addi(dh);
                INDArray dAt = p.steps(dA, t, 1);
                INDArray dcPrev = cell.backward(p.steps(xw, t, 1), p.steps(cs, t, 1), p.steps(cs, t + 1, 1), dhTot,
                        dc, dAt, m);
                INDArray dhPrev = Nd4j.gemm(dAt, u, false, true);
                if (m != null) {
                    dhPrev.addi(dhTot.mulColumnVector(m.rsub(1.0)));
                }
                dh.assign(dhPrev);
                dc.assign(dcPrev);
            }
        }
        if (gl.peepholes) {
            INDArray gP = gradientViews.get(P);
            gP.assign(0);
            cell.addPeepholeGradient(dA, p.steps(cs, 0, p.time), p.steps(cs, 1, p.time), gP);
        }
    }
}
