package dev.carousel.dl4j.host;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D FLOAT or DOUBLE ND4J matrix as a native pointer that can be moved to any element, for CBLAS calls on
 * blocks of rows inside a time loop without creating a view, a pointer or any other object per call (a view costs
 * an allocation and about a microsecond; a time loop makes several per step). The pointer is mutable: one instance
 * belongs to one thread. The matrix must have a unit stride in one dimension: row-major (stride {@code [ld, 1]}) or
 * column-major (stride {@code [1, ld]}); CBLAS then reads it as is or as the transpose of a row-major matrix.
 * The instance holds the array: ND4J frees an array's memory once the array is garbage, and a bare pointer does not
 * keep it alive.
 */
public final class NativeMatrix {
    /** Held so that the array, and with it the memory the pointer addresses, lives as long as this instance. */
    private final INDArray array;
    private final Pointer ptr;
    private final long base;
    private final long rowStride;
    private final long colStride;
    private final boolean columnMajor;
    private final int ld;
    private final DataType dataType;

    public NativeMatrix(INDArray m) {
        if (m.rank() != 2 || !HostView.supports(m.dataType())) {
            throw new IllegalArgumentException("native matrix needs a rank-2 FLOAT or DOUBLE array, got rank "
                    + m.rank() + " " + m.dataType());
        }
        long rows = m.size(0);
        long cols = m.size(1);
        // the stride of a size-1 dimension carries no information (ND4J may report anything): use the dense one
        long s0 = rows == 1 ? cols : m.stride(0);
        long s1 = cols == 1 ? 1 : m.stride(1);
        if (s1 == 1) {
            columnMajor = false;
            rowStride = Math.max(s0, cols);
            colStride = 1;
            ld = (int) Math.max(1, rowStride);
        } else if (s0 == 1 || rows == 1) {
            columnMajor = true;
            rowStride = 1;
            colStride = Math.max(s1, rows);
            ld = (int) Math.max(1, colStride);
        } else {
            throw new IllegalArgumentException("native matrix needs a unit stride in one dimension, got strides "
                    + java.util.Arrays.toString(m.stride()));
        }
        array = m;
        dataType = m.dataType();
        base = m.offset() - m.data().offset();
        ptr = dataType == DataType.FLOAT ? new FloatPointer(m.data().addressPointer())
                : new DoublePointer(m.data().addressPointer());
    }

    /** The pointer moved to element (row, col); valid until the next call on this instance. */
    public Pointer at(long row, long col) {
        return ptr.position(base + row * rowStride + col * colStride);
    }

    /** The leading dimension CBLAS needs. */
    public int ld() {
        return ld;
    }

    /** Whether the elements are column-major (CBLAS reads the matrix as a transposed row-major one). */
    public boolean columnMajor() {
        return columnMajor;
    }

    public DataType dataType() {
        return dataType;
    }
}
