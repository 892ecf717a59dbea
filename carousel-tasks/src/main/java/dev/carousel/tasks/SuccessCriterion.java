package dev.carousel.tasks;

/**
 * The paper's per-sequence test "was this sequence processed correctly?", applied to network outputs
 * {@code outputs[T][O]} (one row per step, aligned with {@link Sequence#targets()}).
 *
 * Implementations: {@link AbsoluteErrorCriterion} (ABS(β) of Table 11), {@link LegalNextSymbolCriterion} (task 1),
 * {@link ArgmaxCriterion} (copy memory).
 */
public interface SuccessCriterion {

    /** True when the outputs process this sequence correctly. */
    boolean isCorrect(Sequence sequence, double[][] outputs);

    /** A short name as the paper writes it, e.g. {@code ABS(0.04) at sequence end}. */
    String describe();
}
