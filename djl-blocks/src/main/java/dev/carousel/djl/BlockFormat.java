package dev.carousel.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;

/**
 * The parameter-file format of the Carousel blocks (what {@code saveParameters} writes and {@code loadParameters}
 * reads), and a bounded reader for it.
 *
 * <p>Format 2 (current): the version byte 2, then {@link #MAGIC} and the block type (two {@code writeUTF} strings,
 * e.g. "PeepholeLSTM"), then the block's input shapes and configuration, then its parameters (DJL's
 * {@code Parameter.save} records: 'P', version, name, then the array: "NDAR", encoding version 3, name, sparse
 * format, data type, shape, byte order, data length, data), then its children. Format 1 (written before the type tag) has the same layout
 * without the two strings; it still loads, but it cannot name the block type a mismatching file holds.
 *
 * <p>Every count and length read from the stream is checked before anything is allocated (at most
 * {@link #MAX_SHAPES} input shapes, rank {@link #MAX_RANK}, {@link #MAX_ELEMENTS} elements per array, and a data
 * length that must equal the element count times the element size), so a corrupted file gives a
 * {@link MalformedModelException} that says what was read where, never an {@link OutOfMemoryError}.
 */
public final class BlockFormat {
    /** The first string of every Carousel block's metadata (format 2 on). */
    public static final String MAGIC = "dev.carousel.djl.block";
    /** The format version the blocks write. */
    public static final byte VERSION = 2;
    /** The untagged format the blocks wrote before {@link #VERSION}; still readable. */
    public static final byte LEGACY_VERSION = 1;
    /** At most this many input shapes in a block's metadata. */
    public static final int MAX_SHAPES = 16;
    /** At most this rank for a shape in a parameter file. */
    public static final int MAX_RANK = 8;
    /** At most this many elements in one parameter array (2^28, 1 GiB in float32). */
    public static final long MAX_ELEMENTS = 1L << 28;

    private static final int CHUNK = 1 << 16;

    private BlockFormat() {
    }

    /** Reads a block's metadata (after the version byte). */
    @FunctionalInterface
    public interface MetadataReader {
        void read(byte loadVersion) throws IOException, MalformedModelException;
    }

    /** Writes {@link #MAGIC} and the block type; the first thing each block's {@code saveMetadata} writes. */
    public static void writeHeader(DataOutputStream os, String type) throws IOException {
        os.writeUTF(MAGIC);
        os.writeUTF(type);
    }

    /**
     * Checks the version byte and, for format 2, the magic string and the block type.
     *
     * @param type the type this block writes (e.g. "GRU")
     * @return true for format 2 (tagged), false for the untagged format 1
     * @throws MalformedModelException for another version, a missing magic string, or another block type
     *                                 ("GRU: this file holds a PeepholeLSTM, not a GRU")
     */
    public static boolean readHeader(DataInputStream is, byte loadVersion, String type)
            throws IOException, MalformedModelException {
        if (loadVersion == LEGACY_VERSION) {
            return false;
        }
        if (loadVersion != VERSION) {
            throw new MalformedModelException(type + ": unsupported parameter file version " + loadVersion
                    + ", expected " + VERSION + " (or " + LEGACY_VERSION + ", the untagged format); the file is"
                    + " corrupted or was not written by a Carousel " + type);
        }
        String magic = readString(is, type, "the format tag");
        if (!MAGIC.equals(magic)) {
            throw new MalformedModelException(type + ": expected the format tag '" + MAGIC + "' after the version"
                    + " byte, got '" + abbreviate(magic) + "'; the file is corrupted or was not written by a"
                    + " Carousel block");
        }
        String saved = readString(is, type, "the block type");
        if (!type.equals(saved)) {
            throw new MalformedModelException(type + ": this file holds a " + abbreviate(saved) + ", not a " + type);
        }
        return true;
    }

    /** Reads the input shapes that {@code saveInputShapes} wrote, refusing absurd counts, ranks and sizes. */
    public static Shape[] readInputShapes(DataInputStream is, String who) throws IOException, MalformedModelException {
        int n = readCount(is, who, "the number of input shapes", 0, MAX_SHAPES);
        Shape[] shapes = new Shape[n];
        for (int k = 0; k < n; k++) {
            shapes[k] = readShape(is, who, "input shape " + k, null);
        }
        return shapes;
    }

    /** Reads an int and checks that it lies in [min, max]. */
    public static int readCount(DataInputStream is, String who, String what, int min, int max)
            throws IOException, MalformedModelException {
        int n = is.readInt();
        if (n < min || n > max) {
            throw new MalformedModelException(who + ": " + what + " read from the file is " + n + ", expected a value"
                    + " in [" + min + ", " + max + "]; the file is corrupted or holds another block type");
        }
        return n;
    }

    /**
     * Loads a Carousel block: the version byte, the block's metadata (through {@code metadata}), each direct parameter
     * through the bounded reader, then each child (a Carousel child loads itself the same way; a DJL {@link Linear}
     * child is read through the bounded reader first).
     */
    public static void loadParameters(Block block, String type, NDManager manager, DataInputStream is,
                                      MetadataReader metadata) throws IOException, MalformedModelException {
        byte loadVersion = is.readByte();
        try {
            metadata.read(loadVersion);
            for (Parameter p : block.getDirectParameters().values()) {
                p.load(manager, bounded(copyParameter(is, p, type)));
            }
            for (Block child : block.getChildren().values()) {
                if (child instanceof Linear) {
                    child.loadParameters(manager, bounded(copyLinear(is, (Linear) child, type)));
                } else {
                    child.loadParameters(manager, is);
                }
            }
        } catch (MalformedModelException e) {
            if (loadVersion != LEGACY_VERSION || e.getMessage().contains("another block type")) {
                throw e;
            }
            throw new MalformedModelException(e.getMessage() + " (the file has the untagged format "
                    + LEGACY_VERSION + ", so it may also hold another block type)", e);
        } catch (UTFDataFormatException | EOFException | IllegalArgumentException e) {
            throw new MalformedModelException(type + ": cannot read the parameter file (" + e
                    + "); it is truncated or corrupted" + (loadVersion == LEGACY_VERSION ? ", or, as it has the untagged"
                    + " format " + LEGACY_VERSION + ", it may hold another block type" : ""), e);
        }
    }

