package dev.carousel.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A long-time-lag benchmark task: a seeded generator of {@link Sequence}s plus how the paper scores them.
 *
 * Generation is a pure function of the random generator's stream: the same generator state gives the same sequence
 * (use {@code new java.util.SplittableRandom(seed)} or {@code new java.util.Random(seed)}). Implementations are
 * immutable and thread-safe; the generator is not.
 *
 * Create tasks with {@link DelayTasks#create(String, Map)}.
 */
public interface DelayTask {

    /** The task id: "1", "2a", "2b", "2c", "3a", "3b", "3c", "4", "5", "6a", "6b", "adding", "copy". */
    String id();

    /** A human-readable name, e.g. "adding problem (1997)". */
    String title();

    /**
     * The effective parameters with defaults filled in, values as strings, e.g. {@code {T=100}}; empty for tasks
     * without parameters. The names are those {@link DelayTasks#create(String, Map)} accepts.
     */
    Map<String, String> parameters();

    /** Input width I of every step. */
    int inputSize();

    /** Output width O of every step. */
    int outputSize();

    /** The loss the task is trained with (squared error in all 1997 experiments). */
    LossKind loss();

    /** The paper's test of whether one sequence was processed correctly. */
    SuccessCriterion criterion();

    /** A predictor that ignores the inputs, with its exact expected loss; empty where none is meaningful. */
    Optional<TrivialBaseline> baseline();

    /** Draws one example. */
    Sequence next(RandomGenerator rng);

    /** Draws {@code count} examples in order. */
    default List<Sequence> sample(RandomGenerator rng, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        List<Sequence> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next(rng));
        }
        return out;
    }
}
