package dev.carousel.spec.decoding;

/**
 * A sequence-to-sequence model seen from the decoding side: encode the source ONCE, then step the decoder one
 * target token at a time. {@link GreedyDecoder} and {@link BeamSearch} work against this interface only, so every
 * model that implements it (the reference {@link AttentionSeq2Seq}, the DL4J and DJL attention models) gets the
 * same greedy decoding and beam search.
 *
 * <pre>
 *   S_0         = start(source)                      the encoder runs here, once per source sequence
 *   (log p_t, S_t, alpha_t) = step(S_{t-1}, y_{t-1})  y_0 = bosId(), then the token chosen at the previous step
 *   log p_t     = log softmax(logits_t)              [targetVocabSize()], natural log, sums (in p) to 1
 *   alpha_t     = the attention weights of step t    [S], 0 at masked source positions
 * </pre>
 *
 * The decoding ends at {@link #eosId()} or a maximum length (equations.md section 5).
 *
 * <p>Contract: {@code step} must not modify {@code state} (beam search branches several hypotheses from one state
 * and revisits it); it must not re-run the encoder; it must give the same result as the model's teacher-forced
 * forward pass at the same prefix (an implementation's tests should check that, as {@code DecodingTest} does for the
 * reference).
 *
 * @param <S> the decoder state between two steps (the encoded source it attends over plus the recurrent state);
 *            opaque to the decoders
 */
public interface IncrementalDecoder<S> {

    /** The token fed at the first decoder step (y_0). */
    int bosId();

    /** The end token: producing it finishes a hypothesis. */
    int eosId();

    /** V, the size of the log-probability vector every step returns. */
    int targetVocabSize();

    /**
     * Encodes one unpadded source sequence (the encoder runs here and only here) and returns the decoder's initial
     * state s_0 attending over it.
     *
     * @throws IllegalArgumentException for an empty source or a token outside the source vocabulary
     */
    S start(int[] source);

    /**
     * One decoder step from {@code state} with the previous token (bos at the first step).
     *
     * @return log p(. | prefix, source) [V], the new state (a new object; {@code state} is unchanged), and the step's
     *         attention weights [S]
     * @throws IllegalArgumentException for a token outside [0, V)
     */
    StepResult<S> step(S state, int prevToken);
}
