package dev.carousel.tasks.seq2seq;

/**
 * How {@link Seq2SeqTrainer} runs.
 *
 * @param batchSize       examples per update
 * @param maxEpochs       passes over the training set at most
 * @param evalEvery       updates between two held-out evaluations (greedy decoding); the last update is always
 *                        evaluated
 * @param evalSize        how many held-out examples the periodic evaluations decode (the first evalSize of the test
 *                        set; the final evaluation uses all of it)
 * @param targetExactMatch stop after the first periodic evaluation whose greedy exact match reaches this (a value
 *                        above 1 never stops early)
 * @param beamWidth       k for the final beam-search evaluation (0: none)
 * @param beamAlpha       the beam's length-normalisation exponent
 * @param shuffleSeed     the seed of the per-epoch shuffles
 * @param learningRate    the rate of every update, set by the trainer through
 *                        {@link Seq2SeqLearner#setLearningRate} before each update; {@code null}: the trainer never
 *                        sets it and the learner keeps the rate it was built with
 */
public record TrainingSettings(int batchSize, int maxEpochs, int evalEvery, int evalSize, double targetExactMatch,
                               int beamWidth, double beamAlpha, long shuffleSeed, LearningRateSchedule learningRate) {

    /** Settings without a schedule: the learner keeps the learning rate it was built with. */
    public TrainingSettings(int batchSize, int maxEpochs, int evalEvery, int evalSize, double targetExactMatch,
                            int beamWidth, double beamAlpha, long shuffleSeed) {
        this(batchSize, maxEpochs, evalEvery, evalSize, targetExactMatch, beamWidth, beamAlpha, shuffleSeed, null);
    }

    public TrainingSettings {
        if (batchSize < 1 || maxEpochs < 1 || evalEvery < 1 || evalSize < 1) {
            throw new IllegalArgumentException("batchSize, maxEpochs, evalEvery and evalSize must be >= 1, got "
                    + batchSize + ", " + maxEpochs + ", " + evalEvery + ", " + evalSize);
        }
        if (beamWidth < 0 || Double.isNaN(beamAlpha) || Double.isNaN(targetExactMatch)) {
            throw new IllegalArgumentException("beamWidth must be >= 0 and beamAlpha, targetExactMatch numbers, got "
                    + beamWidth + ", " + beamAlpha + ", " + targetExactMatch);
        }
    }
}
