package dev.carousel.dl4j.attention;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The attention decoder's recurrent state between two steps for a minibatch: s_t ({h} or {h, c}, [B, H] each) and,
 * for the Luong decoder, h~_t [B, H] (input feeding; null for Bahdanau). Steps never modify a state's arrays.
 */
record DecoderState(INDArray[] s, INDArray feed) {
}
