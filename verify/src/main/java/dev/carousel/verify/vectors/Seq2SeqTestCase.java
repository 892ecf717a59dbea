package dev.carousel.verify.vectors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One seq2seq test vector (test-vectors.md "Seq2seq cases"): a {@link Seq2SeqCaseConfig}, the token ids and
 * lengths, and every float64 array of its {@link Seq2SeqLayout} (parameters, expected log_probs, alphas, loss, and
 * the expected gradients {@code grad_<parameter>} unless the case is forward-only). Construction checks each
 * array's presence and shape, that no value is NaN or infinite, that lengths lie in [1, S] and [1, T], and that
 * every token id inside a sequence's length is in its vocabulary. Entries past a sequence's length are ignored:
 * they are held as 0 (the pad token).
 */
public final class Seq2SeqTestCase implements VectorCase {
    private final String name;
    private final Seq2SeqCaseConfig config;
    private final Seq2SeqLayout layout;
    private final int[][] source;
    private final int[][] target;
    private final int[] sourceLengths;
    private final int[] targetLengths;
    private final Map<String, Tensor> arrays;
    private final boolean forwardOnly;

    /**
     * @throws IllegalArgumentException naming the array and what is wrong with it
     */
    public Seq2SeqTestCase(String name, Seq2SeqCaseConfig config, long[][] source, long[][] target,
                           long[] sourceLengths, long[] targetLengths, Map<String, Tensor> arrays) {
        this.name = name;
        this.config = config;
        this.layout = new Seq2SeqLayout(config);
        this.sourceLengths = lengths(Seq2SeqLayout.SOURCE_LENGTHS, sourceLengths, config.batch(), config.source(),
                "source");
        this.targetLengths = lengths(Seq2SeqLayout.TARGET_LENGTHS, targetLengths, config.batch(), config.target(),
                "target");
        this.source = tokens(Seq2SeqLayout.SOURCE, source, this.sourceLengths, config.source(),
                config.model().sourceVocabSize());
        this.target = tokens(Seq2SeqLayout.TARGET, target, this.targetLengths, config.target(),
                config.model().targetVocabSize());
        this.forwardOnly = ArrayLayout.isForwardOnly(arrays.keySet());
        List<String> required = layout.required(arrays.keySet());
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (String key : required) {
            if (Seq2SeqLayout.INTEGER_ARRAYS.contains(key)) {
                continue;
            }
            int[] shape = layout.shape(key);
            Tensor t = arrays.get(key);
            if (t == null) {
                throw new IllegalArgumentException("missing array '" + key + "', expected shape "
                        + Tensor.shapeString(shape));
            }
            if (!t.hasShape(shape)) {
                throw new IllegalArgumentException("array '" + key + "': expected shape " + Tensor.shapeString(shape)
                        + ", got " + Tensor.shapeString(t.shape()));
            }
            double[] d = t.data();
            for (int k = 0; k < d.length; k++) {
                if (!Double.isFinite(d[k])) {
                    throw new IllegalArgumentException("array '" + key + "': " + d[k] + " at index " + t.indexOf(k)
                            + " (every value must be finite)");
                }
            }
            copy.put(key, t);
        }
        for (String key : arrays.keySet()) {
            if (!copy.containsKey(key)) {
                throw new IllegalArgumentException("unexpected array '" + key + "' for a " + config.variant()
                        + " case; expected arrays: " + required);
            }
        }
        this.arrays = Collections.unmodifiableMap(copy);
    }

    private static int[] lengths(String what, long[] l, int batch, int max, String dim) {
        if (l.length != batch) {
            throw new IllegalArgumentException("array '" + what + "': expected shape (" + batch + ",), got ("
                    + l.length + ",)");
        }
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            if (l[b] < 1 || l[b] > max) {
                throw new IllegalArgumentException("array '" + what + "': " + what + "[" + b + "] = " + l[b]
                        + " is out of range [1, " + max + "] (" + dim + " = " + max + ")");
            }
            out[b] = (int) l[b];
        }
        return out;
    }

    private static int[][] tokens(String what, long[][] ids, int[] lengths, int width, int vocab) {
        if (ids.length != lengths.length) {
            throw new IllegalArgumentException("array '" + what + "': expected " + lengths.length + " rows, got "
                    + ids.length);
        }
        int[][] out = new int[ids.length][width];
        for (int b = 0; b < ids.length; b++) {
            if (ids[b].length != width) {
                throw new IllegalArgumentException("array '" + what + "': expected shape (" + ids.length + ", "
                        + width + "), row " + b + " has " + ids[b].length + " entries");
            }
            for (int j = 0; j < lengths[b]; j++) {
                if (ids[b][j] < 0 || ids[b][j] >= vocab) {
                    throw new IllegalArgumentException("array '" + what + "': " + what + "[" + b + ", " + j + "] = "
                            + ids[b][j] + " is not a token id in [0, " + vocab + ")");
                }
                out[b][j] = (int) ids[b][j];
            }
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    public Seq2SeqCaseConfig config() {
        return config;
    }

    public Seq2SeqLayout layout() {
        return layout;
    }

    @Override
    public boolean forwardOnly() {
        return forwardOnly;
    }

    /** Source token ids [B][S] (a copy; 0 past each length). */
    public int[][] source() {
        return deepCopy(source);
    }

    /** Target token ids [B][T] (a copy; 0 past each length). */
    public int[][] target() {
        return deepCopy(target);
    }

    public int[] sourceLengths() {
        return sourceLengths.clone();
    }

    public int[] targetLengths() {
        return targetLengths.clone();
    }

    /** The parameter values by dotted name (the arrays themselves, row-major). */
    public Map<String, double[]> parameterValues() {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (String p : layout.parameters()) {
            v.put(p, arrays.get(p).data());
        }
        return v;
    }

    /** One float64 array by name. */
    public Tensor array(String arrayName) {
        Tensor t = arrays.get(arrayName);
        if (t == null) {
            throw new IllegalArgumentException("case " + name + " has no array '" + arrayName + "'; it has "
                    + arrays.keySet());
        }
        return t;
    }

    /** Whether the case holds this float64 array. */
    public boolean has(String arrayName) {
        return arrays.containsKey(arrayName);
    }

    /** Every float64 array the case holds, by name, in file order. */
    public Map<String, Tensor> arrays() {
        return arrays;
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    public String toString() {
        return name + " (" + config.variant() + ", B=" + config.batch() + " S=" + config.source() + " T="
                + config.target() + (forwardOnly ? ", forward only" : "") + ")";
    }
}
