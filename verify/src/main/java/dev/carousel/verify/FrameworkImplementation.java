package dev.carousel.verify;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.ArrayLayout;
import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.CellType;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the DL4J and DJL adapters share: unpack a case into plain arrays (interchange-layout weights, x, lengths,
 * initial states, upstream gradients), run one forward and backward pass of the framework's layer, and pack its
 * outputs and gradients into a {@link RecurrentImplementation.Result}. Both frameworks run float64 and float32.
 */
abstract class FrameworkImplementation implements RecurrentImplementation {

    /** One pass's outputs as plain arrays; {@code cN} and {@code dc0} are null for a GRU. */
    protected record Pass(double[][][] y, double[][] hN, double[][] cN, double[][][] dx, double[][] dh0,
                          double[][] dc0, Map<String, double[]> paramGrads) {
    }

    /** The arrays of a case, unpacked. {@code c0}, {@code dcN} are null for a GRU. */
    protected record Inputs(CaseConfig config, Map<String, double[]> weights, double[][][] x, int[] lengths,
                            double[][] h0, double[][] c0, double[][][] dy, double[][] dhN, double[][] dcN) {
    }

    @Override
    public Set<DType> dtypes() {
        return Set.of(DType.FLOAT64, DType.FLOAT32);
    }

    @Override
    public final Result run(TestCase testCase, DType dtype) {
        CaseConfig config = testCase.config();
        boolean lstm = config.cell() == CellType.LSTM;
        ArrayLayout layout = testCase.layout();
        Map<String, double[]> weights = new LinkedHashMap<>();
        for (String name : layout.parameters()) {
            weights.put(name, testCase.array(name).data());
        }
        Inputs in = new Inputs(config, weights, testCase.array("x").toArray3(), testCase.lengths(),
                testCase.array("h0").toArray2(), lstm ? testCase.array("c0").toArray2() : null,
                testCase.array("dy").toArray3(), testCase.array("dh_n").toArray2(),
                lstm ? testCase.array("dc_n").toArray2() : null);
        Pass p = compute(in, dtype);
        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put("x", Tensor.of(p.dx()));
        grads.put("h0", Tensor.of(p.dh0()));
        if (lstm) {
            grads.put("c0", Tensor.of(p.dc0()));
        }
        for (String name : layout.parameters()) {
            double[] g = p.paramGrads().get(name);
            if (g == null) {
                throw new IllegalStateException(name() + " returned no gradient for " + name + "; got "
                        + p.paramGrads().keySet());
            }
            grads.put(name, new Tensor(testCase.array(name).shape(), g));
        }
        return new Result(Tensor.of(p.y()), Tensor.of(p.hN()), lstm ? Tensor.of(p.cN()) : null, grads);
    }

    /** One forward and backward pass in the framework, at {@code dtype}. */
    protected abstract Pass compute(Inputs in, DType dtype);
}
