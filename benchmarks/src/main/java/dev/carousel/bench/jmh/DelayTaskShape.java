package dev.carousel.bench.jmh;

import dev.carousel.bench.harness.NetworkPlan;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.DelayTasks;
import dev.carousel.tasks.PaddedBatch;
import java.util.SplittableRandom;

/**
 * The layer shape a delay task trains: input width I, hidden units H and sequence length T, all taken from the
 * framework-neutral task definitions, never written down a second time.
 * <ul>
 *   <li>I = {@link DelayTask#inputSize()};</li>
 *   <li>H = {@link NetworkPlan#hidden()}: one unit per memory cell of the paper's Table 10 row
 *   ({@code Hs97Architectures.forTask}), or the modern set-up's size for adding and copy;</li>
 *   <li>T = the padded length of a minibatch of {@link #SAMPLE} sequences drawn with
 *   {@code new SplittableRandom(}{@value #SEED}{@code )}, i.e. the longest of them (what a batch-32 trainer steps
 *   through; tasks of variable length, such as 4 or 2c, are up to 10 % or a few steps longer than their nominal T).
 *   The same T is used at every batch size, so sequences per second compare across batch sizes.</li>
 * </ul>
 *
 * @param key   the benchmark parameter value: a {@link DelayTasks#parse} specification with {@code ;} in place of
 *              {@code ,} (JMH's command line splits parameter lists at commas), e.g. {@code 4:T=1000},
 *              {@code 2c:q=1000;p=50}
 * @param task  the task
 * @param input I
 * @param hidden H
 * @param time  T
 */
public record DelayTaskShape(String key, DelayTask task, int input, int hidden, int time) {
    /** Sequences drawn to fix T. */
    public static final int SAMPLE = 32;
    /** Seed of the draw that fixes T. */
    public static final long SEED = 1;

    /** The shape of the task named by a benchmark parameter value; unknown tasks fail with DelayTasks' message. */
    public static DelayTaskShape of(String key) {
        DelayTask task = DelayTasks.parse(key.replace(';', ','));
        int time = PaddedBatch.of(task.sample(new SplittableRandom(SEED), SAMPLE)).inputs()[0].length;
        return new DelayTaskShape(key, task, task.inputSize(), NetworkPlan.forTask(task).hidden(), time);
    }

    /** E.g. {@code task 4:T=1000 (I=2, H=4, T=1046)}. */
    public String label() {
        return "task " + key + " (I=" + input + ", H=" + hidden + ", T=" + time + ")";
    }
}
