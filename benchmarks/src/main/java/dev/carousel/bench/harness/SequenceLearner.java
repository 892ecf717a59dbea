package dev.carousel.bench.harness;

import dev.carousel.tasks.Sequence;
import java.util.List;

/**
 * A network being trained on a delay task, whatever the backend: the reference (on-line, one sequence per update,
 * the paper's protocol) or a framework (minibatches). The harness counts sequences, never updates.
 */
public interface SequenceLearner extends AutoCloseable {

    /**
     * One update on {@code batch} (a single sequence for the on-line protocol).
     *
     * @return each sequence's outputs [T][O] from the forward pass of this update, before the weights changed
     *         (what the paper judges "the most recent sequences processed correctly" by)
     */
    List<double[][]> train(List<Sequence> batch);

    /** Outputs [T][O] for one sequence, without learning. */
    double[][] predict(Sequence sequence);

    /** Outputs for many sequences (a framework learner batches them). */
    default List<double[][]> predictAll(List<Sequence> sequences) {
        List<double[][]> out = new java.util.ArrayList<>(sequences.size());
        for (Sequence s : sequences) {
            out.add(predict(s));
        }
        return out;
    }

    /** Sequences per update (1 for the on-line protocol). */
    int batchSize();

    /** What was built: network, sizes, optimiser, learning rate, initialisation. */
    String describe();

    @Override
    default void close() {
    }
}
