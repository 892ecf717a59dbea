package dev.carousel.dl4j.host;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code C = alpha op(A) op(B) + beta C} on the CPU backend straight through CBLAS (the OpenBLAS that ND4J itself
 * loads), for the small per-step products of the CPU path. {@code Nd4j.gemm} builds and tears down a custom-op
 * context on every call, about 35 microseconds at the layers' step shape [32, 128] x [128, 512], a third of the
 * product's own time. Each operand may be any 2-D view whose rows or columns are unit-stride (row-major or
 * column-major with a leading dimension), C row-major; FLOAT or DOUBLE. Anything else goes to {@code Nd4j.gemm}.
 * Only the CPU path uses this class: on CUDA the layers run their ND4J-operations path.
 */
public final class HostGemm {
    private HostGemm() {
    }

    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        if (c.rank() == 2 && c.size(0) > 1 && c.size(1) > 1 && c.stride(1) != 1 && c.stride(0) == 1) {
            gemm(b, a, c.transpose(), !transB, !transA, alpha, beta);   // column-major C: C^T = op(B)^T op(A)^T
            return;
        }
        DataType dt = c.dataType();
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || a.dataType() != dt || b.dataType() != dt
                || (dt != DataType.FLOAT && dt != DataType.DOUBLE) || c.stride(1) != 1 && c.size(1) > 1) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (transA ? a.size(0) : a.size(1));
        Operand oa = Operand.of(a, transA);
        Operand ob = Operand.of(b, transB);
        if (oa == null || ob == null) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        // the stride of a size-1 dimension carries no information (ND4J may report anything): clamp to the minimum
        int ldc = (int) (m == 1 ? Math.max(Math.max(1, c.stride(0)), n) : c.stride(0));
        if (dt == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, oa.trans, ob.trans, m, n, k, (float) alpha,
                    floats(a), oa.ld, floats(b), ob.ld, (float) beta, floats(c), ldc);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, oa.trans, ob.trans, m, n, k, alpha,
                    doubles(a), oa.ld, doubles(b), ob.ld, beta, doubles(c), ldc);
        }
    }

    /**
     * The same product cut into {@code parts} near-equal slabs of C along its longer side (rows of C are rows of
     * op(A), columns are columns of op(B)), one slab per thread of {@link HostThreads#run}: how the layers use
     * several cores for their products over all time steps (input projection, weight gradients, dL/dx) while
     * OpenBLAS runs on one thread. Each slab is an ordinary product over the whole inner dimension.
     */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha,
                            double beta, int parts) {
        long len = Math.max(c.size(0), c.size(1));
        int count = (int) Math.max(1, Math.min(parts, len / MIN_SLAB));
        if (count == 1 || c.rank() != 2) {
            gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        boolean byRows = c.size(0) >= c.size(1);
        INDArray[] as = new INDArray[count];
        INDArray[] bs = new INDArray[count];
        INDArray[] cs = new INDArray[count];
        for (int i = 0; i < count; i++) {                   // views made here, on the workspace's own thread
            INDArrayIndex r = NDArrayIndex.interval(i * len / count, (i + 1) * len / count);
            if (byRows) {
                as[i] = transA ? a.get(NDArrayIndex.all(), r) : a.get(r, NDArrayIndex.all());
                bs[i] = b;
                cs[i] = c.get(r, NDArrayIndex.all());
            } else {
                as[i] = a;
                bs[i] = transB ? b.get(r, NDArrayIndex.all()) : b.get(NDArrayIndex.all(), r);
                cs[i] = c.get(NDArrayIndex.all(), r);
            }
        }
        HostThreads.run(count, i -> gemm(as[i], bs[i], cs[i], transA, transB, alpha, beta));
    }

    /** Rows or columns a slab of {@link #gemm(INDArray, INDArray, INDArray, boolean, boolean, double, double, int)} holds at least. */
    static final int MIN_SLAB = 16;

    /**
     * {@code C[m, n] = alpha op(A) op(B) + beta C} on blocks of {@link NativeMatrix} operands whose top-left
     * elements are (aRow, aCol), (bRow, bCol) and (cRow, cCol): the time loops' per-step products on a block of
     * batch rows, without a view or pointer per call. C must be row-major; the three operands must be distinct
     * instances (each holds one movable pointer) of one data type.
     */
    public static void gemm(NativeMatrix a, long aRow, long aCol, boolean transA, NativeMatrix b, long bRow, long bCol,
                            boolean transB, NativeMatrix c, long cRow, long cCol, int m, int n, int k, double alpha,
                            double beta) {
        gemm(a, aRow, aCol, transA, b, bRow, bCol, transB, c, cRow, cCol, m, n, k, alpha, beta, false);
    }

    /**
     * As above; with {@code vector} a one-row product (m = 1) runs as a matrix-vector product (CBLAS gemv), 4-12
     * times faster at batch 1. Callers pass it for the whole batch (batch 1), never for a one-row block of a larger
     * batch: gemv sums in another order than gemm, and every row must be computed the same way however the batch is
     * split.
     */
    public static void gemm(NativeMatrix a, long aRow, long aCol, boolean transA, NativeMatrix b, long bRow, long bCol,
                            boolean transB, NativeMatrix c, long cRow, long cCol, int m, int n, int k, double alpha,
                            double beta, boolean vector) {
        if (c.columnMajor() && m > 1) {
            throw new IllegalArgumentException("the product's output must be row-major");
        }
        int ta = transA != a.columnMajor() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB != b.columnMajor() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (m == 1 && vector) {
            rowTimesMatrix(a, aRow, aCol, ta, b, bRow, bCol, tb, c, cRow, cCol, n, k, alpha, beta);
        } else if (c.dataType() == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, (float) alpha,
                    (FloatPointer) a.at(aRow, aCol), a.ld(), (FloatPointer) b.at(bRow, bCol), b.ld(), (float) beta,
                    (FloatPointer) c.at(cRow, cCol), c.ld());
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, alpha,
                    (DoublePointer) a.at(aRow, aCol), a.ld(), (DoublePointer) b.at(bRow, bCol), b.ld(), beta,
                    (DoublePointer) c.at(cRow, cCol), c.ld());
        }
        // the operands hold their arrays; keep them reachable until the native call has returned
        java.lang.ref.Reference.reachabilityFence(a);
        java.lang.ref.Reference.reachabilityFence(b);
        java.lang.ref.Reference.reachabilityFence(c);
    }

    /**
     * One row of C (batch 1: streaming, or a one-row block) as a matrix-vector product: OpenBLAS 0.3.19's gemm packs
     * all of op(B) on every call, 4-12 times the time of gemv at m = 1 (20.5 against 4.6 us at k = 128, n = 384,
     * measured). In row-major CBLAS terms op(A)'s row is contiguous or strided by A's leading dimension, and op(B) is
     * B (k x n) or B^T (B stored n x k).
     */
    private static void rowTimesMatrix(NativeMatrix a, long aRow, long aCol, int ta, NativeMatrix b, long bRow,
                                       long bCol, int tb, NativeMatrix c, long cRow, long cCol, int n, int k,
                                       double alpha, double beta) {
        int incX = ta == openblas_nolapack.CblasNoTrans ? 1 : a.ld();
        int incY = c.columnMajor() ? c.ld() : 1;
        boolean plain = tb == openblas_nolapack.CblasNoTrans;            // B stored k x n: y = B^T x
        int trans = plain ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int rows = plain ? k : n;
        int cols = plain ? n : k;
        if (c.dataType() == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, trans, rows, cols, (float) alpha,
                    (FloatPointer) b.at(bRow, bCol), b.ld(), (FloatPointer) a.at(aRow, aCol), incX, (float) beta,
                    (FloatPointer) c.at(cRow, cCol), incY);
        } else {
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, trans, rows, cols, alpha,
                    (DoublePointer) b.at(bRow, bCol), b.ld(), (DoublePointer) a.at(aRow, aCol), incX, beta,
                    (DoublePointer) c.at(cRow, cCol), incY);
        }
    }

    // A view's data buffer may itself be a view that starts at an offset into the root buffer (its address
    // pointer already points there); the array's offset counts from the root. The first element is the
    // difference past the buffer's own start.

    private static FloatPointer floats(INDArray x) {
        return new FloatPointer(x.data().addressPointer()).position(x.offset() - x.data().offset());
    }

    private static DoublePointer doubles(INDArray x) {
        return new DoublePointer(x.data().addressPointer()).position(x.offset() - x.data().offset());
    }

    /** How CBLAS (row-major) reads an operand: transposed or not, and its leading dimension. */
    private static final class Operand {
        final int trans;
        final int ld;

        private Operand(int trans, int ld) {
            this.trans = trans;
            this.ld = ld;
        }

        /** op(x) for a row-major call, or null when x has no unit-stride dimension. */
        static Operand of(INDArray x, boolean transpose) {
            long rows = x.size(0);
            long cols = x.size(1);
            if (x.stride(1) == 1 || cols == 1) {             // row-major, ld = row stride
                long ld = rows == 1 ? Math.max(x.stride(0), cols) : x.stride(0);
                return new Operand(transpose ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                        (int) Math.max(ld, 1));
            }
            if (x.stride(0) == 1 || rows == 1) {             // column-major: row-major of the transpose
                long ld = cols == 1 ? Math.max(x.stride(1), rows) : x.stride(1);
                return new Operand(transpose ? openblas_nolapack.CblasNoTrans : openblas_nolapack.CblasTrans,
                        (int) Math.max(ld, 1));
            }
            return null;
        }
    }
}
