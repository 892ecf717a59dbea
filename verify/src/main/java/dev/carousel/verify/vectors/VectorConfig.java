package dev.carousel.verify.vectors;

/** What a {@code case.json} describes: a recurrent-layer case ({@link CaseConfig}) or a seq2seq case ({@link Seq2SeqCaseConfig}). */
public sealed interface VectorConfig permits CaseConfig, Seq2SeqCaseConfig {
    /** A short description, e.g. "lstm peephole tanh/tanh". */
    String variant();
}
