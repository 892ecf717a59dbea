package dev.carousel.spec.decoding;

/**
 * What one decoder step of an {@link IncrementalDecoder} returns.
 *
 * @param logProbs log p(token | prefix, source) for every target token [V] (natural log of a softmax)
 * @param state    the decoder state after the step (the input state is left unchanged)
 * @param alphas   this step's attention weights alpha_t [S] (sum 1 over valid source positions, 0 where masked)
 * @param <S>      the model's decoder state type
 */
public record StepResult<S>(double[] logProbs, S state, double[] alphas) {

    /** Checks that the arrays are present and the log-probabilities have no NaN. */
    public StepResult {
        if (logProbs == null || alphas == null || state == null) {
            throw new IllegalArgumentException("a decoder step needs logProbs, state and alphas; got logProbs="
                    + (logProbs == null ? "null" : "[" + logProbs.length + "]") + ", state=" + state + ", alphas="
                    + (alphas == null ? "null" : "[" + alphas.length + "]"));
        }
        for (int v = 0; v < logProbs.length; v++) {
            if (Double.isNaN(logProbs[v])) {
                throw new IllegalArgumentException("decoder step: logProbs[" + v + "] is NaN");
            }
        }
    }
}
