package dev.carousel.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.carousel.djl.OwnedArrays;

/**
 * Drop-in replacement for DJL 0.35.1's {@code SoftmaxCrossEntropyLoss} ({@code Loss.softmaxCrossEntropyLoss()}),
 * with the same parameters and defaults: name "SoftmaxCrossEntropyLoss", weight 1, class axis −1, sparse labels,
 * {@code fromLogit = true} (which in DJL means "apply logSoftmax to the prediction first"). The value is
 * mean(−weight · Σ_c label_c · logp_c) over every position but the class axis; with sparse labels (class indices,
 * int or float values, one per position) label is the one-hot vector of the index.
 *
 * <p>Differences in how, not what: the sparse pick is a product with a one-hot array built from the labels' values
 * (which must be integers in [0, C); anything else is refused naming the value), and a weight other than 1 is
 * applied as an engine-owned array, not with {@code NDArray.mul(Number)}.
 */
public class SafeSoftmaxCrossEntropyLoss extends Loss {
    private final float weight;
    private final int classAxis;
    private final boolean sparseLabel;
    private final boolean fromLogit;

    /** The defaults of {@code Loss.softmaxCrossEntropyLoss()}. */
    public SafeSoftmaxCrossEntropyLoss() {
        this("SoftmaxCrossEntropyLoss");
    }

    public SafeSoftmaxCrossEntropyLoss(String name) {
        this(name, 1f, -1, true, true);
    }

    /**
     * @param weight      multiplies the loss
     * @param classAxis   the axis of the classes in the prediction
     * @param sparseLabel labels are class indices (true) or distributions shaped like the prediction (false)
     * @param fromLogit   apply logSoftmax to the prediction first (DJL's meaning of the flag)
     */
    public SafeSoftmaxCrossEntropyLoss(String name, float weight, int classAxis, boolean sparseLabel,
                                       boolean fromLogit) {
        super(name);
        this.weight = weight;
        this.classAxis = classAxis;
        this.sparseLabel = sparseLabel;
        this.fromLogit = fromLogit;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.singletonOrThrow();
        int rank = pred.getShape().dimension();
        int axis = Math.floorMod(classAxis, Math.max(rank, 1));
        if (rank == 0 || classAxis >= rank || classAxis < -rank) {
            throw new IllegalArgumentException(getName() + ": class axis " + classAxis + " does not exist in a"
                    + " prediction of shape " + pred.getShape());
        }
        if (fromLogit) {
            pred = pred.logSoftmax(axis);
        }
        NDArray label = labels.singletonOrThrow();
        NDArray target = sparseLabel ? oneHot(label, pred.getShape(), axis, pred) : label.reshape(pred.getShape());
        NDArray loss = pred.mul(target).neg().sum(new int[] {axis}, true);
        return SafeLosses.weighted(loss, weight).mean();
    }

    private NDArray oneHot(NDArray label, Shape shape, int axis, NDArray pred) {
        long classes = shape.get(axis);
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape.get(d);
        }
        long inner = 1;
        for (int d = axis + 1; d < shape.dimension(); d++) {
            inner *= shape.get(d);
        }
        if (label.getShape().size() != outer * inner) {
            throw new IllegalArgumentException(getName() + ": expected " + outer * inner + " sparse labels (one per"
                    + " position of the prediction " + shape + " without class axis " + axis + "), got shape "
                    + label.getShape());
        }
        double[] values = label.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        double[] hot = new double[Math.toIntExact(shape.size())];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double v = values[(int) (o * inner + i)];
                if (v != Math.rint(v) || v < 0 || v >= classes) {
                    throw new IllegalArgumentException(getName() + ": expected sparse labels in [0, " + classes
                            + ") (class indices), got " + v + " at position " + (o * inner + i));
                }
                hot[(int) ((o * classes + (long) v) * inner + i)] = 1;
            }
        }
        return OwnedArrays.create(pred.getManager(), hot, shape, pred.getDataType());
    }
}
