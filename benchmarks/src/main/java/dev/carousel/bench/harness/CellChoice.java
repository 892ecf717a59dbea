package dev.carousel.bench.harness;

import java.util.Arrays;
import java.util.Locale;

/** Which recurrent cell the harness trains: the paper's memory blocks, or one of Carousel's layers. */
public enum CellChoice {
    /** The 1997 LSTM: memory blocks with input and output gates, no forget gate, the paper's topology. */
    LSTM1997("lstm1997"),
    /** Gers 2000 peephole LSTM with forget gate (equations.md section 1), one unit per paper cell. */
    PEEPHOLE("peephole"),
    /** GRU, reset-after (equations.md section 2), one unit per paper cell. */
    GRU("gru"),
    /** Plain tanh RNN, the baseline the paper compares against. */
    RNN("rnn");

    private final String key;

    CellChoice(String key) {
        this.key = key;
    }

    public String key() {
        return key;
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
