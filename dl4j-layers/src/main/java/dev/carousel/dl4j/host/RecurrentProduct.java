package dev.carousel.dl4j.host;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-step recurrent matrix product of the CPU fast path, on row-major {@code double[]} minibatch rows:
 * {@code out += in . U[:, c0:c0+n]} forwards and {@code out += in . U[:, c0:c0+n]^T} backwards, where U is a
 * recurrent weight matrix [K, width]. Small products (the whole step below {@link #HOST_LIMIT} multiply-adds) run
 * in Java loops, because one ND4J call costs more than the arithmetic; larger ones go to ND4J's gemm through
 * native scratch arrays.
 */
public abstract class RecurrentProduct {
    /** Multiply-adds per step below which the product runs in Java. */
    public static final long HOST_LIMIT = 32_768;

    public static RecurrentProduct create(INDArray u, int batch, DataType dt, LayerWorkspaceMgr mgr, ArrayType scratch) {
        long work = (long) batch * u.size(0) * u.size(1);
        return work <= HOST_LIMIT ? new Host(u) : new Native(u, batch, dt, mgr, scratch);
    }

    /** out[b*ldo + outOff + j] += sum_k in[b*K + k] U[k][c0 + j] for j &lt; n. */
    public abstract void multiply(double[] in, int batch, int c0, int n, double[] out, int ldo, int outOff);

    /** out[b*K + k] += sum_j in[b*ldi + inOff + j] U[k][c0 + j] for j &lt; n. */
    public abstract void multiplyTransposed(double[] in, int batch, int ldi, int inOff, int c0, int n, double[] out);

    /** Java loops over a row-major copy of U. */
    public static final class Host extends RecurrentProduct {
        private final int rows;
        private final int width;
        private final double[] u;

        Host(INDArray uArr) {
            rows = (int) uArr.size(0);
            width = (int) uArr.size(1);
            u = new double[rows * width];
            new HostView(uArr.dup('c')).read(0, u, 0, u.length);
        }

        @Override
        public void multiply(double[] in, int batch, int c0, int n, double[] out, int ldo, int outOff) {
            for (int b = 0; b < batch; b++) {
                int ob = b * ldo + outOff;
                int ib = b * rows;
                for (int k = 0; k < rows; k++) {
                    double v = in[ib + k];
                    if (v == 0.0) {
                        continue;
                    }
                    int ub = k * width + c0;
                    for (int j = 0; j < n; j++) {
                        out[ob + j] += v * u[ub + j];
                    }
                }
            }
        }

        @Override
        public void multiplyTransposed(double[] in, int batch, int ldi, int inOff, int c0, int n, double[] out) {
            for (int b = 0; b < batch; b++) {
                int ib = b * ldi + inOff;
                int ob = b * rows;
                for (int k = 0; k < rows; k++) {
                    int ub = k * width + c0;
                    double s = 0.0;
                    for (int j = 0; j < n; j++) {
                        s += in[ib + j] * u[ub + j];
                    }
                    out[ob + k] += s;
                }
            }
        }
    }

    /** ND4J gemm through native scratch arrays. */
    public static final class Native extends RecurrentProduct {
        private final INDArray u;
        private final int rows;
        private final int batch;
        private final DataType dt;
        private final LayerWorkspaceMgr mgr;
        private final ArrayType scratch;
        private final INDArray inRows;     // [B, K]
        private final INDArray outRows;    // [B, K]
        private final HostView inRowsV;
        private final HostView outRowsV;
        private final java.util.Map<Integer, INDArray> wide = new java.util.HashMap<>();
        private final java.util.Map<Integer, HostView> wideV = new java.util.HashMap<>();
        private final java.util.Map<Long, INDArray> columns = new java.util.HashMap<>();
        private final double[] tmp;

        Native(INDArray u, int batch, DataType dt, LayerWorkspaceMgr mgr, ArrayType scratch) {
            this.u = u;
            this.rows = (int) u.size(0);
            this.batch = batch;
            this.dt = dt;
            this.mgr = mgr;
            this.scratch = scratch;
            inRows = mgr.createUninitialized(scratch, dt, new long[] {batch, rows}, 'c');
            outRows = mgr.createUninitialized(scratch, dt, new long[] {batch, rows}, 'c');
            inRowsV = new HostView(inRows);
            outRowsV = new HostView(outRows);
            tmp = new double[batch * (int) Math.max(u.size(1), rows)];
        }

        private INDArray columns(int c0, int n) {
            return columns.computeIfAbsent(((long) c0 << 32) | n,
                    k -> c0 == 0 && n == u.size(1) ? u : u.get(all(), interval(c0, c0 + n)));
        }

        /** A [B, n] native scratch array (one per width, reused every step). */
        private INDArray wide(int n) {
            return wide.computeIfAbsent(n, k -> {
                INDArray a = mgr.createUninitialized(scratch, dt, new long[] {batch, n}, 'c');
                wideV.put(n, new HostView(a));
                return a;
            });
        }

        @Override
        public void multiply(double[] in, int b, int c0, int n, double[] out, int ldo, int outOff) {
            inRowsV.write(0, in, 0, batch * rows);
            INDArray dst = wide(n);
            HostGemm.gemm(inRows, columns(c0, n), dst, false, false, 1.0, 0.0);
            wideV.get(n).read(0, tmp, 0, batch * n);
            for (int r = 0; r < batch; r++) {
                int ob = r * ldo + outOff;
                int tb = r * n;
                for (int j = 0; j < n; j++) {
                    out[ob + j] += tmp[tb + j];
                }
            }
        }

        /** out[b*ldo + outOff + j] += (h . U[:, c0:c0+n])[b][j] with h a native [B, K] array (no copy of h). */
        public void multiplyFrom(INDArray h, int c0, int n, double[] out, int ldo, int outOff) {
            INDArray dst = wide(n);
            HostGemm.gemm(h, columns(c0, n), dst, false, false, 1.0, 0.0);
            wideV.get(n).read(0, tmp, 0, batch * n);
            for (int r = 0; r < batch; r++) {
                int ob = r * ldo + outOff;
                int tb = r * n;
                for (int j = 0; j < n; j++) {
                    out[ob + j] += tmp[tb + j];
                }
            }
        }

        /** dst (+)= h . U (native arrays, beta 0 or 1). */
        public void accumulate(INDArray h, INDArray dst, double beta) {
            HostGemm.gemm(h, u, dst, false, false, 1.0, beta);
        }

        /** out[b*K + k] += (d . U[:, c0:c0+n]^T)[b][k] where d is the native [B, width] block, columns c0.. used. */
        public void multiplyTransposedFrom(INDArray d, int c0, int n, double[] out) {
            INDArray src = c0 == 0 && n == d.size(1) ? d : d.get(all(), interval(c0, c0 + n));
            HostGemm.gemm(src, columns(c0, n), outRows, false, true, 1.0, 0.0);
            outRowsV.read(0, tmp, 0, batch * rows);
            for (int k = 0; k < batch * rows; k++) {
                out[k] += tmp[k];
            }
        }

        @Override
        public void multiplyTransposed(double[] in, int b, int ldi, int inOff, int c0, int n, double[] out) {
            INDArray src = wide(n);
            HostView sv = wideV.get(n);
            if (ldi == n && inOff == 0) {
                sv.write(0, in, 0, batch * n);
            } else {
                for (int r = 0; r < batch; r++) {
                    sv.write((long) r * n, in, r * ldi + inOff, n);
                }
            }
            HostGemm.gemm(src, columns(c0, n), outRows, false, true, 1.0, 0.0);
            outRowsV.read(0, tmp, 0, batch * rows);
            for (int k = 0; k < batch * rows; k++) {
                out[k] += tmp[k];
            }
        }
    }
}
