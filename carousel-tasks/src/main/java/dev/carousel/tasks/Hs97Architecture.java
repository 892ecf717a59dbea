package dev.carousel.tasks;

import dev.carousel.spec.Activation;
import java.util.Map;

/**
 * One row of Tables 10 and 11 of Hochreiter &amp; Schmidhuber 1997: the network and training set-up the paper used
 * for a task, as data for the reproduction harness. Catalogue: {@link Hs97Architectures}.
 *
 * @param row              the row label, e.g. "1-2", "2a", "2c-5", "3b", "4-3", "6a"
 * @param taskId           the {@link DelayTasks} id
 * @param taskParameters   the task parameters of this row, named as in {@link DelayTasks} (e.g. {@code T=500})
 * @param minimalLength    column p: minimal sequence length
 * @param minimalLag       column lag: minimal steps from the last relevant input to the teacher signal
 * @param blocks           column b: memory cell blocks
 * @param cellsPerBlock    column s: cells per block (sharing one input and one output gate)
 * @param inputs           column in
 * @param outputs          column out
 * @param printedWeights   column w as printed
 * @param connectivity     column c
 * @param outputGates      false only for 2a/2b ("no og")
 * @param outputGateBias   column ogb
 * @param inputGateBias    column igb
 * @param biasedUnits      column bias
 * @param cellOutputSquash column h: SQUASH_H1997 (h1, [−1, 1]) or IDENTITY
 * @param cellInputSquash  column g: SQUASH_G1997 (g2, [−2, 2]) or SIGMOID (g1, [0, 1]); the Table 10 caption swaps
 *                         the ranges of h1/g2, the text and appendix are followed here
 * @param learningRate     column α (on-line gradient descent, one update per sequence step as in the paper)
 * @param initHalfWidth    Table 11 interval: weights uniform in [−initHalfWidth, initHalfWidth]
 * @param selection        Table 11 column select
 * @param testSetSize      Table 11 test set size (0: none)
 * @param stopping         Table 11 stopping criterion, in words
 * @param success          Table 11 success criterion, in words
 * @param trials           number of independent trials the paper averages over
 */
public record Hs97Architecture(String row, String taskId, Map<String, String> taskParameters, int minimalLength,
                               int minimalLag, int blocks, int cellsPerBlock, int inputs, int outputs,
                               int printedWeights, Connectivity connectivity, boolean outputGates,
                               GateBias outputGateBias, GateBias inputGateBias, BiasedUnits biasedUnits,
                               Activation cellOutputSquash, Activation cellInputSquash, double learningRate,
                               double initHalfWidth, ExemplarSelection selection, int testSetSize, String stopping,
                               String success, int trials) {

    public Hs97Architecture {
        taskParameters = Map.copyOf(taskParameters);
        if (blocks < 1 || cellsPerBlock < 1 || inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("row " + row + ": blocks, cellsPerBlock, inputs, outputs must be >= 1");
        }
        checkBias(row, "outputGateBias", outputGateBias, blocks);
        checkBias(row, "inputGateBias", inputGateBias, blocks);
        if (!outputGates && outputGateBias.kind() != GateBias.Kind.NONE) {
            throw new IllegalArgumentException("row " + row + ": no output gates but an output-gate bias");
        }
    }

    /**
     * This set-up with fixed input-gate biases: a deviation from the printed row (the paper's Section 4 names
     * negative input-gate biases as its remedy against internal state drift). Where the row has no biases at all
     * the gates get them (input gates at {@code perBlock}, output gates starting at 0, both trained, as every bias
     * of the paper's nets); the row label says so.
     *
     * @throws IllegalArgumentException unless there is one value per block
     */
    public Hs97Architecture withInputGateBias(double... perBlock) {
        if (perBlock.length != blocks) {
            throw new IllegalArgumentException("row " + row + ": input-gate biases need one value per block ("
                    + blocks + "), got " + perBlock.length);
        }
        boolean addBiases = biasedUnits == BiasedUnits.NONE;
        GateBias ogb = addBiases && outputGates ? GateBias.fixed(new double[blocks]) : outputGateBias;
        return new Hs97Architecture(row + " (deviation: input-gate bias " + GateBias.fixed(perBlock) + ")", taskId,
                taskParameters, minimalLength, minimalLag, blocks, cellsPerBlock, inputs, outputs, printedWeights,
                connectivity, outputGates, ogb, GateBias.fixed(perBlock),
                addBiases ? BiasedUnits.GATES : biasedUnits, cellOutputSquash, cellInputSquash, learningRate,
                initHalfWidth, selection, testSetSize, stopping, success, trials);
    }

    /** Memory cells: blocks × cellsPerBlock. */
    public int cells() {
        return blocks * cellsPerBlock;
    }

    /** Gate units: one input gate per block, plus one output gate per block when present. */
    public int gates() {
        return blocks * (outputGates ? 2 : 1);
    }

    /**
     * The number of weights implied by the connectivity (reproduces the printed column w for every row):
     *
     * <pre>
     *   H   = cells + gates,   R = H for F (fully recurrent hidden layer), 0 for B
     *   w   = cells · (in + R + [cells biased]) + gates · (in + R + [gates biased])
     *       + out · (cells + [B] · in + [outputs biased])
     * </pre>
     */
    public int weightCount() {
        int recurrent = connectivity == Connectivity.F ? cells() + gates() : 0;
        int cellBias = biasedUnits == BiasedUnits.HIDDEN || biasedUnits == BiasedUnits.ALL_NON_INPUT ? 1 : 0;
        int gateBias = biasedUnits == BiasedUnits.NONE ? 0 : 1;
        int outputBias = biasedUnits == BiasedUnits.ALL_NON_INPUT ? 1 : 0;
        int outputFanIn = cells() + (connectivity == Connectivity.B ? inputs : 0) + outputBias;
        return cells() * (inputs + recurrent + cellBias) + gates() * (inputs + recurrent + gateBias)
                + outputs * outputFanIn;
    }

    private static void checkBias(String row, String name, GateBias bias, int blocks) {
        if (bias == null) {
            throw new IllegalArgumentException("row " + row + ": " + name + " must not be null");
        }
        if (bias.kind() == GateBias.Kind.FIXED && bias.perBlock().length != blocks) {
            throw new IllegalArgumentException("row " + row + ": " + name + " needs " + blocks + " values, got "
                    + bias.perBlock().length);
        }
    }
}
