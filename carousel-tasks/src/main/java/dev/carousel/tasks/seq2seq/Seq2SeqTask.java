package dev.carousel.tasks.seq2seq;

import java.util.random.RandomGenerator;

/** A synthetic character-level seq2seq task: a vocabulary and a seeded generator of examples. */
public interface Seq2SeqTask {

    /** The vocabulary of both source and target. */
    Vocabulary vocabulary();

    /** One example drawn from the task's distribution (all randomness from {@code rng}). */
    Seq2SeqExample sample(RandomGenerator rng);

    /** The longest possible source, in tokens. */
    int maxSourceLength();

    /**
     * The longest possible target, in symbols (eos not counted): the width of the per-character accuracy
     * (Keras' addition_rnn: DIGITS + 1) and, plus one, the decoding length limit.
     */
    int maxTargetLength();

    /** A short description with the parameters, for tables and logs. */
    String describe();
}
