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
}
