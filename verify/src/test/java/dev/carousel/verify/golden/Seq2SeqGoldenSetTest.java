package dev.carousel.verify.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.verify.vectors.CaseJson;
import dev.carousel.verify.vectors.Seq2SeqTestCase;
import dev.carousel.verify.vectors.TestCaseReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed seq2seq golden set ({@code vectors/golden-seq2seq}) is byte for byte what
 * {@code carousel vectors generate --set seq2seq} writes with the default seed, covers what it promises, and is
 * confirmed by the independent NumPy program {@code vectors/check_seq2seq_with_numpy.py}.
 */
class Seq2SeqGoldenSetTest {
    @TempDir
    Path tmp;

    static Path committed() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path golden = p.resolve("vectors").resolve("golden-seq2seq");
            if (Files.isDirectory(golden)) {
                return golden;
            }
        }
        throw new IllegalStateException("vectors/golden-seq2seq not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void committedSetIsTheGeneratorsOutputByteForByte() throws IOException {
        Path committed = committed();
        List<String> expected = Seq2SeqGoldenSet.definitions().stream().map(Seq2SeqGoldenSet.Definition::name)
                .sorted().toList();
        List<String> names;
        try (Stream<Path> s = Files.list(committed)) {
            names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(expected, names, "the committed case folders");
        Seq2SeqGoldenSet.generate(tmp, Seq2SeqGoldenSet.DEFAULT_SEED);
        long bytes = 0;
        for (String name : names) {
            for (String f : List.of(CaseJson.FILE_NAME, TestCaseReader.ARRAYS_FILE)) {
                byte[] fresh = Files.readAllBytes(tmp.resolve(name).resolve(f));
                assertArrayEquals(fresh, Files.readAllBytes(committed.resolve(name).resolve(f)), name + "/" + f);
                bytes += fresh.length;
            }
            Seq2SeqTestCase c = (Seq2SeqTestCase) TestCaseReader.readAny(committed.resolve(name));
            assertTrue(!c.forwardOnly(), name);
        }
        assertTrue(bytes < 1_000_000, "the seq2seq golden set stays small: " + bytes + " bytes");
    }

    @Test
    void coversEveryOption() {
        Set<Seq2SeqConfig.CellType> encoders = EnumSet.noneOf(Seq2SeqConfig.CellType.class);
        Set<Seq2SeqConfig.CellType> decoders = EnumSet.noneOf(Seq2SeqConfig.CellType.class);
        Set<String> decoderScores = new HashSet<>();
        Set<Seq2SeqConfig.InitMode> inits = EnumSet.noneOf(Seq2SeqConfig.InitMode.class);
        Set<Boolean> bidi = new HashSet<>();
        Set<Boolean> varlen = new HashSet<>();
        for (Seq2SeqGoldenSet.Definition d : Seq2SeqGoldenSet.definitions()) {
            Seq2SeqConfig m = d.config().model();
            encoders.add(m.encoderCell());
            decoders.add(m.decoderCell());
            decoderScores.add(m.decoderType() + "/" + m.scoreType());
            inits.add(m.initMode());
            bidi.add(m.bidirectional());
            varlen.add(d.variableLength());
        }
        assertEquals(EnumSet.allOf(Seq2SeqConfig.CellType.class), encoders);
        assertEquals(EnumSet.allOf(Seq2SeqConfig.CellType.class), decoders);
        assertEquals(6, decoderScores.size(), decoderScores.toString());
        assertEquals(EnumSet.allOf(Seq2SeqConfig.InitMode.class), inits);
        assertEquals(Set.of(true, false), bidi);
        assertEquals(Set.of(true, false), varlen);
    }

    /** /usr/bin/python3 (Debian's python3-numpy) or python3 on the PATH, when it imports numpy. */
    @Test
    void numpyRecomputesEverySeq2SeqGoldenVector() throws Exception {
        Path golden = committed();
        Path root = golden.getParent().getParent();
        dev.carousel.verify.NumpyCheck.assertEveryCasePasses(root, "check_seq2seq_with_numpy.py", golden,
                Seq2SeqGoldenSet.definitions().size(), 5);
    }
}
