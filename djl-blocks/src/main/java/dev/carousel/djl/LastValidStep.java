package dev.carousel.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The output at the last valid step of each sequence: {@code [y [B, T, H], lengths [B]]} gives y[b, L_b - 1, :]
 * as [B, H]; without lengths ({@code [y]}) the last step y[b, T - 1, :]. A sequence of length 0 has no valid step
 * and gives 0. Extra arrays after the lengths (the states a recurrent block returns) are ignored.
 *
 * <p>Use it after a recurrent block in a {@code SequentialBlock} instead of {@code get(":, -1, :")}, which with
 * lengths reads a padded step (0). With {@code optBatchFirst(false)} y is [T, B, H]. The gradient flows only to
 * the selected steps. No parameters.
 */
public final class LastValidStep extends AbstractBlock {
    private static final byte VERSION = 1;

    private final boolean batchFirst;

    private LastValidStep(boolean batchFirst) {
        super(VERSION);
        this.batchFirst = batchFirst;
    }

    /** A batch-first block ([B, T, H]). */
    public static LastValidStep create() {
        return new LastValidStep(true);
    }

    /** A block for y as [B, T, H] ({@code true}) or [T, B, H] ({@code false}). */
    public static LastValidStep create(boolean batchFirst) {
        return new LastValidStep(batchFirst);
    }

    public boolean isBatchFirst() {
        return batchFirst;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("LastValidStep: expected inputs [y(, lengths)], got none");
        }
        NDArray y = inputs.get(0);
        String layout = batchFirst ? "[B, T, H] (batch-first)" : "[T, B, H] (time-major)";
        if (y.getShape().dimension() != 3) {
            throw new IllegalArgumentException("LastValidStep: expected y of rank 3 " + layout + ", got shape "
                    + y.getShape());
        }
        int batch = (int) (batchFirst ? y.getShape().get(0) : y.getShape().get(1));
        int time = (int) (batchFirst ? y.getShape().get(1) : y.getShape().get(0));
        if (time == 0) {
            throw new IllegalArgumentException("LastValidStep: expected at least one time step in y " + layout
                    + ", got shape " + y.getShape());
        }
        NDArray lengthArray = SequenceInput.lengthsOf(inputs);
        int[] lengths = lengthArray == null ? null
                : SequenceInput.readLengths(lengthArray, batch, time, "LastValidStep");
        double[] mask = new double[batch * time];
        for (int b = 0; b < batch; b++) {
            int last = (lengths == null ? time : lengths[b]) - 1;
            if (last >= 0) {
                mask[batchFirst ? b * time + last : last * batch + b] = 1;
            }
        }
        Shape maskShape = batchFirst ? new Shape(batch, time, 1) : new Shape(time, batch, 1);
        NDArray m = OwnedArrays.create(y.getManager(), mask, maskShape, y.getDataType());
        return new NDList(y.mul(m).sum(new int[] {batchFirst ? 1 : 0}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape y = inputShapes[0];
        return new Shape[] {new Shape(batchFirst ? y.get(0) : y.get(1), y.get(2))};
    }
}
