package dev.carousel.reference;

/**
 * When on-line gradient descent changes the weights of a network trained one sequence at a time.
 *
 * <ul>
 *   <li>{@link #STEP}: after every time step that carries error, with that step's gradient contribution
 *       (real-time learning). This is how Hochreiter &amp; Schmidhuber 1997 train their memory blocks: the
 *       truncated gradient is computed forward in time from the traces ∂s_c/∂w (their eqs. 25, 27, Appendix A.1)
 *       and each step's contribution changes the weights at once, so later steps of the same sequence already see
 *       the changed weights. {@link RealTimeLearner} implements it for the memory-block network.</li>
 *   <li>{@link #SEQUENCE}: once per sequence, with the gradient summed over all its steps at fixed weights
 *       ({@link RecurrentNetwork#forwardBackward} and an optimizer step).</li>
 * </ul>
 */
public enum UpdateTiming {
    STEP,
    SEQUENCE
}
