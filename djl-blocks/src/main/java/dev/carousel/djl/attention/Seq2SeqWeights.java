package dev.carousel.djl.attention;

import dev.carousel.djl.OwnedArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.carousel.spec.seq2seq.Seq2SeqParameters;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies parameters between the interchange layout of {@link Seq2SeqParameters} (names and shapes shared with the
 * reference model, the DL4J graph and the test vectors; row-major doubles) and an initialised
 * {@link AttentionSeq2SeqBlock}, one to one by name ({@link AttentionSeq2SeqBlock#referenceParameters()}); the shapes
 * are the same on both sides.
 */
public final class Seq2SeqWeights {
    private Seq2SeqWeights() {
    }

    /** Writes the named values (reference names, row-major) into the block; every parameter must be given. */
    public static void set(AttentionSeq2SeqBlock block, Map<String, double[]> values) {
        Map<String, Parameter> params = block.referenceParameters();
        if (!params.keySet().equals(values.keySet())) {
            throw new IllegalArgumentException("parameter names differ: the block has " + params.keySet() + ", got "
                    + values.keySet());
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            write(e.getKey(), e.getValue(), values.get(e.getKey()));
        }
    }

    /** The block's parameter values under the reference's names, as row-major doubles. */
    public static Map<String, double[]> values(AttentionSeq2SeqBlock block) {
        Map<String, double[]> out = new LinkedHashMap<>();
        block.referenceParameters().forEach((name, p) -> out.put(name, doubles(array(name, p))));
        return out;
    }

    /** The block's parameter gradients (after a backward pass) under the reference's names. */
    public static Map<String, double[]> gradients(AttentionSeq2SeqBlock block) {
        Map<String, double[]> out = new LinkedHashMap<>();
        block.referenceParameters().forEach((name, p) -> {
            try (NDArray g = array(name, p).getGradient()) {
                out.put(name, doubles(g));
            }
        });
        return out;
    }

    private static NDArray array(String name, Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter " + name + " is not initialised; initialise the block first");
        }
        return p.getArray();
    }

    private static void write(String name, Parameter p, double[] values) {
        NDArray arr = array(name, p);
        Shape shape = arr.getShape();
        if (values == null || shape.size() != values.length) {
            throw new IllegalArgumentException("parameter " + name + " " + shape + ": expected " + shape.size()
                    + " values, got " + (values == null ? "none" : values.length));
        }
        for (double x : values) {
            if (Double.isNaN(x)) {
                throw new IllegalArgumentException("parameter " + name + ": NaN value " + Arrays.toString(shape
                        .getShape()));
            }
        }
        if (arr.getDataType() != DataType.FLOAT64 && arr.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("parameter " + name + ": expected float32 or float64, got "
                    + arr.getDataType());
        }
        OwnedArrays.overwrite(arr, values);
    }

    private static double[] doubles(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            d[k] = f[k];
        }
        return d;
    }
}
