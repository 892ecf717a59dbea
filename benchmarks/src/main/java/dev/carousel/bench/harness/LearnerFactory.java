package dev.carousel.bench.harness;

import dev.carousel.tasks.DelayTask;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the learner of one backend for a trial. Backends: reference (on-line, float64), dl4j, djl (minibatch). */
@FunctionalInterface
public interface LearnerFactory {

    SequenceLearner create(DelayTask task, CellChoice cell, NetworkPlan plan, long seed);

    /** Whether independent trials may run on parallel threads (pure-Java backends: yes; native ones: no). */
    default boolean parallelTrials() {
        return false;
    }

    /** The registered backends by --impl name. */
    static Map<String, LearnerFactory> registry() {
        Map<String, LearnerFactory> m = new LinkedHashMap<>();
        m.put("reference", parallel(ReferenceLearner::new));
        m.put("dl4j", Dl4jLearner::new);
        m.put("djl", DjlLearner::new);
        return m;
    }

    static LearnerFactory forName(String name) {
        LearnerFactory f = registry().get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown implementation '" + name + "'; expected one of "
                    + registry().keySet());
        }
        return f;
    }

    /** {@code f}, declared safe to run on parallel threads. */
    private static LearnerFactory parallel(LearnerFactory f) {
        return new LearnerFactory() {
            @Override
            public SequenceLearner create(DelayTask task, CellChoice cell, NetworkPlan plan, long seed) {
                return f.create(task, cell, plan, seed);
            }

            @Override
            public boolean parallelTrials() {
                return true;
            }
        };
    }
}
