package dev.carousel.bench.harness;

import dev.carousel.reference.GruCell;
import dev.carousel.reference.LstmCell;
import dev.carousel.reference.MemoryBlockCell;
import dev.carousel.reference.MemoryBlockGradient;
import dev.carousel.reference.ParamSet;
import dev.carousel.reference.RealTimeLearner;
import dev.carousel.reference.RecurrentCell;
import dev.carousel.reference.RecurrentNetwork;
import dev.carousel.reference.TanhRnnCell;
import dev.carousel.reference.UpdateTiming;
import dev.carousel.reference.train.Adam;
import dev.carousel.reference.train.Initializer;
import dev.carousel.reference.train.Optimizer;
import dev.carousel.reference.train.Sgd;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import dev.carousel.spec.MemoryBlockSpec;
import dev.carousel.tasks.BiasedUnits;
import dev.carousel.tasks.Connectivity;
import dev.carousel.tasks.DelayTask;
import dev.carousel.tasks.GateBias;
import dev.carousel.tasks.Hs97Architecture;
import dev.carousel.tasks.Sequence;
import java.util.List;
import java.util.Random;

/**
 * The faithful protocol on the float64 reference: the paper's network (memory blocks, Table 10 topology, biases
 * and initialisation) or a Carousel cell of the same number of units, trained on-line with gradient steps of size
 * alpha on E = 1/2 sum (d - y)^2 at the target steps. The memory blocks learn with the gradient of
 * {@link NetworkPlan#gradient()}: by default the paper's truncated rule (error crosses time steps only inside the
 * constant error carousels), or exact BPTT; the Carousel cells always with exact BPTT. When the weights change is
 * {@link NetworkPlan#updateFor(boolean)}: by default after every target step for the memory blocks (the paper's
 * real-time rule, {@link RealTimeLearner}), once per sequence for everything else.
 */
public final class ReferenceLearner implements SequenceLearner {
    private final RecurrentNetwork net;
    private final Optimizer optimizer;
    private final String description;
    /** Experiments 2a/2b: the memory cell joins once the error of the net without it stops decreasing. */
    private final SequentialConstruction construction;
    /** Per-step updates (the paper's real-time rule), or null: one update per sequence. */
    private final RealTimeLearner realTime;

    public ReferenceLearner(DelayTask task, CellChoice cellChoice, NetworkPlan plan, long seed) {
        Random rng = new Random(seed);
        int in = task.inputSize();
        int out = task.outputSize();
        Hs97Architecture arch = plan.architecture().orElse(null);
        if (cellChoice == CellChoice.LSTM1997 && arch != null) {
            MemoryBlockSpec spec = new MemoryBlockSpec(in, arch.connectivity() == Connectivity.F, arch.blocks(),
                    arch.cellsPerBlock(), arch.outputGates(), false, arch.biasedUnits() != BiasedUnits.NONE,
                    arch.biasedUnits() == BiasedUnits.HIDDEN || arch.biasedUnits() == BiasedUnits.ALL_NON_INPUT,
                    arch.cellInputSquash(), arch.cellOutputSquash());
            net = RecurrentNetwork.ofMemoryBlocks(spec, out, plan.outputBias(), plan.gradient());
            Initializer.uniform(net.params(), plan.initHalfWidth(), rng);
            MemoryBlockCell cell = (MemoryBlockCell) net.cell();
            setGateBiases(cell, arch.inputGateBias(), true);
            setGateBiases(cell, arch.outputGateBias(), false);
            for (int u = 0; u < spec.hiddenUnits(); u++) {
                if (!cell.biased(u)) {
                    net.params().get("hidden.b").value[u] = 0.0;
                }
            }
            construction = arch.connectivity() == Connectivity.B
                    ? new SequentialConstruction(net, plan.initHalfWidth(), new Random(seed + 1)) : null;
            UpdateTiming timing = plan.updateFor(true);
            realTime = timing == UpdateTiming.STEP
                    ? new RealTimeLearner(net, UpdateTiming.STEP, plan.learningRate()) : null;
            description = String.format("1997 LSTM, row %s: %d block(s) x %d cell(s), %s, %d weights, igb %s, ogb %s, %s, %s",
                    arch.row(), arch.blocks(), arch.cellsPerBlock(), arch.connectivity(),
                    countWeights(net, cell, plan.outputBias()),
                    arch.inputGateBias(), arch.outputGateBias(),
                    plan.gradient() == MemoryBlockGradient.EXACT ? "exact BPTT" : "truncated gradient (1997)",
                    timing == UpdateTiming.STEP ? "updates after every target step (real-time, as the paper)"
                            : "one update per sequence");
        } else {
            int h = plan.hidden();
            RecurrentCell cell;
            LstmSpec lstm = cellChoice.lstmSpec(in, h);     // a modern task's lstm1997: no memory-block row
            GruSpec gru = cellChoice.gruSpec(in, h);
            if (lstm != null) {
                cell = new LstmCell(lstm);
            } else if (gru != null) {
                cell = new GruCell(gru);
            } else if (cellChoice == CellChoice.RNN) {
                cell = new TanhRnnCell(in, h);
            } else {
                throw new AssertionError(cellChoice);
            }
            boolean shortcut = arch != null && arch.connectivity() == Connectivity.B;   // outputs see the input
            net = new RecurrentNetwork(cell, h, out, true, shortcut, plan.units());
            Initializer.uniform(net.params(), plan.initHalfWidth(), rng);
            if (lstm != null && lstm.forgetGate()) {          // peephole, np, cifg: forget bias 1 (Gers 2000)
                Initializer.setLstmForgetBias(cell.params(), h, 1.0);
            }
            construction = null;
            plan.updateFor(false);                     // an explicit STEP: a clear exception
            realTime = null;
            description = String.format("%s, H=%d, %s outputs, %d weights, one update per sequence", cellChoice, h,
                    plan.units(), net.params().count());
        }
        optimizer = plan.paperProtocol() ? new Sgd(plan.learningRate()) : new Adam(plan.learningRate());
    }

