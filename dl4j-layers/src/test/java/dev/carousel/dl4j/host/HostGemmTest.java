package dev.carousel.dl4j.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The direct CBLAS gemm against ND4J's own {@code Nd4j.gemm} on the operand layouts the CPU path passes: row-major
 * arrays and row blocks of them (offsets), column-major parameter views cut from a flattened vector (as DL4J's
 * param initialisers cut them), column blocks of both, transposed second operands, beta 0 and 1.
 */
class HostGemmTest {
    private static void check(String what, INDArray a, INDArray b, INDArray c, boolean transB, double beta) {
        INDArray expected = c.dup('c');
        INDArray actual = c.dup('c');
        Nd4j.gemm(a, b, expected, false, transB, 1.0, beta);
        HostGemm.gemm(a, b, actual, false, transB, 1.0, beta);
        double tol = c.dataType() == DataType.DOUBLE ? 1e-12 : 1e-5;
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        double scale = expected.amaxNumber().doubleValue();
        assertEquals(0.0, diff / scale, tol, what + ": max |difference| " + diff + " of max " + scale);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void agreesWithNd4jOnTheCpuPathsLayouts(DataType dt) {
        Nd4j.getRandom().setSeed(7);
        INDArray flat = Nd4j.rand(dt, 1, 2000);
        INDArray u = flat.get(interval(0, 0, true), interval(37, 37 + 8 * 20)).reshape('f', 8, 20);   // RW [K, W]
        INDArray h = Nd4j.rand(dt, 4, 8);
        INDArray hs = Nd4j.rand(dt, 12, 8);
        INDArray dA = Nd4j.rand(dt, 12, 20);
        check("h U", h, u, Nd4j.rand(dt, 4, 20), false, 0.0);
        check("h_t U + block", hs.get(interval(4, 8), all()), u, Nd4j.rand(dt, 4, 20), false, 1.0);
        check("h_t U into a row block", h, u, dA.get(interval(8, 12), all()), false, 1.0);
        check("h U[:, c0:c1]", h, u.get(all(), interval(5, 15)), Nd4j.rand(dt, 4, 10), false, 0.0);
        check("dA_t U^T", dA.get(interval(4, 8), all()), u, Nd4j.rand(dt, 4, 8), true, 0.0);
        check("dA_t[:, c0:c1] U[:, c0:c1]^T", dA.get(interval(4, 8), interval(5, 15)), u.get(all(), interval(5, 15)),
                Nd4j.rand(dt, 4, 8), true, 0.0);
        // one-row operands (batch 1, one step): the stride of a size-1 dimension is arbitrary in ND4J
        check("x_t W, batch 1", dA.get(interval(3, 4), interval(0, 8)), u, Nd4j.rand(dt, 1, 20), false, 0.0);
        check("h W into a one-row block", Nd4j.rand(dt, 1, 8), u, dA.get(interval(5, 6), all()), false, 1.0);
        check("one-row dA U^T", dA.get(interval(2, 3), all()), u, Nd4j.rand(dt, 1, 8), true, 0.0);
        check("X W ('c' input, 'f' weights)", Nd4j.rand(dt, 30, 6),
                flat.get(interval(0, 0, true), interval(500, 500 + 6 * 20)).reshape('f', 6, 20), Nd4j.rand(dt, 30, 20),
                false, 0.0);
    }

    /**
     * The pointer form on {@link NativeMatrix} operands: blocks of rows of time-major 'c' matrices and column blocks
     * of a column-major U, as the threaded time loops call it, against {@code Nd4j.gemm} on the equivalent views.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void pointerFormOnRowBlocksAgreesWithNd4j(DataType dt) {
        Nd4j.getRandom().setSeed(8);
        INDArray flat = Nd4j.rand(dt, 1, 2000);
        INDArray u = flat.get(interval(0, 0, true), interval(37, 37 + 8 * 20)).reshape('f', 8, 20);   // RW [K, W]
        INDArray hs = Nd4j.rand(dt, 12, 8);
        INDArray xw = Nd4j.rand(dt, 12, 20);
        double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
        // rows 5..7 of xw += rows 1..3 of hs . U
        INDArray expected = xw.dup('c');
        Nd4j.gemm(hs.get(interval(1, 4), all()), u, expected.get(interval(5, 8), all()), false, false, 1.0, 1.0);
        INDArray actual = xw.dup('c');
        HostGemm.gemm(new NativeMatrix(hs), 1, 0, false, new NativeMatrix(u), 0, 0, false, new NativeMatrix(actual),
                5, 0, 3, 20, 8, 1.0, 1.0);
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), tol, "row block h U");
        // [3, 8] = rows 6..8 of xw, columns 4..13, times U[:, 4:14]^T
        INDArray out = Nd4j.rand(dt, 3, 8);
        INDArray e2 = out.dup('c');
        Nd4j.gemm(xw.get(interval(6, 9), interval(4, 14)), u.get(all(), interval(4, 14)), e2, false, true, 1.0, 0.0);
        INDArray a2 = out.dup('c');
        HostGemm.gemm(new NativeMatrix(xw), 6, 4, false, new NativeMatrix(u), 0, 4, true, new NativeMatrix(a2), 0, 0,
                3, 8, 10, 1.0, 0.0);
        assertEquals(0.0, e2.sub(a2).amaxNumber().doubleValue(), tol, "row and column block dA U^T");
    }

    /**
     * One row at batch 1, which goes to gemv: h U with U column-major and row-major, dA U^T over a
     * column block, into a row of a larger matrix with beta 1, against {@code Nd4j.gemm}.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void oneRowAgreesWithNd4j(DataType dt) {
        Nd4j.getRandom().setSeed(9);
        INDArray flat = Nd4j.rand(dt, 1, 2000).subi(0.5);
        INDArray uF = flat.get(interval(0, 0, true), interval(37, 37 + 8 * 20)).reshape('f', 8, 20);
        INDArray uC = Nd4j.rand(dt, 8, 20).subi(0.5);
        INDArray hs = Nd4j.rand(dt, 12, 8).subi(0.5);
        INDArray xw = Nd4j.rand(dt, 12, 20).subi(0.5);
        double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (INDArray u : new INDArray[] {uF, uC}) {
            String layout = u.ordering() == 'f' ? "column-major U" : "row-major U";
            INDArray expected = xw.dup('c');
            Nd4j.gemm(hs.get(interval(3, 4), all()), u, expected.get(interval(7, 8), all()), false, false, 1.0, 1.0);
            INDArray actual = xw.dup('c');
            HostGemm.gemm(new NativeMatrix(hs), 3, 0, false, new NativeMatrix(u), 0, 0, false,
                    new NativeMatrix(actual), 7, 0, 1, 20, 8, 1.0, 1.0, true);
            assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), tol, "h_t U, one row, " + layout);
            INDArray out = Nd4j.rand(dt, 1, 8);
            INDArray e2 = out.dup('c');
            Nd4j.gemm(xw.get(interval(6, 7), interval(4, 14)), u.get(all(), interval(4, 14)), e2, false, true, 1.0,
                    0.0);
            INDArray a2 = out.dup('c');
            HostGemm.gemm(new NativeMatrix(xw), 6, 4, false, new NativeMatrix(u), 0, 4, true, new NativeMatrix(a2), 0,
                    0, 1, 8, 10, 1.0, 0.0, true);
            assertEquals(0.0, e2.sub(a2).amaxNumber().doubleValue(), tol, "dA_t U^T, one row, " + layout);
        }
    }

    /**
     * The slab form (the products over all steps, cut into one slab of C per thread): C split along rows (input
     * projection, dL/dx) and along columns (weight gradients X^T dA into a column-major parameter-gradient view, as
     * DL4J cuts them from its flattened gradient), 1 to 3 slabs, against {@code Nd4j.gemm} on one thread.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void slabsAgreeWithOneProduct(DataType dt) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(dt, 120, 7).subi(0.5);                 // [T*B, I]
        INDArray dA = Nd4j.rand(dt, 120, 40).subi(0.5);               // [T*B, width]
        INDArray flat = Nd4j.rand(dt, 1, 1000);
        INDArray w = flat.get(interval(0, 0, true), interval(13, 13 + 7 * 40)).reshape('f', 7, 40);
        double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int parts = 1; parts <= 3; parts++) {
            INDArray[][] cases = {
                {x, w, Nd4j.zeros(dt, 120, 40)},                                      // X W: rows
                {dA, w, Nd4j.zeros(dt, 120, 7)},                                      // dA W^T: rows
                {x, dA, Nd4j.zeros(dt, 1, 7 * 40 + 50).get(interval(0, 0, true), interval(50, 50 + 7 * 40))
                        .reshape('f', 7, 40)},                                        // X^T dA: columns, 'f' view
            };
            boolean[][] trans = {{false, false}, {false, true}, {true, false}};
            for (int k = 0; k < cases.length; k++) {
                INDArray a = cases[k][0];
                INDArray b = cases[k][1];
                INDArray c = cases[k][2];
                INDArray expected = Nd4j.gemm(a, b, trans[k][0], trans[k][1]);
                HostGemm.gemm(a, b, c, trans[k][0], trans[k][1], 1.0, 0.0, parts);
                double diff = expected.sub(c).amaxNumber().doubleValue();
                assertEquals(0.0, diff / expected.amaxNumber().doubleValue(), tol,
                        "case " + k + ", " + parts + " slabs: max |difference| " + diff);
            }
        }
    }
}
