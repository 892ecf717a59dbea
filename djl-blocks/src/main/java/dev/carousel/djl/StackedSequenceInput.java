package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The inputs of a block that runs several recurrent layers or directions ({@link Bidirectional},
 * {@link RecurrentStack}): {@code [x(, lengths)(, h0(, c0))]}, where each initial state stacks one [B, H] state
 * per slot (layer x direction) as [S, B, H], the layout of PyTorch's {@code nn.LSTM}. A rank-1 second array is
 * the lengths; initial states are all or nothing.
 */
final class StackedSequenceInput {
    final NDArray x;
    /** Per-example lengths [B], or null. */
    final NDArray lengths;
    /** How many initial-state arrays came (0 or the state count). */
    final int givenStates;
    /** Initial state k split into its S slots, [1, B, H] each; null entries when none came. */
    final NDList[] slots;

    private StackedSequenceInput(NDArray x, NDArray lengths, int givenStates, NDList[] slots) {
        this.x = x;
        this.lengths = lengths;
        this.givenStates = givenStates;
        this.slots = slots;
    }

    /**
     * @param who        the block's name, for messages
     * @param stateCount 2 (h, c) or 1 (h)
     * @param slotCount  S
     * @param batch      B of x
     * @param stateSize  H
     * @param slotNames  what the S slots are, for messages ("2, B, H", "layers x directions, B, H")
     */
    static StackedSequenceInput parse(String who, NDList inputs, int stateCount, int slotCount, long batch,
                                      long stateSize, String slotNames) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException(who + ": expected inputs [x(, lengths)(, states)], got none");
        }
        NDArray x = inputs.get(0);
        Shape xs = x.getShape();
        if (xs.dimension() != 3 || xs.get(0) == 0 || xs.get(1) == 0) {
            throw new IllegalArgumentException(who + ": expected input x of rank 3 ([B, T, I] or [T, B, I]) with at"
                    + " least one sequence (B >= 1) and one time step (T >= 1), got shape " + xs);
        }
        int next = SequenceInput.lengthsOf(inputs) != null ? 2 : 1;
        NDArray lengths = next == 2 ? inputs.get(1) : null;
        int given = inputs.size() - next;
        if (given != 0 && given != stateCount) {
            throw new IllegalArgumentException(who + ": expected " + stateCount + " initial state arrays ["
                    + slotNames + "] after x, got " + given);
        }
        NDList[] slots = new NDList[stateCount];
        for (int k = 0; k < given; k++) {
            NDArray s = inputs.get(next + k);
            Shape want = new Shape(slotCount, batch, stateSize);
            if (!s.getShape().equals(want)) {
                throw new IllegalArgumentException(who + ": expected initial state " + (k == 0 ? "h0" : "c0")
                        + " of shape " + want + " [" + slotNames + "], got " + s.getShape());
            }
            slots[k] = s.split(slotCount, 0);
        }
        return new StackedSequenceInput(x, lengths, given, slots);
    }

    /** The inputs of one inner layer: x', the lengths if any. */
    NDList base(NDArray layerInput) {
        return lengths == null ? new NDList(layerInput) : new NDList(layerInput, lengths);
    }
}
