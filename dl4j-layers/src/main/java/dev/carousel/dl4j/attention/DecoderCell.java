package dev.carousel.dl4j.attention;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of the decoder's recurrent cell for a minibatch, as ND4J operations on [B, n] row-major matrices
 * (equations.md sections 1 and 2): {@code s_t = cell(x_t, s_{t-1})}, state {h} (GRU) or {h, c} (LSTM).
 * The step keeps what its backward needs in the returned {@link Step}; parameter gradients are ADDED into the
 * gradient map (same keys as the parameters).
 */
interface DecoderCell {

    /** 1 (h) or 2 (h, c). */
    int stateCount();

    /**
     * @param x     the cell input [B, In]
     * @param state s_{t-1}, [B, H] each (h, then c)
     */
    Step forward(Map<String, INDArray> params, INDArray x, INDArray[] state);

    /**
     * @param dState dL/ds_t [B, H] each (h, then c), not modified
     * @param grads  parameter gradient accumulators (added into)
     * @return dL/dx [B, In] and dL/ds_{t-1}
     */
    Backward backward(Map<String, INDArray> params, Step step, INDArray[] dState, Map<String, INDArray> grads);

    /** What one forward step produced: the new state (h first) and the cell's caches. */
    interface Step {
        INDArray[] state();
    }

    /** dL/dx and dL/ds_{t-1}. */
    record Backward(INDArray dx, INDArray[] dStatePrev) {
    }
}
