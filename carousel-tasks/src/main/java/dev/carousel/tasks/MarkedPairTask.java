package dev.carousel.tasks;

import java.util.Map;

/**
 * What the adding (1997 and Arjovsky) and multiplication tasks share: sequences of (value, marker) pairs of length
 * about T, one real-valued output judged at the sequence end by ABS(beta), trained with squared error.
 */
abstract class MarkedPairTask implements DelayTask {
    /** The nominal sequence length T. */
    protected final int T;
    private final double beta;

    MarkedPairTask(int T, double beta) {
        this.T = T;
        this.beta = beta;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("T", Integer.toString(T));
    }

    /** (value, marker). */
    @Override
    public int inputSize() {
        return 2;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public LossKind loss() {
        return LossKind.MSE;
    }

    @Override
    public SuccessCriterion criterion() {
        return new AbsoluteErrorCriterion(beta, ErrorScope.SEQUENCE_END);
    }
}
