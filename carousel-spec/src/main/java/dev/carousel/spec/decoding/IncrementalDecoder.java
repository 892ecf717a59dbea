package dev.carousel.spec.decoding;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence-to-sequence model seen from the decoding side: encode the source ONCE, then step the decoder one
 * target token at a time. {@link GreedyDecoder} and {@link BeamSearch} work against this interface only, so every
 * model that implements it (the reference {@code AttentionSeq2Seq}, the DL4J and DJL attention models) gets the
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

    /**
     * Encodes several sources; element k is {@code start(sources[k])}. A model may override this to run its encoder
     * once over the whole batch, with the same results.
     */
    default List<S> startBatch(int[][] sources) {
        List<S> out = new ArrayList<>(sources.length);
        for (int[] source : sources) {
            out.add(start(source));
        }
        return out;
    }

    /**
     * Several decoder steps at once (the hypotheses of {@link GreedyDecoder#decodeBatch} and
     * {@link BeamSearch#searchBatch}); element k is {@code step(states.get(k), prevTokens[k])}. A model may override
     * this to run one batched decoder step, with the same results as step by step; the states may come from
     * different sources.
     *
     * @throws IllegalArgumentException when the two lists differ in length
     */
    default List<StepResult<S>> stepBatch(List<S> states, int[] prevTokens) {
        if (states.size() != prevTokens.length) {
            throw new IllegalArgumentException("stepBatch: " + states.size() + " states but " + prevTokens.length
                    + " tokens");
        }
        List<StepResult<S>> out = new ArrayList<>(states.size());
        for (int k = 0; k < prevTokens.length; k++) {
            out.add(step(states.get(k), prevTokens[k]));
        }
        return out;
    }
}
