package dev.carousel.dl4j.layers;

import dev.carousel.dl4j.conf.PeepholeLSTM;
import dev.carousel.dl4j.host.HostView;
import dev.carousel.dl4j.host.PeepholeLstmCell;
import dev.carousel.dl4j.host.RecurrentProduct;
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
        return layerConf().isPeepholes() ? getParam(P).toDoubleVector() : null;
    }

    private void forwardHost(SequencePass p, LstmGateLayout gl, InputProjection xw, INDArray u, INDArray hs, INDArray cs,
                             LayerWorkspaceMgr mgr) {
        PeepholeLSTM conf = layerConf();
        PeepholeLstmCell cell = new PeepholeLstmCell(gl, conf.getCellActivation(), conf.getOutputActivation(),
                peepholes(), Squash.forType(dataType));
        int nB = p.batch;
        int nH = gl.hidden;
        int width = gl.width();
        int bh = nB * nH;
        int bw = nB * width;
        HostView xwV = new HostView(xw.buffer);
        HostView hsV = new HostView(hs);
        HostView csV = new HostView(cs);
        HostView yV = new HostView(p.y);
        double[] a = new double[bw];
        double[] hPrev = new double[bh];
        double[] cPrev = new double[bh];
        double[] h = new double[bh];
        double[] c = new double[bh];
        double[] yRow = new double[bh];
        hsV.read(0, hPrev, 0, bh);
        csV.read(0, cPrev, 0, bh);
        RecurrentProduct prod = RecurrentProduct.create(u, nB, dataType, mgr, p.workType);
        RecurrentProduct.Native gemm = prod instanceof RecurrentProduct.Native ? (RecurrentProduct.Native) prod : null;
        boolean stateNonZero = p.initialState != null;
        for (int t = 0; t < p.time; t++) {
            int s = xw.step(t);
            if (gemm != null) {
                if (stateNonZero) {                      // U h_{t-1} straight into the step's block, then read
                    gemm.accumulate(p.steps(hs, p.slot(t), 1), p.steps(xw.buffer, s, 1), 1.0);
                }
                xwV.read((long) s * bw, a, 0, bw);
            } else {
                xwV.read((long) s * bw, a, 0, bw);
                if (stateNonZero) {
                    prod.multiply(hPrev, nB, 0, width, a, width, 0);
                }
            }
            cell.forward(a, nB, cPrev, hPrev, c, h, p.maskHost, t * nB);
            stateNonZero = true;
            boolean last = t == p.time - 1;
            if (p.forBackprop || last || gemm != null) {
                hsV.write((long) p.slot(t + 1) * bh, h, 0, bh);
            }
            if (p.forBackprop || last) {
                csV.write((long) p.slot(t + 1) * bh, c, 0, bh);
            }
            if (p.forBackprop) {
                xwV.write((long) s * bw, a, 0, bw);
            }
            yV.write((long) t * bh, maskedRows(h, yRow, p.maskHost, t * nB, nB, nH), 0, bh);
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
        INDArray dA = stepGradients(p, width, firstStep, mgr);
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
        Nd4j.gemm(p.x, dA, gradientViews.get(W), true, false, 1.0, 0.0);
        Nd4j.gemm(p.steps(hs, 0, nT), dA, gradientViews.get(RW), true, false, 1.0, 0.0);
        if (!p.host) {
            gradientViews.get(B).assign(dA.sum(0));
        }
        INDArray dx = mgr.create(ArrayType.ACTIVATION_GRAD, dataType, new long[] {rows, conf.getNIn()}, 'c');
        Nd4j.gemm(dA, w, dx, false, true, 1.0, 0.0);
        p.initialStateGradient = new INDArray[] {dh0, dc0};
        return dx;
    }

    private void backwardHost(SequencePass p, LstmGateLayout gl, INDArray u, INDArray xw, INDArray cs, INDArray dy,
                              INDArray dA, INDArray dh0, INDArray dc0, int firstStep, LayerWorkspaceMgr mgr) {
        PeepholeLSTM conf = layerConf();
        PeepholeLstmCell cell = new PeepholeLstmCell(gl, conf.getCellActivation(), conf.getOutputActivation(),
                peepholes(), Squash.forType(dataType));
        int nB = p.batch;
        int nH = gl.hidden;
        int width = gl.width();
        int bh = nB * nH;
        int bw = nB * width;
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
        double[] dP = gl.peepholes ? new double[gl.peepCount * nH] : null;
        double[] dB = new double[width];
        double[] mask = p.maskHost;
        HostView dh0V = new HostView(dh0);
        HostView dc0V = new HostView(dc0);
        dh0V.read(0, dh, 0, bh);
        dc0V.read(0, dc, 0, bh);
        RecurrentProduct prod = RecurrentProduct.create(u, nB, dataType, mgr, ArrayType.BP_WORKING_MEM);
        RecurrentProduct.Native gemm = prod instanceof RecurrentProduct.Native ? (RecurrentProduct.Native) prod : null;
        for (int t = p.time - 1; t >= firstStep; t--) {
            actsV.read((long) t * bw, acts, 0, bw);
            csV.read((long) t * bh, cPrev, 0, bh);
            csV.read((long) (t + 1) * bh, c, 0, bh);
            dyV.read((long) t * bh, dhTot, 0, bh);
            for (int b = 0; b < nB; b++) {
                boolean masked = mask != null && mask[t * nB + b] == 0.0;
                for (int k = b * nH; k < (b + 1) * nH; k++) {
                    dhTot[k] = masked ? dh[k] : dhTot[k] + dh[k];
                }
            }
            cell.backward(acts, nB, cPrev, c, dhTot, dc, dAt, mask, t * nB, dP);
            dAV.write((long) t * bw, dAt, 0, bw);
            addRows(dAt, nB, width, dB);
            for (int b = 0; b < nB; b++) {
                boolean masked = mask != null && mask[t * nB + b] == 0.0;
                for (int k = b * nH; k < (b + 1) * nH; k++) {
                    dh[k] = masked ? dhTot[k] : 0.0;                    // a masked step passes dh through
                }
            }
            if (gemm != null) {
                gemm.multiplyTransposedFrom(p.steps(dA, t, 1), 0, width, dh);
            } else {
                prod.multiplyTransposed(dAt, nB, width, 0, 0, width, dh);
            }
        }
        dh0V.write(0, dh, 0, bh);
        dc0V.write(0, dc, 0, bh);
        if (dP != null) {
            gradientViews.get(P).assign(Nd4j.createFromArray(dP).castTo(dataType));
        }
        gradientViews.get(B).assign(Nd4j.createFromArray(dB).castTo(dataType));
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
