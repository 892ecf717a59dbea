package dev.carousel.tasks;

/** Column "bias" of Table 10 (Hochreiter &amp; Schmidhuber 1997): which non-input units have a bias weight. */
public enum BiasedUnits {
    /** none: no unit is biased. */
    NONE,
    /** ga: only the gates. */
    GATES,
    /** b1: all hidden units (cells and gates), not the outputs. */
    HIDDEN,
    /** all: all non-input units (cells, gates and outputs). */
    ALL_NON_INPUT
}
