package dev.carousel.verify.vectors;

import dev.carousel.verify.golden.CaseGenerator;
import dev.carousel.verify.golden.GoldenSet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carousel.spec.Activation;
import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** write then read gives the same case, and writing is byte-for-byte reproducible. */
class RoundTripTest {
    @TempDir
    Path tmp;

    private static final List<CaseConfig> CONFIGS = List.of(
            CaseConfig.lstm(LstmSpec.peephole(2, 3), 2, 4, true),
            CaseConfig.lstm(LstmSpec.lstm1997(3, 2).withActivations(Activation.IDENTITY, Activation.SIGMOID), 1, 3,
                    false),
            CaseConfig.lstm(LstmSpec.vanilla(2, 2).withCoupledInputForget(true), 3, 2, false),
            CaseConfig.gru(new GruSpec(2, 3, true), 2, 5, true),
            CaseConfig.gru(new GruSpec(1, 2, false), 2, 3, false));

    @Test
    void writeThenReadGivesTheSameCase() throws IOException {
        for (CaseConfig config : CONFIGS) {
            TestCase c = CaseGenerator.generate("rt", config, 7L);
            Path folder = tmp.resolve(GoldenSet.nameOf(config));
            TestCaseWriter.write(c, folder);
            TestCase back = TestCaseReader.read(folder);
            assertEquals(config, back.config());
            assertArrayEquals(c.lengths(), back.lengths());
            assertEquals(c.arrays().keySet(), back.arrays().keySet());
            for (String name : c.arrays().keySet()) {
                assertEquals(c.array(name), back.array(name), name);   // exact: shape and every bit
            }
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherValues() throws IOException {
        CaseConfig config = CONFIGS.get(0);
        TestCaseWriter.write(CaseGenerator.generate("a", config, 7L), tmp.resolve("a"));
        TestCaseWriter.write(CaseGenerator.generate("a", config, 7L), tmp.resolve("b"));
        for (String f : List.of("case.json", "arrays.npz")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)),
                    Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
        TestCase other = CaseGenerator.generate("a", config, 8L);
        TestCase same = CaseGenerator.generate("a", config, 7L);
        assertEquals(false, other.array("x").equals(same.array("x")));
    }

    @Test
    void jsonRoundTripWritesEveryKey() throws IOException {
        for (CaseConfig config : CONFIGS) {
            String json = CaseJson.toJson(config);
            assertEquals(config, CaseJson.parse(json, Path.of("case.json")));
        }
        assertEquals(CaseJson.knownKeys(CellType.LSTM).size(),
                CaseJson.toJson(CONFIGS.get(0)).chars().filter(ch -> ch == ':').count());
    }
}
