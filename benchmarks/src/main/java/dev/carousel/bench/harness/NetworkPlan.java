package dev.carousel.bench.harness;

import dev.carousel.reference.MemoryBlockGradient;
import dev.carousel.reference.OutputUnits;
import dev.carousel.reference.UpdateTiming;
import dev.carousel.tasks.BiasedUnits;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.Hs97Architecture;
import dev.carousel.tasks.Hs97Architectures;
import dev.carousel.tasks.LossKind;
import java.util.List;
import java.util.Optional;

/**
 * The network and learning rule a trial uses for a task, decided once for every backend: the paper's row of
 * Tables 10/11 where the task has one, else (modern adding and copy) a small modern set-up.
 *
 * @param architecture the paper's row, empty for the modern tasks
 * @param hidden       hidden units of a Carousel cell (peephole, GRU, RNN): one per paper memory cell, or the
 *                     modern set-up's size
 * @param units        output units: logistic (paper, targets in [0, 1]), linear (modern adding), softmax (copy)
 * @param learningRate the paper's alpha for on-line gradient descent, or Adam's step for the modern tasks
 * @param initHalfWidth weights uniform in [-a, a]
 * @param gradient     the gradient the paper's memory blocks learn with on the reference backend: the paper's
 *                     truncated rule (default) or exact backpropagation through time; other cells and backends
 *                     always use exact gradients
 * @param update       when the reference backend changes the weights: empty for the default
 *                     ({@link #updateFor(boolean)}), else {@link UpdateTiming#STEP} (after every target step, the
 *                     paper's real-time rule; the memory-block network only) or {@link UpdateTiming#SEQUENCE}
 */
public record NetworkPlan(Optional<Hs97Architecture> architecture, int hidden, OutputUnits units,
                          double learningRate, double initHalfWidth, MemoryBlockGradient gradient,
                          Optional<UpdateTiming> update) {

    /** Hidden units of the modern set-up (adding, copy). */
    public static final int MODERN_HIDDEN = 32;
    /** Adam step size of the modern set-up. */
    public static final double MODERN_LEARNING_RATE = 1e-2;

    /** The plan for a task, with the paper's truncated gradient for its memory blocks. */
    public static NetworkPlan forTask(DelayTask task) {
        return forTask(task, MemoryBlockGradient.TRUNCATED_1997);
    }

    public static NetworkPlan forTask(DelayTask task, MemoryBlockGradient gradient) {
        Optional<Hs97Architecture> a = Hs97Architectures.forTask(task);
        OutputUnits units = task.loss() == LossKind.CROSS_ENTROPY ? OutputUnits.SOFTMAX
                : task.id().equals("adding") ? OutputUnits.LINEAR : OutputUnits.LOGISTIC;
        if (a.isPresent()) {
            Hs97Architecture r = a.get();
            return new NetworkPlan(a, r.cells(), units, r.learningRate(), r.initHalfWidth(), gradient,
                    Optional.empty());
        }
        return new NetworkPlan(a, MODERN_HIDDEN, units, MODERN_LEARNING_RATE, 0.1, gradient, Optional.empty());
    }

    /** This plan with an explicit update timing (null: the default of {@link #updateFor(boolean)}). */
    public NetworkPlan withUpdate(UpdateTiming timing) {
        return new NetworkPlan(architecture, hidden, units, learningRate, initHalfWidth, gradient,
                Optional.ofNullable(timing));
    }

    /**
     * The update timing a reference learner uses: the explicit one, else {@link UpdateTiming#STEP} for the paper's
     * memory-block network with the paper's truncated gradient (the paper trains it in real time) and
     * {@link UpdateTiming#SEQUENCE} for everything else.
     *
     * @param memoryBlocks whether the learner built the paper's memory-block network
     * @throws IllegalArgumentException for an explicit STEP where it is not implemented (any other network, or
     *                                  exact BPTT)
     */
    public UpdateTiming updateFor(boolean memoryBlocks) {
        boolean stepPossible = memoryBlocks && gradient == MemoryBlockGradient.TRUNCATED_1997;
        if (update.isEmpty()) {
            return stepPossible ? UpdateTiming.STEP : UpdateTiming.SEQUENCE;
        }
        if (update.get() == UpdateTiming.STEP && !stepPossible) {
            throw new IllegalArgumentException("--update step: per-step (real-time) updates are implemented for the "
                    + "paper's memory-block network (--cell lstm1997 on a 1997 task) with the truncated gradient "
                    + "only; got " + (memoryBlocks ? "--gradient exact" : "another network")
                    + " (use --update sequence)");
        }
        return update.get();
    }

    /**
     * Checks an explicit update timing for a run before any trial starts: {@code step} needs the reference backend,
     * the paper's memory blocks, the truncated gradient and tasks of the paper's Table 10 (not adding, copy).
     */
    public static void checkUpdate(UpdateTiming timing, String impl, CellChoice cell, MemoryBlockGradient gradient,
                                   List<DelayTask> tasks) {
        if (timing != UpdateTiming.STEP) {
            return;
        }
        String why = !impl.equals("reference") ? "--impl " + impl
                : cell != CellChoice.LSTM1997 ? "--cell " + cell.key()
                : gradient != MemoryBlockGradient.TRUNCATED_1997 ? "--gradient exact"
                : tasks.stream().filter(t -> Hs97Architectures.forTask(t).isEmpty()).map(t -> "task " + t.id())
                        .findFirst().orElse(null);
        if (why != null) {
            throw new IllegalArgumentException("--update step: per-step (real-time) updates exist only for the "
                    + "reference backend's memory-block network (--cell lstm1997, --gradient truncated, the 1997 "
                    + "tasks); got " + why + " (use --update sequence)");
        }
    }

    /** {@code factory} with {@code timing} set in every plan it receives (null: the default timing). */
    public static LearnerFactory withUpdate(LearnerFactory factory, UpdateTiming timing) {
        return new LearnerFactory() {
            @Override
            public SequenceLearner create(DelayTask task, CellChoice cell, NetworkPlan plan, long seed) {
                return factory.create(task, cell, plan.withUpdate(timing), seed);
            }

            @Override
            public boolean parallelTrials() {
                return factory.parallelTrials();
            }
        };
    }

    /**
     * {@code factory} with the paper's memory blocks given fixed input-gate biases (a labelled deviation,
     * {@link Hs97Architecture#withInputGateBias}); null biases: the factory unchanged. Tasks without a paper row
     * (adding, copy) keep their plan.
     */
    public static LearnerFactory withInputGateBias(LearnerFactory factory, double[] biases) {
        if (biases == null) {
            return factory;
        }
        return new LearnerFactory() {
            @Override
            public SequenceLearner create(DelayTask task, CellChoice cell, NetworkPlan plan, long seed) {
                NetworkPlan p = plan.architecture().isEmpty() ? plan
                        : new NetworkPlan(plan.architecture().map(a -> a.withInputGateBias(biases)), plan.hidden(),
                                plan.units(), plan.learningRate(), plan.initHalfWidth(), plan.gradient(), plan.update());
                return factory.create(task, cell, p, seed);
            }

            @Override
            public boolean parallelTrials() {
                return factory.parallelTrials();
            }
        };
    }

    /** Whether the output units of the paper's network have biases (Table 10 column bias = "all"). */
    public boolean outputBias() {
        return architecture.map(r -> r.biasedUnits() == BiasedUnits.ALL_NON_INPUT).orElse(true);
    }

    /** True when the paper's protocol applies (on-line SGD at alpha); false for the modern tasks (Adam). */
    public boolean paperProtocol() {
        return architecture.isPresent();
    }
}
