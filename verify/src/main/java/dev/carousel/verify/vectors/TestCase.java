package dev.carousel.verify.vectors;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test vector (test-vectors.md): a {@link CaseConfig}, the sequence lengths, and every float64 array of its
 * {@link ArrayLayout} (inputs, parameters, expected outputs, upstream gradients, expected gradients). Construction
 * checks that each array is present with its shape, that no value is NaN or infinite, and that each length lies in
 * [0, T] (and equals T unless the case has variable lengths).
 *
 * <p>A case without any {@code grad_} array is <em>forward-only</em> ({@link #forwardOnly()}): only its outputs
 * y, h_n (c_n) are checked. Its upstream gradients are optional (all or none); when absent, {@link #array} gives
 * zeros for them, so an implementation can still run its usual forward and backward pass.
 */
public final class TestCase implements VectorCase {
    private final String name;
    private final CaseConfig config;
    private final ArrayLayout layout;
    private final int[] lengths;
    private final Map<String, Tensor> arrays;
    private final boolean forwardOnly;

    /**
     * @param name    the case's name (its folder's name)
     * @param config  what is computed
     * @param lengths valid steps per sequence, [B]
     * @param arrays  every float64 array of the layout, by name (extra names are refused)
     * @throws IllegalArgumentException naming the array and what is wrong with it
     */
    public TestCase(String name, CaseConfig config, int[] lengths, Map<String, Tensor> arrays) {
        this.name = name;
        this.config = config;
        this.layout = new ArrayLayout(config);
        this.lengths = lengths.clone();
        checkLengths(config, this.lengths);
        Map<String, Tensor> copy = new LinkedHashMap<>();
        this.forwardOnly = ArrayLayout.isForwardOnly(arrays.keySet());
        java.util.List<String> required = layout.required(arrays.keySet());
        for (Map.Entry<String, int[]> e : layout.shapes().entrySet()) {
            String key = e.getKey();
            if (key.equals(ArrayLayout.LENGTHS) || (!required.contains(key) && !arrays.containsKey(key))) {
                continue;
            }
            Tensor t = arrays.get(key);
            if (t == null) {
                throw new IllegalArgumentException("missing array '" + key + "', expected shape "
                        + Tensor.shapeString(e.getValue()));
            }
            if (!t.hasShape(e.getValue())) {
                throw new IllegalArgumentException("array '" + key + "': expected shape "
                        + Tensor.shapeString(e.getValue()) + ", got " + Tensor.shapeString(t.shape()));
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
                        + " case; expected arrays: " + layout.shapes().keySet());
            }
        }
        this.arrays = Collections.unmodifiableMap(copy);
    }

    private static void checkLengths(CaseConfig config, int[] lengths) {
        if (lengths.length != config.batch()) {
            throw new IllegalArgumentException("array 'lengths': expected shape (" + config.batch() + ",), got ("
                    + lengths.length + ",)");
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > config.time()) {
                throw new IllegalArgumentException("array 'lengths': lengths[" + b + "] = " + lengths[b]
                        + " is out of range [0, " + config.time() + "] (time = " + config.time() + ")");
            }
            if (!config.variableLength() && lengths[b] != config.time()) {
                throw new IllegalArgumentException("array 'lengths': lengths[" + b + "] = " + lengths[b]
                        + " but variable_length is false, so every length must be time = " + config.time());
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    public CaseConfig config() {
        return config;
    }

    public ArrayLayout layout() {
        return layout;
    }

    /** Valid steps per sequence [B] (a copy). */
    public int[] lengths() {
        return lengths.clone();
    }

    /** Whether the case has no {@code grad_} arrays: only its outputs are checked. */
    public boolean forwardOnly() {
        return forwardOnly;
    }

    /**
     * One float64 array by name ("x", "w_ih", "grad_h0", ...). The upstream gradients (dy, dh_n, dc_n) of a
     * forward-only case that has none are zeros.
     */
    public Tensor array(String arrayName) {
        Tensor t = arrays.get(arrayName);
        if (t == null && forwardOnly && layout.upstream().contains(arrayName)) {
            int[] shape = layout.shape(arrayName);
            return new Tensor(shape, new double[Math.toIntExact(count(shape))]);
        }
        if (t == null) {
            throw new IllegalArgumentException("case " + name + " has no array '" + arrayName + "'; it has "
                    + arrays.keySet());
        }
        return t;
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Whether the case holds this array (an absent upstream gradient of a forward-only case: false). */
    public boolean has(String arrayName) {
        return arrays.containsKey(arrayName);
    }

    /** The expected gradient of an input or parameter: {@code grad_<name>}. */
    public Tensor expectedGradient(String differentiable) {
        return array(ArrayLayout.GRAD_PREFIX + differentiable);
    }

    /** Every float64 array the case holds, by name, in file order. */
    public Map<String, Tensor> arrays() {
        return arrays;
    }

    @Override
    public String toString() {
        return name + " (" + config.variant() + ", B=" + config.batch() + " T=" + config.time() + " I="
                + config.input() + " H=" + config.hidden() + (config.variableLength() ? ", lengths "
                + Arrays.toString(lengths) : "") + (forwardOnly ? ", forward only" : "") + ")";
    }
}
