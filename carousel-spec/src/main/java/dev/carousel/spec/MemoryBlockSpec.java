package dev.carousel.spec;

/**
 * The hidden layer of the 1997 LSTM papers (Hochreiter &amp; Schmidhuber 1997; Gers et al. 2000): memory blocks of
 * {@code cellsPerBlock} cells that share one input gate, one output gate (optional) and one forget gate (optional).
 * Every hidden unit (cell input, gate) sees the input x(t) and, with {@code recurrentHidden} (the paper's
 * connectivity "F"), the activations of all hidden units at t-1 (cell outputs and gate activations), plus a bias
 * where the unit is biased. Without it (connectivity "B", experiments 2a/2b) the only memory is the cells' own
 * constant error carousels.
 *
 * <pre>
 *   y_in_j(t)  = sigma( net_in_j(t) ),   y_out_j(t) = sigma( net_out_j(t) ),   y_phi_j(t) = sigma( net_phi_j(t) )
 *   s_v(t)     = y_phi_j(t) s_v(t-1) + y_in_j(t) g( net_c_v(t) )          (y_phi = 1 without forget gates)
 *   y_c_v(t)   = y_out_j(t) h( s_v(t) )                                    (y_out = 1 without output gates)
 * </pre>
 *
 * @param inputSize      input units
 * @param recurrentHidden hidden units see all hidden units at t-1 (connectivity F)
 * @param blocks         number of memory blocks
 * @param cellsPerBlock  cells per block (the paper's "block size")
 * @param outputGates    blocks have output gates (experiment 2a/2b: no)
 * @param forgetGates    blocks have forget gates (Gers 2000; the 1997 LSTM: no)
 * @param biasGates      gates have biases
 * @param biasCells      cell inputs have biases
 * @param cellActivation g
 * @param outputActivation h
 */
public record MemoryBlockSpec(int inputSize, boolean recurrentHidden, int blocks, int cellsPerBlock, boolean outputGates, boolean forgetGates,
                              boolean biasGates, boolean biasCells, Activation cellActivation,
                              Activation outputActivation) {

    public MemoryBlockSpec {
        if (inputSize <= 0 || blocks <= 0 || cellsPerBlock <= 0) {
            throw new IllegalArgumentException("memory blocks: sizes must be positive, got input=" + inputSize
                    + " blocks=" + blocks + " cellsPerBlock=" + cellsPerBlock);
        }
    }

    /** Number of cells, b * s. */
    public int cells() {
        return blocks * cellsPerBlock;
    }

    /** Gates per block: input, then output and forget where present. */
    public int gatesPerBlock() {
        return 1 + (outputGates ? 1 : 0) + (forgetGates ? 1 : 0);
    }

    /** Hidden units: cells, then input gates, output gates, forget gates. */
    public int hiddenUnits() {
        return cells() + blocks * gatesPerBlock();
    }
}
