package dev.carousel.reference;

/**
 * One step of the plain (Elman) tanh RNN, the baseline of the 1997 paper:
 * {@code h_t = tanh( W x_t + b_ih + U h_{t-1} + b_hh )}. Parameters {@code w_ih} [H, I], {@code w_hh} [H, H],
 * {@code b_ih}, {@code b_hh} [H] (PyTorch's {@code nn.RNN} layout).
 */
public final class TanhRnnCell implements RecurrentCell {
    private final int nIn;
    private final int nH;
    private final ParamSet params = new ParamSet();
    private final Param wIh;
    private final Param wHh;
    private final Param bIh;
    private final Param bHh;

    public TanhRnnCell(int inputSize, int hiddenSize) {
        this.nIn = inputSize;
        this.nH = hiddenSize;
        wIh = params.add(new Param("w_ih", nH, nIn));
        wHh = params.add(new Param("w_hh", nH, nH));
        bIh = params.add(new Param("b_ih", nH));
        bHh = params.add(new Param("b_hh", nH));
    }

    @Override
    public int inputSize() {
        return nIn;
    }

    @Override
    public int hiddenSize() {
        return nH;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public ParamSet params() {
        return params;
    }

    @Override
    public Step forward(double[] x, double[][] state) {
        double[] hPrev = state[0];
        double[] a = new double[nH];
        Linear.addMatVec(wIh.value, nIn, 0, x, a);
        Linear.addMatVec(wHh.value, nH, 0, hPrev, a);
        double[] h = new double[nH];
        for (int k = 0; k < nH; k++) {
            h[k] = Math.tanh(a[k] + bIh.value[k] + bHh.value[k]);
        }
        return new RnnStep(x, hPrev, h);
    }

    @Override
    public double[][] backward(Step step, double[][] dState, double[] dx) {
        RnnStep s = (RnnStep) step;
        double[] dA = new double[nH];
        for (int k = 0; k < nH; k++) {
            dA[k] = dState[0][k] * (1.0 - s.h[k] * s.h[k]);
        }
        double[] dhPrev = new double[nH];
        Linear.addOuter(wIh.grad, nIn, 0, dA, s.x);
        Linear.addOuter(wHh.grad, nH, 0, dA, s.hPrev);
        Linear.addBias(bIh.grad, 0, dA);
        Linear.addBias(bHh.grad, 0, dA);
        Linear.addMatTVec(wIh.value, nIn, 0, dA, dx);
        Linear.addMatTVec(wHh.value, nH, 0, dA, dhPrev);
        return new double[][] {dhPrev};
    }

    private record RnnStep(double[] x, double[] hPrev, double[] h) implements Step {
        @Override
        public double[][] state() {
            return new double[][] {h};
        }
    }
}
