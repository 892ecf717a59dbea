package dev.carousel.verify;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.carousel.djl.attention.AttentionSeq2SeqBlock;
import dev.carousel.djl.attention.Seq2SeqWeights;
import dev.carousel.djl.attention.TokenCrossEntropyLoss;
import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Carousel's DJL attention encoder-decoder ({@link AttentionSeq2SeqBlock}) on the default engine as a
 * {@link Seq2SeqImplementation}: the case's parameters set with {@link Seq2SeqWeights}, one teacher-forced forward
 * pass of the summed {@link TokenCrossEntropyLoss} under a gradient collector, the block's logits and alphas, the
 * loss and the parameter gradients from autograd.
 */
public final class DjlSeq2Seq implements Seq2SeqImplementation {

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public Set<DType> dtypes() {
        return Set.of(DType.FLOAT64, DType.FLOAT32);
    }

    @Override
    public Result run(Seq2SeqTestCase c, DType dtype) {
        DataType dt = dtype == DType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        int[][] source = c.source();
        int[][] target = c.target();
        int[] targetLengths = c.targetLengths();
        int b = c.config().batch();
        try (NDManager m = NDManager.newBaseManager()) {
            AttentionSeq2SeqBlock block = new AttentionSeq2SeqBlock(c.config().model());
            block.initialize(m, dt, new Shape(b, c.config().source()), new Shape(b));
            Seq2SeqWeights.set(block, c.parameterValues());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray src = m.create(source);
            NDArray srcLen = m.create(c.sourceLengths());
            NDList labels = new NDList(m.create(target), m.create(targetLengths));
            TokenCrossEntropyLoss lossFn = new TokenCrossEntropyLoss("sum", false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.zeroGradients();
                NDList out = block.forward(ps, new NDList(src, srcLen), labels, null);
                NDArray l = lossFn.evaluate(labels, out);
                gc.backward(l);
                double loss = l.toType(DataType.FLOAT64, false).getDouble();
                double[][][] logits = unflatten(doubles(out.get(0)), b, c.config().target(),
                        c.config().model().targetVocabSize());
                double[] alphas = doubles(out.get(1));
                Map<String, double[]> grads = Seq2SeqWeights.gradients(block);
                Map<String, Tensor> g = new LinkedHashMap<>();
                for (String name : c.layout().parameters()) {
                    double[] v = grads.get(name);
                    if (v == null) {
                        throw new IllegalStateException("DJL returned no gradient for " + name + "; got "
                                + grads.keySet());
                    }
                    g.put(name, new Tensor(c.layout().shape(name), v));
                }
                return new Result(Tensor.of(Seq2SeqResults.logProbs(logits, targetLengths)),
                        new Tensor(new int[] {b, c.config().target(), c.config().source()}, alphas), loss, g);
            }
        }
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double[][][] unflatten(double[] flat, int d0, int d1, int d2) {
        if (flat.length != d0 * d1 * d2) {
            throw new IllegalStateException("DJL returned " + flat.length + " logits, expected " + d0 + " x " + d1
                    + " x " + d2);
        }
        double[][][] a = new double[d0][d1][d2];
        int k = 0;
        for (double[][] plane : a) {
            for (double[] row : plane) {
                System.arraycopy(flat, k, row, 0, d2);
                k += d2;
            }
        }
        return a;
    }
}
