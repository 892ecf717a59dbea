package dev.carousel.djl;

import java.util.Map;

/**
 * What one forward and backward pass of a recurrent layer produced, as plain doubles (batch-first).
 *
 * @param y          outputs [B][T][H], 0 at padded steps
 * @param hN         final hidden state [B][H] (after step L_b)
 * @param cN         final cell state [B][H] (LSTM), or null (GRU)
 * @param dx         dLoss/dx [B][T][I]
 * @param dh0        dLoss/dh0 [B][H]
 * @param dc0        dLoss/dc0 [B][H] (LSTM), or null (GRU)
 * @param paramGrads dLoss/d(parameter) in the interchange layout, keyed w_ih, w_hh, b_ih, b_hh(, p_i, p_f, p_o)
 * @param fusedPath  whether the engine's fused op ran (rather than the hand-written cell loop)
 */
public record RecurrentRunResult(double[][][] y, double[][] hN, double[][] cN, double[][][] dx, double[][] dh0,
                                 double[][] dc0, Map<String, double[]> paramGrads, boolean fusedPath) {
}
