package dev.carousel.verify.golden;

import dev.carousel.verify.vectors.CaseConfig;
import dev.carousel.verify.vectors.CellType;
import dev.carousel.verify.vectors.TestCase;
import dev.carousel.verify.vectors.TestCaseWriter;
import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The project's golden test vectors: every LSTM variant of equations.md section 1 (peepholes on/off, forget gate
 * on/off, CIFG, the activations including the 1997 squashers and identity) and both GRUs of section 2, in short
 * sequences, variable lengths, and long sequences up to T = 500, with small I, H, B so that the whole set stays
 * small. Names are derived from the configuration, values from {@link CaseGenerator} with the seed.
 */
public final class GoldenSet {
    /** The seed the committed golden set was generated with. */
    public static final long DEFAULT_SEED = 1997L;

    private GoldenSet() {
    }

    /** A case of the set: its folder name and what it computes. */
    public record Definition(String name, CaseConfig config) {
    }

    /** The cases, in a fixed order, with distinct names. */
    public static List<Definition> definitions() {
        List<CaseConfig> configs = new ArrayList<>();
        Activation tanh = Activation.TANH;
        Activation sig = Activation.SIGMOID;
        Activation id = Activation.IDENTITY;
        Activation g97 = Activation.SQUASH_G1997;
        Activation h97 = Activation.SQUASH_H1997;

        // short sequences: every LSTM flag combination with tanh/tanh, B=3, T=6, I=3, H=4
        LstmSpec peephole = LstmSpec.peephole(3, 4);
        for (boolean p : new boolean[] {true, false}) {
            LstmSpec s = peephole.withPeepholes(p);
            configs.add(CaseConfig.lstm(s, 3, 6, false));
            configs.add(CaseConfig.lstm(s.withForgetGate(false), 3, 6, false));
            configs.add(CaseConfig.lstm(s.withCoupledInputForget(true), 3, 6, false));
        }
        // the activations: the 1997 LSTM, its squashers with peepholes and a forget gate, identity, sigmoid
        configs.add(CaseConfig.lstm(LstmSpec.lstm1997(3, 4), 3, 6, false));
        configs.add(CaseConfig.lstm(peephole.withActivations(g97, h97), 3, 6, false));
        configs.add(CaseConfig.lstm(peephole.withForgetGate(false).withActivations(h97, g97), 3, 6, false));
        configs.add(CaseConfig.lstm(LstmSpec.vanilla(3, 4).withActivations(id, id), 3, 6, false));
        configs.add(CaseConfig.lstm(peephole.withActivations(sig, id), 3, 6, false));
        configs.add(CaseConfig.lstm(peephole.withActivations(tanh, sig), 3, 6, false));
        configs.add(CaseConfig.lstm(peephole.withCoupledInputForget(true).withActivations(id, tanh), 3, 6, false));
        // GRU, both reset positions
        for (boolean after : new boolean[] {false, true}) {
            configs.add(CaseConfig.gru(new GruSpec(3, 4, after), 3, 6, false));
        }
        // edge sizes: one step; one sequence with I=1, H=1
        configs.add(CaseConfig.lstm(peephole, 2, 1, false));
        configs.add(CaseConfig.gru(new GruSpec(3, 4, true), 2, 1, false));
        configs.add(CaseConfig.lstm(LstmSpec.peephole(1, 1), 1, 5, false));
        configs.add(CaseConfig.gru(new GruSpec(1, 1, false), 1, 5, false));
        // variable lengths, B=4, T=9
        configs.add(CaseConfig.lstm(peephole, 4, 9, true));
        configs.add(CaseConfig.lstm(LstmSpec.vanilla(3, 4), 4, 9, true));
        configs.add(CaseConfig.lstm(LstmSpec.lstm1997(3, 4), 4, 9, true));
        configs.add(CaseConfig.lstm(peephole.withCoupledInputForget(true), 4, 9, true));
        configs.add(CaseConfig.gru(new GruSpec(3, 4, false), 4, 9, true));
        configs.add(CaseConfig.gru(new GruSpec(3, 4, true), 4, 9, true));
        // long sequences (float32 tolerance 1e-3 beyond T = 100), B=2, I=2, H=3
        LstmSpec smallPeephole = LstmSpec.peephole(2, 3);
        configs.add(CaseConfig.lstm(smallPeephole, 2, 100, false));
        configs.add(CaseConfig.lstm(smallPeephole, 2, 500, true));
        configs.add(CaseConfig.lstm(LstmSpec.vanilla(2, 3), 2, 150, false));
        configs.add(CaseConfig.lstm(LstmSpec.lstm1997(2, 3), 2, 500, false));
        configs.add(CaseConfig.lstm(smallPeephole.withCoupledInputForget(true), 2, 200, true));
        configs.add(CaseConfig.gru(new GruSpec(2, 3, false), 2, 500, true));
        configs.add(CaseConfig.gru(new GruSpec(2, 3, true), 2, 500, false));

        List<Definition> defs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CaseConfig c : configs) {
            String name = nameOf(c);
            if (!names.add(name)) {
                throw new IllegalStateException("two golden cases are named " + name);
            }
            defs.add(new Definition(name, c));
        }
        return defs;
    }

    /**
     * The folder name of a case, from its configuration, e.g. {@code lstm-peephole-cifg-tanh-tanh-b3-t6-i3-h4} or
     * {@code gru-reset_after-b4-t9-i3-h4-varlen}.
     */
    public static String nameOf(CaseConfig c) {
        StringBuilder sb = new StringBuilder(c.cell().key());
        if (c.cell() == CellType.GRU) {
            sb.append(c.resetAfter() ? "-reset_after" : "-reset_before");
        } else {
            sb.append(c.peephole() ? "-peephole" : "-np");
            if (!c.forgetGate()) {
                sb.append("-nfg");
            }
            if (c.coupledInputForget()) {
                sb.append("-cifg");
            }
            sb.append('-').append(c.cellActivation().key()).append('-').append(c.outputActivation().key());
        }
        sb.append("-b").append(c.batch()).append("-t").append(c.time()).append("-i").append(c.input())
                .append("-h").append(c.hidden());
        if (c.variableLength()) {
            sb.append("-varlen");
        }
        return sb.toString();
    }

    /** Generates every case into {@code out/<name>/}; returns the cases written. */
    public static List<TestCase> generate(Path out, long seed) throws IOException {
        List<TestCase> written = new ArrayList<>();
        for (Definition d : definitions()) {
            TestCase c = CaseGenerator.generate(d.name(), d.config(), seed);
            TestCaseWriter.write(c, out.resolve(d.name()));
            written.add(c);
        }
        return written;
    }
}
