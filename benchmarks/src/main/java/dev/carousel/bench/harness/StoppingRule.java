package dev.carousel.bench.harness;

import dev.carousel.tasks.Sequence;

/** When a trial has learned its task: the paper's stopping criteria of Table 11, as the harness applies them. */
public interface StoppingRule {

    /** Called after every training sequence with the outputs it produced (before the update) and its loss. */
    void record(Sequence sequence, double[][] outputs, double loss, boolean correct);

    /** Whether training may stop now; a rule may evaluate held-out sequences with the learner to decide. */
    boolean satisfied(SequenceLearner learner, long sequencesSeen);

    /** The mean training loss over the rule's recent window (for learning curves); NaN before any record. */
    double recentLoss();

    /** The criterion in words, as the report prints it. */
    String describe();
}