    private static DataInputStream bounded(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    /** Copies one DJL {@code Parameter.save} record after checking every field and length. */
    private static byte[] copyParameter(DataInputStream is, Parameter p, String who)
            throws IOException, MalformedModelException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        String what = "parameter '" + p.getName() + "'";
        char marker = is.readChar();
        out.writeChar(marker);
        if (marker == 'N') {
            return bytes.toByteArray();
        }
        if (marker != 'P') {
            throw new MalformedModelException(who + ": expected the record of " + what + " (marker 'P'), got "
                    + (int) marker + "; the file is corrupted or holds another block type");
        }
        byte version = is.readByte();
        out.writeByte(version);
        String name = readString(is, who, "the name of " + what);
        out.writeUTF(name);
        if (!name.equals(p.getName())) {
            throw new MalformedModelException(who + ": expected " + what + ", the file has '" + abbreviate(name)
                    + "'; it holds another block type or configuration");
        }
        String nd = readString(is, who, what + " array tag");
        out.writeUTF(nd);
        if (!"NDAR".equals(nd)) {
            throw new MalformedModelException(who + ": expected the array tag 'NDAR' of " + what + ", got '"
                    + abbreviate(nd) + "'");
        }
        int arrayVersion = is.readInt();
        if (arrayVersion < 1 || arrayVersion > 3) {
            throw new MalformedModelException(who + ": " + what + " has the array encoding version " + arrayVersion
                    + ", expected 1 to 3; the file is corrupted");
        }
        out.writeInt(arrayVersion);
        if (arrayVersion > 1) {
            byte named = is.readByte();
            out.writeByte(named);
            if (named == 1) {
                out.writeUTF(readString(is, who, what + " array name"));
            }
        }
        out.writeUTF(readString(is, who, what + " sparse format"));
        String typeName = readString(is, who, what + " data type");
        out.writeUTF(typeName);
        DataType dataType;
        try {
            dataType = DataType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException(who + ": " + what + " has the unknown data type '"
                    + abbreviate(typeName) + "'", e);
        }
        Shape shape = readShape(is, who, what, out);
        if (arrayVersion > 2) {
            out.writeByte(is.readByte());  // byte order
        }
        long expected = shape.size() * dataType.getNumOfBytes();
        int length = is.readInt();
        if (length != expected) {
            throw new MalformedModelException(who + ": " + what + " " + shape + " " + dataType + " needs " + expected
                    + " data bytes, the file says " + length);
        }
        out.writeInt(length);
        byte[] buf = new byte[Math.min(CHUNK, length)];
        for (int left = length; left > 0;) {
            int n = Math.min(buf.length, left);
            is.readFully(buf, 0, n);
            out.write(buf, 0, n);
            left -= n;
        }
        return bytes.toByteArray();
    }

    /** Copies DJL's {@link Linear} record (version 4: units, input features, input shape, weight, bias). */
    private static byte[] copyLinear(DataInputStream is, Linear linear, String who)
            throws IOException, MalformedModelException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte version = is.readByte();
        if (version != 4) {
            throw new MalformedModelException(who + ": expected a DJL Linear record of version 4, got version "
                    + version + "; the file is corrupted or holds another block type");
        }
        out.writeByte(version);
        out.writeLong(is.readLong());
        out.writeLong(is.readLong());
        readShape(is, who, "Linear input shape", out);
        for (Parameter p : linear.getDirectParameters().values()) {
            out.write(copyParameter(is, p, who + " (Linear)"));
        }
        return bytes.toByteArray();
    }

    /** Reads an encoded {@link Shape} with bounds, writing what it read to {@code out} when not null. */
    private static Shape readShape(DataInputStream is, String who, String what, DataOutputStream out)
            throws IOException, MalformedModelException {
        int rank = readCount(is, who, "the rank of " + what, 0, MAX_RANK);
        long[] dims = new long[rank];
        long size = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = is.readLong();
            if (dims[d] < -1 || dims[d] > MAX_ELEMENTS) {
                throw new MalformedModelException(who + ": dimension " + d + " of " + what + " read from the file is "
                        + dims[d] + ", expected a value in [-1, " + MAX_ELEMENTS + "]; the file is corrupted");
            }
            size *= Math.max(dims[d], 1);
            if (size > MAX_ELEMENTS) {
                throw new MalformedModelException(who + ": " + what + " read from the file has more than "
                        + MAX_ELEMENTS + " elements; the file is corrupted");
            }
        }
        int layoutLength = readCount(is, who, "the layout length of " + what, 0, MAX_RANK);
        char[] layout = new char[layoutLength];
        for (int k = 0; k < layoutLength; k++) {
            layout[k] = is.readChar();
        }
        Shape shape = new Shape(dims, new String(layout));
        if (out != null) {
            out.write(shape.getEncoded());
        }
        return shape;
    }

    private static String readString(DataInputStream is, String who, String what)
            throws IOException, MalformedModelException {
        try {
            return is.readUTF();           // at most 65535 bytes by the format
        } catch (UTFDataFormatException e) {
            throw new MalformedModelException(who + ": " + what + " in the file is not a valid string; the file is"
                    + " corrupted or holds another block type", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
