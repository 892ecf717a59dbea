package dev.carousel.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.spec.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts ONNX {@code TensorProto}s to and from {@link OnnxArray}: float32, float64, int32 and int64 tensors, held
 * either in {@code raw_data} (little-endian, as ONNX specifies) or in the typed fields. Anything else (float16,
 * external data, strings, ...) is refused with a message naming the tensor and its type.
 */
public final class OnnxTensors {
    /** ONNX element types used here. */
    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    public static final int INT32 = TensorProto.DataType.INT32_VALUE;
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;
    public static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;

    private OnnxTensors() {
    }

    /** The name of an ONNX element type (its DataType enum name, or the number if unknown). */
    public static String typeName(int dataType) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(dataType);
        return t == null ? "data type " + dataType : t.name();
    }

    /** The ONNX element type of a Carousel dtype: FLOAT (1) or DOUBLE (11). */
    public static int elementType(DType dtype) {
        return dtype == DType.FLOAT64 ? DOUBLE : FLOAT;
    }

    /**
     * Reads a serialized TensorProto file (the {@code input_K.pb} / {@code output_K.pb} files of ONNX test folders).
     *
     * @throws OnnxImportException when the file is not a readable tensor of a supported type
     * @throws IOException         when it cannot be read
     */
    public static OnnxArray readFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        TensorProto t;
        try {
            t = TensorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(file + ": not a valid ONNX TensorProto file (" + e.getMessage() + ")", e);
        }
        return toArray(t, file.toString());
    }

    /**
     * The values of a tensor as float64.
     *
     * @param where what to name in error messages (the file or node)
     */
    public static OnnxArray toArray(TensorProto t, String where) {
        String name = t.getName();
        String what = where + ": tensor '" + name + "'";
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxImportException(what + " keeps its data in an external file, which Carousel does not read;"
                    + " save the model with the weights inside (onnx.save(model, path, save_as_external_data=False))");
        }
        int[] shape = new int[t.getDimsCount()];
        long n = 1;
        for (int k = 0; k < shape.length; k++) {
            long d = t.getDims(k);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new OnnxImportException(what + ": invalid dimension " + d + " in " + t.getDimsList());
            }
            shape[k] = (int) d;
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new OnnxImportException(what + ": too many values (" + n + ")");
        }
        int count = (int) n;
        int type = t.getDataType();
        double[] data = new double[count];
        boolean raw = t.hasRawData();
        ByteString rawBytes = t.getRawData();
        switch (type) {
            case FLOAT_CASE -> {
                if (raw) {
                    ByteBuffer b = rawBuffer(rawBytes, count, 4, what);
                    for (int k = 0; k < count; k++) {
                        data[k] = b.getFloat();
                    }
                } else {
                    checkCount(t.getFloatDataCount(), count, what, "float_data");
                    for (int k = 0; k < count; k++) {
                        data[k] = t.getFloatData(k);
                    }
                }
            }
            case DOUBLE_CASE -> {
                if (raw) {
                    ByteBuffer b = rawBuffer(rawBytes, count, 8, what);
                    for (int k = 0; k < count; k++) {
                        data[k] = b.getDouble();
                    }
                } else {
                    checkCount(t.getDoubleDataCount(), count, what, "double_data");
                    for (int k = 0; k < count; k++) {
                        data[k] = t.getDoubleData(k);
                    }
                }
            }
            case INT32_CASE -> {
                if (raw) {
                    ByteBuffer b = rawBuffer(rawBytes, count, 4, what);
                    for (int k = 0; k < count; k++) {
                        data[k] = b.getInt();
                    }
                } else {
                    checkCount(t.getInt32DataCount(), count, what, "int32_data");
                    for (int k = 0; k < count; k++) {
                        data[k] = t.getInt32Data(k);
                    }
                }
            }
            case INT64_CASE -> {
                if (raw) {
                    ByteBuffer b = rawBuffer(rawBytes, count, 8, what);
                    for (int k = 0; k < count; k++) {
                        data[k] = b.getLong();
                    }
                } else {
                    checkCount(t.getInt64DataCount(), count, what, "int64_data");
                    for (int k = 0; k < count; k++) {
                        data[k] = t.getInt64Data(k);
                    }
                }
            }
            default -> throw new OnnxImportException(what + " has element type " + typeName(type)
                    + "; Carousel reads FLOAT, DOUBLE, INT32 and INT64 tensors");
        }
        return new OnnxArray(name, shape, data, type);
    }

    private static final int FLOAT_CASE = 1;
    private static final int INT32_CASE = 6;
    private static final int INT64_CASE = 7;
    private static final int DOUBLE_CASE = 11;

    private static ByteBuffer rawBuffer(ByteString raw, int count, int width, String what) {
        if (raw.size() != (long) count * width) {
            throw new OnnxImportException(what + ": raw_data holds " + raw.size() + " bytes, expected " + count
                    + " values x " + width + " bytes = " + (long) count * width);
        }
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkCount(int actual, int expected, String what, String field) {
        if (actual != expected) {
            throw new OnnxImportException(what + ": " + field + " holds " + actual + " values, the shape needs "
                    + expected);
        }
    }

    /**
     * A tensor of element type FLOAT (values rounded to float32) or DOUBLE, stored in {@code raw_data}.
     *
     * @param shape dimensions; their product must equal {@code values.length}
     */
    public static TensorProto floatingTensor(String name, int[] shape, double[] values, DType dtype) {
        checkShape(name, shape, values.length);
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(elementType(dtype));
        for (int d : shape) {
            b.addDims(d);
        }
        ByteBuffer buf;
        if (dtype == DType.FLOAT64) {
            buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                buf.putDouble(v);
            }
        } else {
            buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                buf.putFloat((float) v);
            }
        }
        buf.flip();
        return b.setRawData(ByteString.copyFrom(buf)).build();
    }

    /** An INT32 tensor (sequence lengths) in {@code raw_data}. */
    public static TensorProto int32Tensor(String name, int[] shape, int[] values) {
        checkShape(name, shape, values.length);
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(INT32);
        for (int d : shape) {
            b.addDims(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buf.putInt(v);
        }
        buf.flip();
        return b.setRawData(ByteString.copyFrom(buf)).build();
    }

    private static void checkShape(String name, int[] shape, int length) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + n + " values, got " + length);
        }
    }
}
