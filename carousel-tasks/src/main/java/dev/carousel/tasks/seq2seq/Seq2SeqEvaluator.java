package dev.carousel.tasks.seq2seq;

import dev.carousel.spec.decoding.BeamSearch;
import dev.carousel.spec.decoding.GreedyDecoder;
import dev.carousel.spec.decoding.Hypothesis;
import dev.carousel.spec.decoding.IncrementalDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes every example's source (greedy, or beam search taking the best-scoring hypothesis) and scores the
 * outputs with {@link DecodingAccuracy} at width {@link Seq2SeqTask#maxTargetLength()}. The decoding length limit is
 * maxTargetLength + 1 (room for the longest answer and its eos).
 */
public final class Seq2SeqEvaluator {
    private final Seq2SeqTask task;

    public Seq2SeqEvaluator(Seq2SeqTask task) {
        this.task = task;
    }

    /** maxTargetLength + 1. */
    public int decodeLimit() {
        return task.maxTargetLength() + 1;
    }

    /** Greedy decoding (length-normalisation exponent 1, which does not change greedy's choice). */
    public <S> DecodingAccuracy greedy(IncrementalDecoder<S> model, List<Seq2SeqExample> examples) {
        GreedyDecoder decoder = new GreedyDecoder(decodeLimit());
        List<int[]> predictions = new ArrayList<>(examples.size());
        for (Seq2SeqExample e : examples) {
            predictions.add(decoder.decode(model, e.source()).tokens());
        }
        return score(predictions, examples);
    }

    /** Beam search of width k with length-normalisation exponent alpha; the best hypothesis counts. */
    public <S> DecodingAccuracy beam(IncrementalDecoder<S> model, List<Seq2SeqExample> examples, int width,
                                     double alpha) {
        BeamSearch search = new BeamSearch(width, alpha, decodeLimit());
        List<int[]> predictions = new ArrayList<>(examples.size());
        for (Seq2SeqExample e : examples) {
            List<Hypothesis> hyps = search.search(model, e.source());
            predictions.add(hyps.get(0).tokens());
        }
        return score(predictions, examples);
    }

    private DecodingAccuracy score(List<int[]> predictions, List<Seq2SeqExample> examples) {
        List<int[]> targets = new ArrayList<>(examples.size());
        for (Seq2SeqExample e : examples) {
            targets.add(e.target());
        }
        return DecodingAccuracy.of(predictions, targets, task.maxTargetLength());
    }
}
