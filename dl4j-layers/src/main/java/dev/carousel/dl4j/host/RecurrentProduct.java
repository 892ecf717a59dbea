package dev.carousel.dl4j.host;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-step recurrent matrix product of the CPU fast path, on row-major {@code double[]} minibatch rows:
 * {@code out += in . U[:, c0:c0+n]} forwards and {@code out += in . U[:, c0:c0+n]^T} backwards, where U is a
 * recurrent weight matrix [K, width]. Small products (the whole step below {@link #HOST_LIMIT} multiply-adds) run
 * in Java loops, because one native call costs more than the arithmetic; larger ones go to CBLAS through native
 * scratch arrays.
 *
 * <p>The time loops may run blocks of batch rows on several threads ({@link RowBlocks}): {@link #create} gives each
 * block its own product (a {@link Native} holds per-block scratch and movable pointers; the {@link Host} one is
 * shared, it only reads U). Whether the product runs in Java or in CBLAS is decided from the whole batch, so that
 * every row is computed the same way however the batch is split.
 */
public abstract class RecurrentProduct {
    /** Multiply-adds per step below which the product runs in Java. */
    public static final long HOST_LIMIT = 32_768;

    /**
     * One product per row block; scratch arrays come from {@code mgr} (call on the thread that owns the workspace,
     * before the blocks start).
     */
    public static RecurrentProduct[] create(INDArray u, RowBlocks blocks, DataType dt, LayerWorkspaceMgr mgr,
                                            ArrayType scratch) {
        RecurrentProduct[] out = new RecurrentProduct[blocks.count()];
        long work = (long) blocks.batch() * u.size(0) * u.size(1);
        Host shared = work <= HOST_LIMIT ? new Host(u) : null;
        for (int i = 0; i < out.length; i++) {
            out[i] = shared != null ? shared : new Native(u, blocks.size(i), blocks.batch() == 1, dt, mgr, scratch);
        }
        return out;
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

    /**
     * CBLAS through native scratch arrays, for one block of {@code batch} rows. Every call reuses the same scratch and
     * pointers: no allocation per step. One instance belongs to one thread.
     */
    public static final class Native extends RecurrentProduct {
        private final int rows;
        private final int width;
        private final int batch;
        private final NativeMatrix u;
        private final NativeMatrix inRows;     // [B, K]
        private final NativeMatrix outRows;    // [B, K]
        private final NativeMatrix wide;       // [B, width]
        private final HostView inRowsV;
        private final HostView outRowsV;
        private final HostView wideV;
        private final double[] tmp;
        /** Batch 1: products as gemv ({@link HostGemm}). */
        private final boolean vector;

        Native(INDArray uArr, int batch, boolean vector, DataType dt, LayerWorkspaceMgr mgr, ArrayType scratch) {
            this.vector = vector;
            this.rows = (int) uArr.size(0);
            this.width = (int) uArr.size(1);
            this.batch = batch;
            this.u = new NativeMatrix(uArr);
            INDArray in = mgr.createUninitialized(scratch, dt, new long[] {batch, rows}, 'c');
            INDArray out = mgr.createUninitialized(scratch, dt, new long[] {batch, rows}, 'c');
            INDArray w = mgr.createUninitialized(scratch, dt, new long[] {batch, width}, 'c');
            inRows = new NativeMatrix(in);
            outRows = new NativeMatrix(out);
            wide = new NativeMatrix(w);
            inRowsV = new HostView(in);
            outRowsV = new HostView(out);
            wideV = new HostView(w);
            tmp = new double[batch * Math.max(width, rows)];
        }

        /** out[r*ldo + outOff + j] += tmp[r*width + j] for the block's rows, j &lt; n. */
        private void addWide(int n, double[] out, int ldo, int outOff) {
            wideV.read(0, tmp, 0, batch * width);
            for (int r = 0; r < batch; r++) {
                int ob = r * ldo + outOff;
                int tb = r * width;
                for (int j = 0; j < n; j++) {
                    out[ob + j] += tmp[tb + j];
                }
            }
            java.lang.ref.Reference.reachabilityFence(this);   // the scratch arrays' memory, read above
        }

        private void addOutRows(double[] out) {
            outRowsV.read(0, tmp, 0, batch * rows);
            for (int k = 0; k < batch * rows; k++) {
                out[k] += tmp[k];
            }
            java.lang.ref.Reference.reachabilityFence(this);
        }

        @Override
        public void multiply(double[] in, int b, int c0, int n, double[] out, int ldo, int outOff) {
            inRowsV.write(0, in, 0, batch * rows);
            HostGemm.gemm(inRows, 0, 0, false, u, 0, c0, false, wide, 0, 0, batch, n, rows, 1.0, 0.0, vector);
            addWide(n, out, ldo, outOff);
        }

        /** out[b*ldo + outOff + j] += (h . U[:, c0:c0+n])[b][j] with h the block's rows of a native matrix from hRow. */
        public void multiplyFrom(NativeMatrix h, long hRow, int c0, int n, double[] out, int ldo, int outOff) {
            HostGemm.gemm(h, hRow, 0, false, u, 0, c0, false, wide, 0, 0, batch, n, rows, 1.0, 0.0, vector);
            addWide(n, out, ldo, outOff);
        }

        /** dst rows from dstRow (+)= h rows from hRow . U (beta 0 or 1), all native. */
        public void accumulate(NativeMatrix h, long hRow, NativeMatrix dst, long dstRow, double beta) {
            HostGemm.gemm(h, hRow, 0, false, u, 0, 0, false, dst, dstRow, 0, batch, width, rows, 1.0, beta, vector);
        }

        /** out[b*K + k] += (d . U[:, c0:c0+n]^T)[b][k], d the block's rows of a native [*, width] matrix from dRow. */
        public void multiplyTransposedFrom(NativeMatrix d, long dRow, int c0, int n, double[] out) {
            HostGemm.gemm(d, dRow, c0, false, u, 0, c0, true, outRows, 0, 0, batch, rows, n, 1.0, 0.0, vector);
            addOutRows(out);
        }

        @Override
        public void multiplyTransposed(double[] in, int b, int ldi, int inOff, int c0, int n, double[] out) {
            for (int r = 0; r < batch; r++) {
                wideV.write((long) r * width, in, r * ldi + inOff, n);
            }
            HostGemm.gemm(wide, 0, 0, false, u, 0, c0, true, outRows, 0, 0, batch, rows, n, 1.0, 0.0, vector);
            addOutRows(out);
        }
    }
}
