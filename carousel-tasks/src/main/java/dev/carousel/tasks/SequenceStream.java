package dev.carousel.tasks;

import java.util.random.RandomGenerator;

/**
 * An on-line source of training sequences (the paper's exemplar selection t2/t3) that counts what it hands out,
 * so on-line and minibatch trainers report the same budget unit: sequences presented.
 */
public final class SequenceStream {
    private final DelayTask task;
    private final RandomGenerator rng;
    private long drawn;

    public SequenceStream(DelayTask task, RandomGenerator rng) {
        if (task == null || rng == null) {
            throw new IllegalArgumentException("task and rng must not be null");
        }
        this.task = task;
        this.rng = rng;
    }

    public DelayTask task() {
        return task;
    }

    /** One sequence (counts 1). */
    public Sequence next() {
        drawn++;
        return task.next(rng);
    }

    /** A padded batch of {@code size} fresh sequences (counts {@code size}). */
    public PaddedBatch nextBatch(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        PaddedBatch batch = PaddedBatch.of(task.sample(rng, size));
        drawn += size;
        return batch;
    }

    /** Sequences handed out so far. */
    public long sequencesDrawn() {
        return drawn;
    }
}
