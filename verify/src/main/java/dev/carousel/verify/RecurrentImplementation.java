package dev.carousel.verify;

import dev.carousel.spec.DType;
import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.Tensor;
import dev.carousel.verify.vectors.TestCase;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A recurrent layer implementation that {@code carousel verify} can check against test vectors (test-vectors.md):
 * the reference, a DL4J layer, a DJL block, ...
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: a public class with a public no-argument
 * constructor, listed on one line of {@code META-INF/services/dev.carousel.verify.RecurrentImplementation}.
 * The constructor must be cheap (every registered implementation is constructed to learn its name); load native
 * engines in {@link #run}.
 *
 * <p>{@link #run} computes, for the case's inputs {@code x}, {@code lengths}, {@code h0} ({@code c0}) and
 * parameters {@code w_ih}, {@code w_hh}, {@code b_ih}, {@code b_hh} ({@code p_i}, {@code p_f}, {@code p_o}):
 * the outputs y [B, T, H] (0 at padded steps), h_n and c_n [B, H]; and the gradients of the loss
 * Σ y·dy + Σ h_n·dh_n (+ Σ c_n·dc_n), with the upstream gradients {@code dy}, {@code dh_n}, {@code dc_n} of the
 * case, with respect to every input and parameter.
 */
public interface RecurrentImplementation {

    /** The name on the command line ({@code --impl NAME}): short, lower case, no comma, e.g. "reference". */
    String name();

    /** The dtypes it computes in; a case asked for in another one is reported as SKIP (unsupported). */
    Set<DType> dtypes();

    /**
     * Why this implementation cannot run a case of this configuration (a variant it lacks), or empty when it can.
     * Such a case is reported as SKIP with this reason, not as a failure.
     */
    default Optional<String> unsupported(CaseConfig config) {
        return Optional.empty();
    }

    /**
     * Runs the case's forward and backward pass in {@code dtype} (one of {@link #dtypes()}).
     *
     * @throws RuntimeException on any failure; verify reports it as FAIL with the message
     */
    Result run(TestCase testCase, DType dtype);

    /**
     * What {@link #run} computed, as float64 whatever the dtype it computed in.
     *
     * @param y         outputs [B, T, H]
     * @param hN        final hidden state [B, H]
     * @param cN        final cell state [B, H]; null for a GRU
     * @param gradients the gradient of every input and parameter, by its name without the {@code grad_} prefix:
     *                  "x", "h0", "c0", "w_ih", "w_hh", "b_ih", "b_hh", "p_i", "p_f", "p_o". An implementation that
     *                  keeps one bias b = b_ih + b_hh gives its gradient under {@link #SINGLE_BIAS} ("b") instead of
     *                  "b_ih" and "b_hh"; both expected {@code grad_b_ih} and {@code grad_b_hh} are compared with it.
     */
    record Result(Tensor y, Tensor hN, Tensor cN, Map<String, Tensor> gradients) {
        /** The key of the one bias's gradient, for implementations that keep b = b_ih + b_hh. */
        public static final String SINGLE_BIAS = "b";

        public Result {
            gradients = Map.copyOf(gradients);
        }

        /** An output by its test-vector name: "y", "h_n" or "c_n" (null when absent). */
        public Tensor output(String name) {
            switch (name) {
                case "y": return y;
                case "h_n": return hN;
                case "c_n": return cN;
                default: throw new IllegalArgumentException("no output '" + name + "'; outputs are y, h_n, c_n");
            }
        }
    }
}
