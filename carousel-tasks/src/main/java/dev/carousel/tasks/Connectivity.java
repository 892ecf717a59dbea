package dev.carousel.tasks;

/** Column c of Table 10 (Hochreiter &amp; Schmidhuber 1997). */
public enum Connectivity {
    /**
     * F: cells and gates see the inputs and all cells and gates (fully recurrent hidden layer); the outputs see only
     * the cells.
     */
    F,
    /** B: each layer sees all layers below: hidden units see the inputs, outputs see the inputs and the cells. */
    B
}
