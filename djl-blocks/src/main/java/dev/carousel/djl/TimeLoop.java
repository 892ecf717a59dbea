package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop over time around a cell, with the variable-length rule of equations.md section 3.
 *
 * <p>A step's input part and state are [B, ·], the output is time-major [T, B, H]. For a
 * sequence b of length L_b and a step t &ge; L_b the step's mask m_t[b] is 0 and
 *
 * <pre>
 *   y_t     = m_t . h_t'                        (0 at a padded step)
 *   state_t = m_t . state_t' + (1 - m_t) . state_{t-1}   (carried unchanged at a padded step)
 * </pre>
 *
 * where state_t' is the cell's unmasked result, so nothing flows back from a padded step and the final state is
 * the state after step L_b. Steps before min L_b need no mask (every sequence is valid there) and the loop stops at
 * max L_b (later outputs are zeros), so full-length batches pay nothing for this rule.
 */
final class TimeLoop {
    private TimeLoop() {
    }

    /** One step of a cell: the new state (h first) from step t's input part and the previous state. */
    interface Step {
        NDArray[] apply(int t, NDArray[] state);
    }

    /**
     * Runs the loop.
     *
     * @param in     the validated inputs (lengths, T, B)
     * @param state  the initial state, each [B, H]; replaced by the final state on return
     * @param hidden H
     * @param cell   the step
     * @return y [T, B, H]
     */
    static NDArray run(SequenceInput in, NDArray[] state, long hidden, Step cell) {
        NDManager manager = in.x.getManager();
        DataType dtype = in.x.getDataType();
        NDList keep = null;
        NDList drop = null;
        if (in.minLength < in.maxLength) {
            int span = in.maxLength - in.minLength;
            double[] m = new double[span * in.batch];
            double[] mc = new double[span * in.batch];
            for (int s = 0; s < span; s++) {
                for (int b = 0; b < in.batch; b++) {
                    boolean valid = in.minLength + s < in.lengths[b];
                    m[s * in.batch + b] = valid ? 1.0 : 0.0;
                    mc[s * in.batch + b] = valid ? 0.0 : 1.0;
                }
            }
            Shape shape = new Shape((long) span * in.batch, 1);
            keep = OwnedArrays.create(manager, m, shape, dtype).split(span, 0);
            drop = OwnedArrays.create(manager, mc, shape, dtype).split(span, 0);
        }
        List<NDArray> outputs = new ArrayList<>(in.time + 1);
        for (int t = 0; t < in.maxLength; t++) {
            NDArray[] next = cell.apply(t, state);
            if (t < in.minLength) {
                System.arraycopy(next, 0, state, 0, state.length);
                outputs.add(next[0]);
            } else {
                NDArray m = keep.get(t - in.minLength);
                NDArray mc = drop.get(t - in.minLength);
                NDArray y = next[0].mul(m);
                outputs.add(y);
                state[0] = y.add(state[0].mul(mc));
                for (int k = 1; k < state.length; k++) {
                    state[k] = next[k].mul(m).add(state[k].mul(mc));
                }
            }
        }
        NDArray tail = in.maxLength < in.time
                ? manager.zeros(new Shape(in.time - in.maxLength, in.batch, hidden), dtype) : null;
        if (outputs.isEmpty()) {
            return tail;
        }
        NDArray y = NDArrays.stack(new NDList(outputs), 0);
        return tail == null ? y : NDArrays.concat(new NDList(y, tail), 0);
    }
}
