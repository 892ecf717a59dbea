package dev.carousel.verify.vectors;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the arrays of an {@code arrays.npz} (NumPy's {@code savez} / {@code savez_compressed}: a zip of
 * {@code <name>.npy} entries, NumPy format versions 1.0, 2.0 and 3.0) defensively: every array's header (magic,
 * version, dtype, order, shape) is checked against the shape the case's {@link ArrayLayout} expects BEFORE any of
 * its data is read; the data must fill the zip entry exactly (never more is read or allocated than the entry's
 * size, which must match the header); each entry's CRC-32 is checked. Every problem is an
 * {@link InvalidTestCaseException} naming the file, the array, what was expected and what came.
 */
final class NpzReader implements Closeable {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Largest .npy header accepted (NumPy writes well under 1 KiB for our arrays). */
    private static final int MAX_HEADER = 1 << 16;
    /** Bytes read at a time. */
    private static final int CHUNK = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private final Path npz;
    private final ZipFile zip;

    /** The element type wanted: float64, or an integer type for {@code lengths} (int64 or int32). */
    enum Kind { FLOAT64, INTEGER }

    NpzReader(Path npz) throws InvalidTestCaseException {
        this.npz = npz;
        try {
            this.zip = new ZipFile(npz.toFile());
        } catch (ZipException e) {
            throw new InvalidTestCaseException(npz, "not an npz (zip) file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidTestCaseException(npz, "cannot open: " + describe(e), e);
        }
    }

    /** The array names: the entries less their ".npy" suffix; an entry of another kind is refused. */
    Set<String> names() throws InvalidTestCaseException {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String entry = en.nextElement().getName();
                if (!entry.endsWith(".npy")) {
                    throw new InvalidTestCaseException(npz, "entry '" + entry + "' is not an .npy array "
                            + "(an npz file holds one <name>.npy per array)");
                }
                names.add(entry.substring(0, entry.length() - ".npy".length()));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidTestCaseException(npz, "not an npz (zip) file: unreadable entry names", e);
        }
        return names;
    }

    /** A float64 array of exactly {@code shape}. */
    double[] readFloat64(String name, int[] shape) throws InvalidTestCaseException {
        return (double[]) read(name, shape, Kind.FLOAT64);
    }

    /** An int64 or int32 array of exactly {@code shape}, widened to long. */
    long[] readIntegers(String name, int[] shape) throws InvalidTestCaseException {
        return (long[]) read(name, shape, Kind.INTEGER);
    }

