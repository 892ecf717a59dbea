package dev.carousel.tasks.seq2seq;

/**
 * A geometric (exponential) learning-rate decay over a run's planned updates, the same for every backend
 * ({@link Seq2SeqTrainer} sets the rate of each update through {@link Seq2SeqLearner#setLearningRate}):
 *
 * <pre>
 *   rate(u) = initial * (last / initial)^(u / (U - 1))      u = 0 .. U - 1, the 0-based index of the update,
 *                                                            U = planned updates = maxEpochs * ceil(train / batch)
 * </pre>
 *
 * The first update uses {@code initial}, the last planned one {@code last}; {@code initial == last} is a constant
 * rate. Why a decay: at a constant Adam rate of 1e-2 the held-out exact match of the attention model keeps swinging
 * by 5-20 points between evaluations long after the loss has flattened (reference, DL4J and DJL alike), so where a
 * run stops decides its accuracy; decaying the rate lets the weights settle.
 *
 * @param initial the rate of the first update
 * @param last    the rate of the last planned update
 */
public record LearningRateSchedule(double initial, double last) {

    public LearningRateSchedule {
        if (!(initial > 0) || !(last > 0) || Double.isInfinite(initial) || Double.isInfinite(last)) {
            throw new IllegalArgumentException("learning rates must be positive and finite, got initial " + initial
                    + ", last " + last);
        }
    }

    /** A constant rate. */
    public static LearningRateSchedule constant(double rate) {
        return new LearningRateSchedule(rate, rate);
    }

    /**
     * @param update         the 0-based index of the update about to be made
     * @param plannedUpdates U, the updates the run makes if it does not stop early (&gt;= 1)
     * @return the learning rate of that update
     */
    public double rate(long update, long plannedUpdates) {
        if (plannedUpdates < 1 || update < 0) {
            throw new IllegalArgumentException("need update >= 0 and plannedUpdates >= 1, got " + update + " and "
                    + plannedUpdates);
        }
        if (plannedUpdates == 1) {
            return initial;
        }
        double fraction = Math.min(1.0, (double) update / (plannedUpdates - 1));
        return initial * Math.pow(last / initial, fraction);
    }
}
