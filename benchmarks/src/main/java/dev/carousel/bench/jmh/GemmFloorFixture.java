package dev.carousel.bench.jmh;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The "gemm floor" of a G-gate recurrent layer of shape (B, T, I, H): only the matrix products the layer contains,
 * with ND4J's gemm on preallocated float32 arrays. G=4 is the LSTM, G=3 the GRU (reset-after; reset-before splits
 * the recurrent product into [H, 2H] and [H, H], the same arithmetic).
 * <ul>
 *   <li>{@link #forward}: X [T*B, I] x W [I, G*H] once, then T times h [B, H] x U [H, G*H]:
 *   2 G H (I + H) B T FLOPs, the forward of the FLOP model;</li>
 *   <li>{@link #training}: forward plus, per step, dA [B, G*H] x U^T, and once dW = X^T dA, dU = H^T dA,
 *   dX = dA W^T: 3x the forward FLOPs, the training step of the FLOP model.</li>
 * </ul>
 */
final class GemmFloorFixture {
    private final int batch;
    private final int time;
    private final INDArray x;
    private final INDArray w;
    private final INDArray u;
    private final INDArray xw;
    private final INDArray hs;
    private final INDArray dA;
    private final INDArray dh;
    private final INDArray dW;
    private final INDArray dU;
    private final INDArray dX;

    GemmFloorFixture(int gates, int batch, int time, int input, int hidden) {
        this.batch = batch;
        this.time = time;
        int g = gates * hidden;
        long rows = (long) time * batch;
        x = Nd4j.rand(DataType.FLOAT, rows, input);
        w = Nd4j.rand(DataType.FLOAT, input, g).dup('f');
        u = Nd4j.rand(DataType.FLOAT, hidden, g).dup('f');
        xw = Nd4j.create(DataType.FLOAT, rows, g);
        hs = Nd4j.rand(DataType.FLOAT, rows + batch, hidden);
        dA = Nd4j.rand(DataType.FLOAT, rows, g);
        dh = Nd4j.create(DataType.FLOAT, batch, hidden);
        dW = Nd4j.create(DataType.FLOAT, new long[] {input, g}, 'f');
        dU = Nd4j.create(DataType.FLOAT, new long[] {hidden, g}, 'f');
        dX = Nd4j.create(DataType.FLOAT, rows, input);
    }

    private INDArray rows(INDArray m, int t) {
        return m.get(NDArrayIndex.interval((long) t * batch, (long) (t + 1) * batch), NDArrayIndex.all());
    }

    /** The forward pass's products. */
    INDArray forward() {
        Nd4j.gemm(x, w, xw, false, false, 1.0, 0.0);
        for (int t = 0; t < time; t++) {
            Nd4j.gemm(rows(hs, t), u, rows(xw, t), false, false, 1.0, 1.0);
        }
        return xw;
    }

    /** The training step's products: forward, the per-step recurrent gradient, and the three weight/input ones. */
    INDArray training() {
        forward();
        for (int t = time - 1; t >= 0; t--) {
            Nd4j.gemm(rows(dA, t), u, dh, false, true, 1.0, 0.0);
        }
        Nd4j.gemm(x, dA, dW, true, false, 1.0, 0.0);
        Nd4j.gemm(hs.get(NDArrayIndex.interval(0, (long) time * batch), NDArrayIndex.all()), dA, dU, true, false,
                1.0, 0.0);
        Nd4j.gemm(dA, w, dX, false, true, 1.0, 0.0);
        return dX;
    }
}
