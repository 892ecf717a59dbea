package dev.carousel.verify.vectors;

import dev.carousel.verify.golden.CaseGenerator;
import dev.carousel.verify.golden.GoldenSet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.spec.GruSpec;
import dev.carousel.spec.LstmSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npz files the writer makes are standard NumPy files, checked by a second route that does not use the npy
 * library: java.util.zip for the container and a minimal parse of each .npy header (NPY format 1.0/2.0: magic
 * "\x93NUMPY", version, header length, a Python dict literal with descr, fortran_order and shape, padded with
 * spaces and a newline), then the raw little-endian values.
 */
class NpzFormatTest {
    @TempDir
    Path tmp;

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** One parsed .npy entry. */
    private record Npy(String descr, boolean fortranOrder, int[] shape, ByteBuffer data, int headerTotal) {
    }

    private static Npy parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic, "npy magic");
        int major = b.get();
        b.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        assertTrue(major == 1 || major == 2 || major == 3, "npy version " + major);
        byte[] header = new byte[headerLength];
        b.get(header);
        String h = new String(header, StandardCharsets.ISO_8859_1);
        assertTrue(h.startsWith("{") && h.endsWith("\n"), "header dict ends with a newline: " + h);
        Matcher d = DESCR.matcher(h);
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        assertTrue(d.find() && f.find() && s.find(), "header has descr, fortran_order, shape: " + h);
        int[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        return new Npy(d.group(1), f.group(1).equals("True"), shape, b.slice().order(ByteOrder.LITTLE_ENDIAN),
                b.position());
    }

    @Test
    void writtenNpzIsStandard() throws IOException {
        for (CaseConfig config : List.of(CaseConfig.lstm(LstmSpec.peephole(2, 3), 3, 4, true),
                CaseConfig.gru(new GruSpec(3, 2, true), 2, 3, false))) {
            TestCase c = CaseGenerator.generate("npz", config, 3L);
            Path folder = tmp.resolve(GoldenSet.nameOf(config));
            TestCaseWriter.write(c, folder);
            List<String> names = new ArrayList<>();
            try (ZipFile zip = new ZipFile(folder.resolve("arrays.npz").toFile())) {
                for (ZipEntry e : Collections.list(zip.entries())) {
                    assertTrue(e.getName().endsWith(".npy"), e.getName());
                    String name = e.getName().substring(0, e.getName().length() - 4);
                    names.add(name);
                    byte[] bytes;
                    try (InputStream in = zip.getInputStream(e)) {
                        bytes = in.readAllBytes();
                    }
                    Npy npy = parse(bytes);
                    assertEquals(0, npy.headerTotal() % 16, "header padded to a multiple of 16 bytes");
                    assertEquals(false, npy.fortranOrder(), name);
                    assertArrayEquals(c.layout().shape(name), npy.shape(), name);
                    int n = Arrays.stream(npy.shape()).reduce(1, (x, y) -> x * y);
                    if (name.equals("lengths")) {
                        assertEquals("<i8", npy.descr(), name);
                        assertEquals(8L * n, npy.data().remaining(), name);
                        for (int k = 0; k < n; k++) {
                            assertEquals(c.lengths()[k], npy.data().getLong(8 * k), name);
                        }
                    } else {
                        assertEquals("<f8", npy.descr(), name);
                        assertEquals(8L * n, npy.data().remaining(), name);
                        double[] expected = c.array(name).data();
                        for (int k = 0; k < n; k++) {
                            assertEquals(Double.doubleToRawLongBits(expected[k]),
                                    Double.doubleToRawLongBits(npy.data().getDouble(8 * k)), name + "[" + k + "]");
                        }
                    }
                }
            }
            assertEquals(new ArrayList<>(c.layout().shapes().keySet()), names, "one entry per array, in order");
        }
    }
}
