package dev.carousel.verify;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.ArrayLayout;
import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.CellType;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.Masks;
import dev.carousel.reference.Param;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentLayer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The pure-Java float64 oracle of {@code reference-impl} ({@link LstmCell} or {@link GruCell} in a
 * {@link RecurrentLayer}) as a {@link RecurrentImplementation}. It keeps both biases b_ih and b_hh as the
 * interchange layout does, so it reports both gradients. float64 only.
 */
public final class ReferenceImplementation implements RecurrentImplementation {
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<DType> dtypes() {
        return Set.of(DType.FLOAT64);
    }

    @Override
    public Result run(TestCase testCase, DType dtype) {
        if (dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("the reference computes in float64 only, asked for " + dtype);
        }
        Map<String, Tensor> arrays = new LinkedHashMap<>(testCase.arrays());
        for (String up : testCase.layout().upstream()) {
            arrays.putIfAbsent(up, testCase.array(up));          // zeros for a forward-only case without them
        }
        return compute(testCase.config(), testCase.lengths(), arrays);
    }

    /**
     * Forward and backward pass of the case's layer.
     *
     * @param config  what is computed
     * @param lengths valid steps per sequence [B]
     * @param arrays  at least the inputs (x, h0, c0), the parameters and the upstream gradients (dy, dh_n, dc_n) of
     *                the case's {@link ArrayLayout}
     */
    public static Result compute(CaseConfig config, int[] lengths, Map<String, Tensor> arrays) {
        ArrayLayout layout = new ArrayLayout(config);
        RecurrentCell cell = config.cell() == CellType.LSTM ? new LstmCell(config.lstmSpec())
                : new GruCell(config.gruSpec());
        for (Param p : cell.params()) {
            p.set(require(arrays, p.name()).data());
        }
        boolean lstm = config.cell().hasCellState();
        double[][][] initial = lstm
                ? new double[][][] {require(arrays, "h0").toArray2(), require(arrays, "c0").toArray2()}
                : new double[][][] {require(arrays, "h0").toArray2()};
        double[][][] dFinal = lstm
                ? new double[][][] {require(arrays, "dh_n").toArray2(), require(arrays, "dc_n").toArray2()}
                : new double[][][] {require(arrays, "dh_n").toArray2()};
        RecurrentLayer layer = new RecurrentLayer(cell);
        RecurrentLayer.Forward fwd = layer.forward(require(arrays, "x").toArray3(),
                Masks.fromLengths(lengths, config.time()), initial);
        cell.params().zeroGrad();
        RecurrentLayer.Gradients g = layer.backward(fwd, require(arrays, "dy").toArray3(), dFinal);

        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put("x", Tensor.of(g.dx()));
        grads.put("h0", Tensor.of(g.dInitialState()[0]));
        if (lstm) {
            grads.put("c0", Tensor.of(g.dInitialState()[1]));
        }
        for (String name : layout.parameters()) {
            Param p = cell.params().get(name);
            grads.put(name, new Tensor(p.shape(), p.grad.clone()));
        }
        return new Result(Tensor.of(fwd.y), Tensor.of(fwd.hN()), lstm ? Tensor.of(fwd.cN()) : null, grads);
    }

    private static Tensor require(Map<String, Tensor> arrays, String name) {
        Tensor t = arrays.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the reference needs array '" + name + "'; got " + arrays.keySet());
        }
        return t;
    }
}
