package dev.carousel.tasks.seq2seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A training set and a held-out test set of a {@link Seq2SeqTask}, seeded and disjoint by construction:
 *
 * <pre>
 *   root = SplittableRandom(seed);  trainRng = root.split();  testRng = root.split()
 *   train: draw from task.sample(trainRng), keep it if its source is NOT held out and not seen before
 *   test:  draw from task.sample(testRng),  keep it if its source IS held out and not seen before
 * </pre>
 *
 * Sources are distinct within each set (as Keras' addition_rnn de-duplicates its questions), and
 * {@link HeldOutSplit} makes the two sets' sources disjoint. The same seed gives the same sets on every JVM, and
 * the test set does not depend on the training set's size.
 */
public record Seq2SeqDataset(Seq2SeqTask task, List<Seq2SeqExample> train, List<Seq2SeqExample> test) {

    public Seq2SeqDataset {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /**
     * @throws IllegalArgumentException when the task has too few distinct sources on one side for the requested
     *                                  size (the generator gives up after 100 * size + 10,000 draws)
     */
    public static Seq2SeqDataset generate(Seq2SeqTask task, HeldOutSplit split, int trainSize, int testSize,
                                          long seed) {
        if (trainSize < 0 || testSize < 0) {
            throw new IllegalArgumentException("set sizes must be >= 0, got train=" + trainSize + " test="
                    + testSize);
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainRng = root.split();
        SplittableRandom testRng = root.split();
        return new Seq2SeqDataset(task, draw(task, split, false, trainSize, trainRng),
                draw(task, split, true, testSize, testRng));
    }

    private static List<Seq2SeqExample> draw(Seq2SeqTask task, HeldOutSplit split, boolean heldOut, int size,
                                             RandomGenerator rng) {
        List<Seq2SeqExample> out = new ArrayList<>(size);
        Set<String> seen = new HashSet<>();
        long limit = 100L * size + 10_000L;
        long draws = 0;
        while (out.size() < size) {
            if (draws++ >= limit) {
                throw new IllegalArgumentException(task.describe() + ": found only " + out.size() + " distinct "
                        + (heldOut ? "held-out" : "training") + " sources in " + limit + " draws, " + size
                        + " requested (the task has too few sources for this split; ask for fewer)");
            }
            Seq2SeqExample e = task.sample(rng);
            if (split.isHeldOut(e.source()) == heldOut && seen.add(Arrays.toString(e.source()))) {
                out.add(e);
            }
        }
        return out;
    }
}