    private Object read(String name, int[] expectedShape, Kind kind) throws InvalidTestCaseException {
        ZipEntry entry = zip.getEntry(name + ".npy");
        if (entry == null) {
            throw fail(name, "missing");
        }
        long size = entry.getSize();
        if (size < 0) {
            throw fail(name, "the zip entry does not record its size");
        }
        CRC32 crc = new CRC32();
        try (InputStream raw = zip.getInputStream(entry);
             CheckedInputStream in = new CheckedInputStream(raw, crc)) {
            byte[] prefix = readExactly(in, 8, name, "the .npy header");
            if (!Arrays.equals(Arrays.copyOf(prefix, 6), MAGIC)) {
                throw fail(name, "not an .npy array: it starts with " + hex(Arrays.copyOf(prefix, 6))
                        + ", expected \\x93NUMPY");
            }
            int major = prefix[6] & 0xff;
            int minor = prefix[7] & 0xff;
            long headerLength;
            int lengthBytes;
            if (major == 1 && minor == 0) {
                lengthBytes = 2;
            } else if ((major == 2 || major == 3) && minor == 0) {
                lengthBytes = 4;
            } else {
                throw fail(name, "unsupported .npy format version " + major + "." + minor
                        + " (supported: 1.0, 2.0, 3.0)");
            }
            ByteBuffer len = ByteBuffer.wrap(readExactly(in, lengthBytes, name, "the .npy header"))
                    .order(ByteOrder.LITTLE_ENDIAN);
            headerLength = lengthBytes == 2 ? len.getShort() & 0xffff : len.getInt() & 0xffffffffL;
            long prefixLength = 8 + lengthBytes;
            if (headerLength > MAX_HEADER || prefixLength + headerLength > size) {
                throw fail(name, "truncated or corrupt .npy header: it declares " + headerLength
                        + " header bytes, the entry holds " + size + " bytes in all");
            }
            String header = new String(readExactly(in, (int) headerLength, name, "the .npy header"),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseHeader(name, header);
            ElementType type = elementType(name, h.descr, kind);
            if (h.fortranOrder && nonTrivialDimensions(h.shape) > 1) {
                throw fail(name, "fortran_order is True; only C-ordered arrays are supported (save "
                        + "numpy.ascontiguousarray(a))");
            }
            if (!Arrays.equals(toLong(expectedShape), h.shape)) {
                throw fail(name, "expected shape " + Tensor.shapeString(expectedShape) + ", got "
                        + shapeString(h.shape) + " (the expected shape follows from case.json)");
            }
            long count = count(expectedShape);
            long dataBytes = count * type.size;
            long available = size - prefixLength - headerLength;
            if (available < dataBytes) {
                throw fail(name, "truncated: holds " + available + " data bytes, its shape "
                        + shapeString(h.shape) + " of " + type.name + " needs " + dataBytes);
            }
            if (available > dataBytes) {
                throw fail(name, "holds " + available + " data bytes, its shape " + shapeString(h.shape) + " of "
                        + type.name + " needs " + dataBytes + " (extra data after the array)");
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw fail(name, count + " values are more than one array can hold");
            }
            Object result = kind == Kind.FLOAT64 ? new double[(int) count] : new long[(int) count];
            byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(type.size, dataBytes))];
            long done = 0;
            int k = 0;
            while (done < dataBytes) {
                int want = (int) Math.min(buf.length, dataBytes - done);
                int got = in.readNBytes(buf, 0, want);
                if (got < want) {
                    throw fail(name, "truncated: the entry ends after " + (done + got) + " of " + dataBytes
                            + " data bytes");
                }
                ByteBuffer b = ByteBuffer.wrap(buf, 0, want).order(type.order);
                for (int n = want / type.size; n > 0; n--, k++) {
                    if (result instanceof double[] d) {
                        d[k] = b.getDouble();
                    } else {
                        ((long[]) result)[k] = type.size == 8 ? b.getLong() : b.getInt();
                    }
                }
                done += want;
            }
            if (in.read() != -1) {
                throw fail(name, "extra data after the array (the entry is longer than its recorded size)");
            }
            if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                throw fail(name, String.format(Locale.ROOT, "CRC mismatch: the zip records %08x, the data gives "
                        + "%08x (the file is corrupt)", entry.getCrc(), crc.getValue()));
            }
            return result;
        } catch (InvalidTestCaseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw fail(name, "corrupt zip entry: " + describe(e));
        }
    }

    private record Header(String descr, boolean fortranOrder, long[] shape) {
    }

    private record ElementType(String name, int size, ByteOrder order) {
    }

    private Header parseHeader(String name, String header) throws InvalidTestCaseException {
        String h = header.strip();
        Matcher d = DESCR.matcher(h);
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!h.startsWith("{") || !h.endsWith("}") || !d.find() || !f.find() || !s.find()) {
            throw fail(name, "malformed .npy header (expected {'descr': ..., 'fortran_order': ..., "
                    + "'shape': (...)}): " + abbreviate(h));
        }
        String[] parts = s.group(1).split(",", -1);
        int n = parts.length;
        if (n > 0 && parts[n - 1].isBlank()) {
            n--;                                    // "(3,)" and "()"
        }
        long[] shape = new long[n];
        for (int k = 0; k < n; k++) {
            String p = parts[k].strip();
            try {
                shape[k] = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
            } catch (NumberFormatException e) {
                shape[k] = -1;
            }
            if (shape[k] < 0) {
                throw fail(name, "malformed shape (" + abbreviate(s.group(1)) + ") in the .npy header");
            }
        }
        return new Header(d.group(1), f.group(1).equals("True"), shape);
    }

    private ElementType elementType(String name, String descr, Kind kind) throws InvalidTestCaseException {
        String wanted = kind == Kind.FLOAT64 ? "float64" : "int64";
        if (descr.length() == 3 && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            String code = descr.substring(1);
            if (kind == Kind.FLOAT64 && code.equals("f8")) {
                return new ElementType("float64", 8, order);
            }
            if (kind == Kind.INTEGER && code.equals("i8")) {
                return new ElementType("int64", 8, order);
            }
            if (kind == Kind.INTEGER && code.equals("i4")) {
                return new ElementType("int32", 4, order);
            }
        }
        throw fail(name, "expected dtype " + wanted + ", got " + dtypeName(descr));
    }

    /** NumPy's name of a dtype descriptor ("<f4" -> float32), or the descriptor quoted. */
    static String dtypeName(String descr) {
        if (descr.length() >= 3 && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            String code = descr.substring(1);
            switch (code) {
                case "f8": return "float64";
                case "f4": return "float32";
                case "f2": return "float16";
                case "i8": return "int64";
                case "i4": return "int32";
                case "i2": return "int16";
                case "i1": return "int8";
                case "u8": return "uint64";
                case "u4": return "uint32";
                case "u2": return "uint16";
                case "u1": return "uint8";
                case "b1": return "bool";
                default: break;
            }
        }
        return "'" + abbreviate(descr) + "'";
    }

    private byte[] readExactly(InputStream in, int n, String name, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw fail(name, "truncated: the entry ends inside " + what + " (" + b.length + " of " + n
                    + " bytes)");
        }
        return b;
    }

    private static int nonTrivialDimensions(long[] shape) {
        int n = 0;
        for (long d : shape) {
            if (d > 1) {
                n++;
            }
        }
        return n;
    }

    private static long[] toLong(int[] shape) {
        long[] l = new long[shape.length];
        for (int k = 0; k < shape.length; k++) {
            l[k] = shape[k];
        }
        return l;
    }

    /** The number of values of a shape that {@link ArrayLayout} checked (dimensions &ge; 0, product bounded). */
    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            sb.append(d > 0 ? ", " : "").append(shape[d]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", x & 0xff));
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("[\\r\\n\\t]", " ").replaceAll("[^\\x20-\\x7e]", "?");
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }

    /** An exception's message for a person: its text, or what kind of failure it was when it has none. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            String kind = e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "")
                    .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
            return kind.isEmpty() ? "unknown error" : kind;
        }
        return m;
    }

    private InvalidTestCaseException fail(String name, String problem) {
        return new InvalidTestCaseException(npz, "array '" + name + "': " + problem);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
