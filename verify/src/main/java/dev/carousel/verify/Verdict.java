package dev.carousel.verify;

/** The outcome of one case for one implementation and dtype. */
public enum Verdict {
    /** Every output and gradient within the tolerance. */
    PASS,
    /** An error above the tolerance, a missing or misshapen array, or the implementation threw. */
    FAIL,
    /** Not run: the implementation does not support the dtype or the variant (not a failure). */
    SKIP,
    /** The case itself cannot be read (see the message); counts as a failure. */
    ERROR
}
