package dev.carousel.tasks;

/** Which steps a criterion inspects. */
public enum ErrorScope {
    /** Only the last step that carries error (the sequence end). */
    SEQUENCE_END,
    /** Every step that carries error ({@link Sequence#targetMask()} true). */
    EVERY_TARGET_STEP
}
