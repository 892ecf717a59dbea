package dev.carousel.reference;

/**
 * Which gradient a {@link MemoryBlockCell} computes.
 *
 * <ul>
 *   <li>{@link #EXACT}: exact backpropagation through time. The error at a hidden unit's net input at step t flows
 *       back to every unit it reads at t−1 (the recurrent weights of connectivity F) and through the cell state.</li>
 *   <li>{@link #TRUNCATED_1997}: the learning rule of Hochreiter &amp; Schmidhuber 1997 (§4, Appendix A.1):
 *       "errors arriving at net inputs of memory cells and gates do not get propagated back further in time,
 *       although they do serve to change the incoming weights. Only within memory cells, errors are propagated
 *       back through previous internal states s_c." In backpropagation form, with δ the error at a net input:
 *       <pre>
 *         ∂E/∂s_c(t−1) = ∂E/∂s_c(t)            (the constant error carousel: the only error crossing a step)
 *         ∂E/∂y_u(t−1) = 0 for every hidden unit u (no error through the recurrent weights w_{u'u})
 *         ∂E/∂w_{u m}  = Σ_t δ_u(t) y_m(t−1)   (as exact: the error still changes the incoming weights)
 *       </pre>
 *       The result equals the paper's RTRL-style traces ∂s_c/∂w of its equations (25) and (27) evaluated at the
 *       sequence end: the traces accumulate exactly the terms that this backward pass sums.</li>
 * </ul>
 */
public enum MemoryBlockGradient {
    EXACT,
    TRUNCATED_1997
}
