package dev.carousel.bench.seq2seq;

import dev.carousel.tasks.seq2seq.DigitAddition;
import dev.carousel.tasks.seq2seq.LearningRateSchedule;
import dev.carousel.tasks.seq2seq.Seq2SeqTask;
import dev.carousel.tasks.seq2seq.SequenceReversal;
import dev.carousel.tasks.seq2seq.TrainingSettings;
import java.util.List;

/**
 * The two seq2seq experiments of {@code carousel seq2seq} and their training budgets. One model for both tasks and
 * every backend: bidirectional GRU encoder, GRU decoder with Bahdanau (additive) attention, decoder state from the
 * encoder, embedding 16, hidden {@link #HIDDEN}, Adam decaying geometrically from {@link #LEARNING_RATE} to
 * {@link #FINAL_LEARNING_RATE} over the planned updates ({@link LearningRateSchedule}, set by the trainer in every
 * backend), global-norm clipping {@link #CLIP} on the gradient of the mean token loss, batch 32.
 *
 * @param name       reversal or addition
 * @param task       the generator
 * @param trainSize  distinct training examples
 * @param testSize   distinct held-out examples (disjoint from training by construction)
 * @param settings   epochs, evaluation cadence, early stop at 99.5 % exact match, final beam search k = 5
 */
public record Seq2SeqSetup(String name, Seq2SeqTask task, int trainSize, int testSize, TrainingSettings settings) {
    public static final int EMBEDDING = 16;
    public static final int HIDDEN = 32;
    public static final double LEARNING_RATE = 1e-2;
    public static final double FINAL_LEARNING_RATE = 1e-4;
    public static final LearningRateSchedule SCHEDULE = new LearningRateSchedule(LEARNING_RATE, FINAL_LEARNING_RATE);
    public static final double CLIP = 1.0;

    public static List<Seq2SeqSetup> all(boolean quick, long seed) {
        return List.of(reversal(quick, seed), addition(quick, seed));
    }

    /** Reversal of 5-10 symbols over 10: the task (held-out exact match at least 99 %). */
    public static Seq2SeqSetup reversal(boolean quick, long seed) {
        return new Seq2SeqSetup("reversal", new SequenceReversal(), quick ? 5_000 : 20_000, quick ? 500 : 1_000,
                new TrainingSettings(32, quick ? 8 : 20, 100, 200, 0.995, 5, 1.0, seed, SCHEDULE));
    }

    /** Keras addition_rnn's task with up to 3-digit operands, "123+45" -> "168". */
    public static Seq2SeqSetup addition(boolean quick, long seed) {
        return new Seq2SeqSetup("addition", new DigitAddition(), quick ? 10_000 : 45_000, quick ? 500 : 1_000,
                new TrainingSettings(32, quick ? 5 : 30, 200, 200, 0.995, 5, 1.0, seed, SCHEDULE));
    }

    public static Seq2SeqSetup byName(String name, boolean quick, long seed) {
        switch (name) {
            case "reversal":
                return reversal(quick, seed);
            case "addition":
                return addition(quick, seed);
            default:
                throw new IllegalArgumentException("unknown seq2seq task '" + name + "'; expected reversal, "
                        + "addition or all");
        }
    }
}