    /** Weights the paper would count: no entry for an unbiased unit's bias. */
    private static long countWeights(RecurrentNetwork net, MemoryBlockCell cell, boolean outputBias) {
        long unbiased = outputBias ? 0 : net.outputs();
        for (int u = 0; u < cell.spec().hiddenUnits(); u++) {
            unbiased += cell.biased(u) ? 0 : 1;
        }
        return net.params().count() - unbiased;
    }

    private static void setGateBiases(MemoryBlockCell cell, GateBias bias, boolean inputGate) {
        if (bias.kind() != GateBias.Kind.FIXED) {
            return;                                    // RANDOM: keeps its uniform draw; NONE: unbiased
        }
        double[] b = cell.params().get("b").value;
        double[] perBlock = bias.perBlock();
        for (int j = 0; j < perBlock.length; j++) {
            b[inputGate ? cell.inputGateUnit(j) : cell.outputGateUnit(j)] = perBlock[j];
        }
    }

    @Override
    public List<double[][]> train(List<Sequence> batch) {
        if (realTime != null) {
            return trainPerStep(batch);
        }
        ParamSet params = net.params();
        List<double[][]> outputs = new java.util.ArrayList<>(batch.size());
        params.zeroGrad();
        double error = 0;
        for (Sequence s : batch) {
            double[][] y = net.forwardBackward(s.inputs(), s.targets(), s.targetMask());
            outputs.add(y);
            error += net.error(y, s.targets(), s.targetMask());
        }
        if (construction != null) {
            construction.beforeStep(error);
        }
        optimizer.step(params);
        return outputs;
    }

    /**
     * The paper's real-time rule: the weights change after every target step; the outputs returned are those of
     * each step before its update. An absent block (sequential construction) is kept from changing.
     */
    private List<double[][]> trainPerStep(List<Sequence> batch) {
        List<double[][]> outputs = new java.util.ArrayList<>(batch.size());
        for (Sequence s : batch) {
            if (construction != null) {
                realTime.setFrozen(construction.added() ? java.util.Set.of() : SequentialConstruction.FROZEN);
            }
            double[][] y = realTime.sequence(s.inputs(), s.targets(), s.targetMask());
            outputs.add(y);
            if (construction != null) {
                construction.record(net.error(y, s.targets(), s.targetMask()));
            }
        }
        return outputs;
    }

    /** The network being trained (for tests). */
    RecurrentNetwork network() {
        return net;
    }

    /** When the weights change. */
    public UpdateTiming updateTiming() {
        return realTime != null ? UpdateTiming.STEP : UpdateTiming.SEQUENCE;
    }

    @Override
    public double[][] predict(Sequence sequence) {
        return net.predict(sequence.inputs());
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public String describe() {
        return "reference (float64, on-line " + (optimizer instanceof Sgd ? "SGD" : "Adam") + "): " + description
                + (construction == null ? "" : ", sequential construction");
    }
}
