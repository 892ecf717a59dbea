package dev.carousel.verify;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.Seq2SeqCaseConfig;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An attention encoder-decoder implementation that {@code carousel verify} can check against seq2seq test vectors
 * (test-vectors.md "Seq2seq cases"): the reference {@code AttentionSeq2Seq}, the DL4J graph, the DJL block, ...
 * Found with {@link java.util.ServiceLoader} like {@link RecurrentImplementation}
 * ({@code META-INF/services/dev.carousel.verify.Seq2SeqImplementation}); {@code --impl NAME} selects the
 * recurrent and the seq2seq implementation of that name. The constructor must be cheap.
 *
 * <p>{@link #run} loads the case's parameters (by their dotted names), runs the teacher-forced forward pass on the
 * case's source, target and lengths (decoder input bos at step 0, then {@code target[b][t-1]}), and returns the
 * log-probabilities, the attention weights, the summed loss and the gradient of that loss for every parameter.
 */
public interface Seq2SeqImplementation {

    /** The name on the command line, e.g. "reference" (the same as its {@link RecurrentImplementation}'s). */
    String name();

    /** The dtypes it computes in. */
    Set<DType> dtypes();

    /** Why this implementation cannot run a case of this configuration, or empty when it can (a SKIP row). */
    default Optional<String> unsupported(Seq2SeqCaseConfig config) {
        return Optional.empty();
    }

    /**
     * One teacher-forced forward and backward pass in {@code dtype}.
     *
     * @throws RuntimeException on any failure; verify reports it as FAIL with the message
     */
    Result run(Seq2SeqTestCase testCase, DType dtype);

    /**
     * What {@link #run} computed, as float64.
     *
     * @param logProbs  log-softmax of the logits [B, T, V_tgt], 0 at masked target steps
     * @param alphas    attention weights [B, T, S], 0 at masked source positions and target steps
     * @param loss      − Σ over valid target steps of log p_t[target_t]
     * @param gradients the gradient of {@code loss} for every parameter, by dotted name (no {@code grad_} prefix)
     */
    record Result(Tensor logProbs, Tensor alphas, double loss, Map<String, Tensor> gradients) {
        public Result {
            gradients = Map.copyOf(gradients);
        }
    }
}
