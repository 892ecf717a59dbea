package dev.carousel.tasks;

/** Column "select" of Table 11 (Hochreiter &amp; Schmidhuber 1997): how training exemplars are drawn. */
public enum ExemplarSelection {
    /** t1: at random from a fixed training set. */
    FIXED_TRAINING_SET,
    /** t2: at random from the two classes. */
    TWO_CLASSES,
    /** t3: generated on-line. */
    ONLINE
}
