package dev.carousel.bench.harness;

import dev.carousel.reference.MemoryBlockGradient;
import dev.carousel.reference.OutputUnits;
import dev.carousel.tasks.BiasedUnits;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.Hs97Architecture;
import dev.carousel.tasks.Hs97Architectures;
import dev.carousel.tasks.LossKind;
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
 */
public record NetworkPlan(Optional<Hs97Architecture> architecture, int hidden, OutputUnits units,
                          double learningRate, double initHalfWidth, MemoryBlockGradient gradient) {

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
            return new NetworkPlan(a, r.cells(), units, r.learningRate(), r.initHalfWidth(), gradient);
        }
        return new NetworkPlan(a, MODERN_HIDDEN, units, MODERN_LEARNING_RATE, 0.1, gradient);
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
