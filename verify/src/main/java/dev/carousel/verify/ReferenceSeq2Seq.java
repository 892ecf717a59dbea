package dev.carousel.verify;

import dev.carousel.reference.Param;
import dev.carousel.reference.attention.AttentionSeq2Seq;
import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.Seq2SeqCaseConfig;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The float64 reference {@link AttentionSeq2Seq} (reference-impl) as a {@link Seq2SeqImplementation}. */
public final class ReferenceSeq2Seq implements Seq2SeqImplementation {

    @Override
    public String name() {
        return ReferenceImplementation.NAME;
    }

    @Override
    public Set<DType> dtypes() {
        return Set.of(DType.FLOAT64);
    }

    @Override
    public Result run(Seq2SeqTestCase testCase, DType dtype) {
        if (dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("the reference computes in float64 only, asked for " + dtype);
        }
        return compute(testCase.config(), testCase.source(), testCase.sourceLengths(), testCase.target(),
                testCase.targetLengths(), testCase.parameterValues());
    }

    /**
     * The reference's teacher-forced forward and backward pass.
     *
     * @param parameters every parameter of {@code Seq2SeqParameters.shapes(config.model())}, by dotted name
     */
    public static Result compute(Seq2SeqCaseConfig config, int[][] source, int[] sourceLengths, int[][] target,
                                 int[] targetLengths, Map<String, double[]> parameters) {
        AttentionSeq2Seq model = new AttentionSeq2Seq(config.model());
        for (Map.Entry<String, Param> p : model.params().asMap().entrySet()) {
            double[] v = parameters.get(p.getKey());
            if (v == null) {
                throw new IllegalArgumentException("the reference needs parameter '" + p.getKey() + "'; got "
                        + parameters.keySet());
            }
            p.getValue().set(v);
        }
        AttentionSeq2Seq.Forward f = model.forward(source, sourceLengths, target, targetLengths);
        model.params().zeroGrad();
        model.backward(f);
        Map<String, Tensor> grads = new LinkedHashMap<>();
        for (Map.Entry<String, Param> p : model.params().asMap().entrySet()) {
            grads.put(p.getKey(), new Tensor(p.getValue().shape(), p.getValue().grad.clone()));
        }
        return new Result(Tensor.of(f.logProbs), Tensor.of(f.alphas), f.loss, grads);
    }
}
