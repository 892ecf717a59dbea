package dev.carousel.bench.harness;

import java.util.Arrays;
import java.util.Locale;

/** Which recurrent cell the harness trains: the paper's memory blocks, or one of Carousel's layers. */
public enum CellChoice {
    /** The 1997 LSTM: memory blocks with input and output gates, no forget gate, the paper's topology. */
    LSTM1997("lstm1997"),
    /** Gers 2000 peephole LSTM with forget gate (equations.md section 1), one unit per paper cell. */
    PEEPHOLE("peephole"),
    /** Peephole LSTM without peepholes (NP, Greff et al. 2017): the LSTM of PyTorch, Keras and DJL. */
    NP("np"),
    /** Peephole LSTM without a forget gate (NFG: f_t = 1), peepholes and tanh kept. */
    NFG("nfg"),
    /** Peephole LSTM with coupled input and forget gates (CIFG: i_t = 1 - f_t). */
    CIFG("cifg"),
    /** GRU, reset-after (equations.md section 2; cuDNN, PyTorch, Keras reset_after=True), one unit per paper cell. */
    GRU("gru"),
    /** GRU, reset-before (the 2014 paper's form: the reset gate scales h before U_n). */
    GRU_BEFORE("gru-before"),
    /** Plain tanh RNN, the baseline the paper compares against. */
    RNN("rnn");

    private final String key;

    CellChoice(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The Carousel LSTM spec of this choice ({@code lstm1997}: the 1997 flags), or null for a GRU or the RNN. */
    public dev.carousel.spec.LstmSpec lstmSpec(int input, int hidden) {
        dev.carousel.spec.LstmSpec peephole = dev.carousel.spec.LstmSpec.peephole(input, hidden);
        switch (this) {
            case LSTM1997:
                return dev.carousel.spec.LstmSpec.lstm1997(input, hidden);
            case PEEPHOLE:
                return peephole;
            case NP:
                return peephole.withPeepholes(false);
            case NFG:
                return peephole.withForgetGate(false);
            case CIFG:
                return peephole.withCoupledInputForget(true);
            default:
                return null;
        }
    }

    /** The GRU spec of this choice, or null for the LSTMs and the RNN. */
    public dev.carousel.spec.GruSpec gruSpec(int input, int hidden) {
        return this == GRU ? new dev.carousel.spec.GruSpec(input, hidden, true)
                : this == GRU_BEFORE ? new dev.carousel.spec.GruSpec(input, hidden, false) : null;
    }

    /** The keys, comma-separated, for messages. */
    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(CellChoice::key).toArray(String[]::new));
    }

    public static CellChoice parse(String s) {
        for (CellChoice c : values()) {
            if (c.key.equals(s.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + s + "'; expected one of "
                + Arrays.toString(Arrays.stream(values()).map(CellChoice::key).toArray()));
    }

    @Override
    public String toString() {
        return key;
    }
}
