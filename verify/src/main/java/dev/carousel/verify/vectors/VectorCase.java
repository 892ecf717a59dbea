package dev.carousel.verify.vectors;

/** A test case of either kind: a recurrent-layer case ({@link TestCase}) or a seq2seq case ({@link Seq2SeqTestCase}). */
public sealed interface VectorCase permits TestCase, Seq2SeqTestCase {
    /** The case's name (its folder's name). */
    String name();

    /** Whether the case has no {@code grad_} arrays, so only its forward results are checked. */
    boolean forwardOnly();
}
