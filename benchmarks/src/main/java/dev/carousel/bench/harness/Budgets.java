package dev.carousel.bench.harness;

import dev.carousel.tasks.DelayTask;
import java.util.Map;

/**
 * Sequence budgets per trial. Full runs give every task the 5,000,000 sequences after which the paper stops
 * experiments 2a-2c; quick runs (the README's main job, about ten minutes on two cores with the reference) give
 * each task roughly what the paper needed on average where that is affordable, and a cap where it is not
 * (experiments 5 and 6b needed 482,000 and 571,100 sequences; quick runs give them 300,000).
 */
public final class Budgets {
    public static final long FULL = 5_000_000L;
    private static final Map<String, Long> QUICK = Map.ofEntries(
            Map.entry("1", 40_000L), Map.entry("2a", 20_000L), Map.entry("2b", 20_000L), Map.entry("2c", 60_000L),
            Map.entry("3a", 100_000L), Map.entry("3b", 100_000L), Map.entry("3c", 100_000L),
            Map.entry("4", 150_000L), Map.entry("5", 300_000L), Map.entry("6a", 100_000L),
            Map.entry("6b", 300_000L), Map.entry("adding", 20_000L), Map.entry("copy", 5_000L));

    private Budgets() {
    }

    public static long of(DelayTask task, boolean quick) {
        return quick ? QUICK.getOrDefault(task.id(), 20_000L) : FULL;
    }
}
