package dev.carousel.verify.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npz/npy reader against malformed input: the committed cases under {@code src/test/resources/fuzz} (made with
 * NumPy, then broken: short or extra data, truncated header or file, bad magic, version, dtype, header, shape,
 * Fortran order, CRC, deflate stream, NaN; each {@code bad-*} folder holds its expected one-line message in
 * {@code expected.txt}) and cases built here whose headers declare huge shapes. Each must fail fast with its
 * message, allocating nothing near what a header declares; each {@code good-*} case must read.
 */
class FuzzCasesTest {
    private static final Duration FAST = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    static Path fuzzRoot() {
        try {
            return Path.of(FuzzCasesTest.class.getResource("/fuzz").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> folders(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(fuzzRoot())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    @TestFactory
    List<DynamicTest> badCasesFailWithTheirMessage() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> bad = folders("bad-");
        assertTrue(bad.size() >= 15, "fuzz cases found: " + bad);
        for (Path folder : bad) {
            tests.add(DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
                String expected = Files.readString(folder.resolve("expected.txt")).strip();
                InvalidTestCaseException e = assertTimeoutPreemptively(FAST,
                        () -> assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.read(folder)));
                assertEquals(folder.resolve(expected).toString(), e.getMessage().replace(folder + "/", folder
                        .resolve("").toString() + "/"));
                assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> goodCasesRead() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path folder : folders("good-")) {
            tests.add(DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
                TestCase c = TestCaseReader.read(folder);
                TestCase reference = TestCaseReader.read(fuzzRoot().resolve("good-stored"));
                assertEquals(reference.arrays(), c.arrays());
                assertEquals(List.of(1, 1), List.of(c.lengths()[0], c.lengths()[1]));
            }));
        }
        return tests;
    }

    /** An .npy entry holding only a header that declares {@code shape} (and no data). */
    private static byte[] headerOnly(String descr, String shape) {
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape
                + ", }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length())
                .put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /** A copy of good-stored with entry {@code name} replaced by {@code bytes} and case.json by {@code json}. */
    private Path withEntry(String caseName, String name, byte[] bytes, String json) throws IOException {
        Path folder = tmp.resolve(caseName);
        Files.createDirectories(folder);
        Path good = fuzzRoot().resolve("good-stored");
        Files.writeString(folder.resolve("case.json"), json != null ? json
                : Files.readString(good.resolve("case.json")));
        try (ZipFile in = new ZipFile(good.resolve("arrays.npz").toFile());
             OutputStream os = Files.newOutputStream(folder.resolve("arrays.npz"));
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] data = e.getName().equals(name + ".npy") ? bytes : in.getInputStream(e).readAllBytes();
                ZipEntry n = new ZipEntry(e.getName());
                n.setMethod(ZipEntry.STORED);
                n.setSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                n.setCrc(crc.getValue());
                out.putNextEntry(n);
                out.write(data);
                out.closeEntry();
            }
        }
        return folder;
    }

    private static String messageOf(Path folder) {
        long before = usedHeap();
        InvalidTestCaseException e = assertTimeoutPreemptively(FAST,
                () -> assertThrows(InvalidTestCaseException.class, () -> TestCaseReader.read(folder)));
        assertTrue(usedHeap() - before < 256L << 20, "the reader allocated what the header declares");
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().substring(folder.toString().length() + 1);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void hugeDeclaredShapeAgainstASmallCaseFailsBeforeReadingData() throws IOException {
        Path f = withEntry("huge-x", "x", headerOnly("<f8", "(100000, 100000, 1000)"), null);
        assertEquals("arrays.npz: array 'x': expected shape (2, 1, 3), got (100000, 100000, 1000) (the expected "
                + "shape follows from case.json)", messageOf(f));
        f = withEntry("overflow-x", "x", headerOnly("<f8", "(99999999999999999999999, 1, 3)"), null);
        assertEquals("arrays.npz: array 'x': malformed shape (99999999999999999999999, 1, 3) in the .npy header",
                messageOf(f));
    }

    @Test
    void hugeCaseWithAMatchingHeaderButNoDataIsTruncatedNotAllocated() throws IOException {
        String json = Files.readString(fuzzRoot().resolve("good-stored/case.json"))
                .replaceAll("\"batch\" : 2", "\"batch\" : 100000000");
        Path f = withEntry("huge-batch", "lengths", headerOnly("<i8", "(100000000,)"), json);
        assertEquals("arrays.npz: array 'lengths': truncated: holds 0 data bytes, its shape (100000000,) of int64 "
                + "needs 800000000", messageOf(f));
    }

    @Test
    void caseTooLargeForAJavaArray() throws IOException {
        String json = Files.readString(fuzzRoot().resolve("good-stored/case.json"))
                .replaceAll("\"hidden\" : 4", "\"hidden\" : 1000000000");
        Path folder = withEntry("huge-hidden", "x", headerOnly("<f8", "(2, 1, 3)"), json);
        assertEquals("case.json: the case is too large: array 'w_ih' would have shape (3000000000, 3), more than "
                + "the 2147483639 values a Java array holds", messageOf(folder));
    }

    @Test
    void hugeHeaderLengthIsRefused() throws IOException {
        byte[] b = headerOnly("<f8", "(2, 1, 3)");
        byte[] v2 = new byte[12];
        System.arraycopy(b, 0, v2, 0, 8);
        v2[6] = 2;
        ByteBuffer.wrap(v2, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE);
        Path f = withEntry("huge-header", "x", v2, null);
        assertEquals("arrays.npz: array 'x': truncated or corrupt .npy header: it declares 2147483647 header bytes, "
                + "the entry holds 12 bytes in all", messageOf(f));
    }

    @Test
    void everyCommittedBadCaseHasAnExpectedMessage() throws IOException {
        ByteArrayOutputStream missing = new ByteArrayOutputStream();
        for (Path folder : folders("bad-")) {
            if (!Files.isRegularFile(folder.resolve("expected.txt"))) {
                missing.writeBytes((folder.getFileName() + " ").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals("", missing.toString(StandardCharsets.UTF_8));
    }
}
