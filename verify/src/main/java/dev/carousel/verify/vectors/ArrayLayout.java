package dev.carousel.verify.vectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arrays of {@code arrays.npz} a case must hold, with their shapes (test-vectors.md), batch-first:
 * <pre>
 *   x [B, T, I]; lengths [B] (int64); h0, c0 [B, H] (c0 lstm only)
 *   w_ih [G*H, I], w_hh [G*H, H], b_ih [G*H], b_hh [G*H]; p_i, p_f, p_o [H] (lstm with peepholes)
 *   y [B, T, H]; h_n, c_n [B, H]          expected outputs
 *   dy, dh_n, dc_n                        upstream gradients, like y, h_n, c_n
 *   grad_&lt;name&gt;                          expected gradient of every input and parameter
 * </pre>
 * G = 4 for an lstm (rows i, f, g, o) and 3 for a gru (rows r, z, n). Every array is float64 except
 * {@code lengths}.
 *
 * <p>A <em>forward-only</em> case (e.g. from Keras {@code predict} or ONNX Runtime) has no {@code grad_} array at
 * all, and no upstream gradients either (or all of them, unused): {@link #required(Set)} gives the arrays a case
 * must hold given the ones it has.
 */
public final class ArrayLayout {
    public static final String LENGTHS = "lengths";
    public static final String GRAD_PREFIX = "grad_";

    private final Map<String, int[]> inputs = new LinkedHashMap<>();
    private final Map<String, int[]> parameters = new LinkedHashMap<>();
    private final Map<String, int[]> outputs = new LinkedHashMap<>();
    private final Map<String, String> upstream = new LinkedHashMap<>();
    private final Map<String, int[]> all = new LinkedHashMap<>();

    public ArrayLayout(CaseConfig c) {
        int b = c.batch();
        int h = c.hidden();
        int gh = c.gateRows();
        boolean lstm = c.cell().hasCellState();
        inputs.put("x", new int[] {b, c.time(), c.input()});
        inputs.put("h0", new int[] {b, h});
        if (lstm) {
            inputs.put("c0", new int[] {b, h});
        }
        parameters.put("w_ih", new int[] {gh, c.input()});
        parameters.put("w_hh", new int[] {gh, h});
        parameters.put("b_ih", new int[] {gh});
        parameters.put("b_hh", new int[] {gh});
        if (lstm && c.peephole()) {
            parameters.put("p_i", new int[] {h});
            parameters.put("p_f", new int[] {h});
            parameters.put("p_o", new int[] {h});
        }
        outputs.put("y", new int[] {b, c.time(), h});
        outputs.put("h_n", new int[] {b, h});
        if (lstm) {
            outputs.put("c_n", new int[] {b, h});
        }
        for (String out : outputs.keySet()) {
            upstream.put(out, "d" + out);
        }
        all.putAll(inputs);
        all.put(LENGTHS, new int[] {b});
        all.putAll(parameters);
        all.putAll(outputs);
        for (Map.Entry<String, String> e : upstream.entrySet()) {
            all.put(e.getValue(), outputs.get(e.getKey()));
        }
        for (String name : differentiable()) {
            all.put(GRAD_PREFIX + name, all.get(name));
        }
    }

    /** x, h0 (and c0). */
    public List<String> inputs() {
        return List.copyOf(inputs.keySet());
    }

    /** w_ih, w_hh, b_ih, b_hh (and p_i, p_f, p_o). */
    public List<String> parameters() {
        return List.copyOf(parameters.keySet());
    }

    /** The inputs then the parameters: every array with a {@code grad_} array. */
    public List<String> differentiable() {
        List<String> names = new ArrayList<>(inputs.keySet());
        names.addAll(parameters.keySet());
        return names;
    }

    /** y, h_n (and c_n). */
    public List<String> outputs() {
        return List.copyOf(outputs.keySet());
    }

    /** The upstream gradient of an output: dy for y, dh_n for h_n, dc_n for c_n. */
    public String upstreamOf(String output) {
        return upstream.get(output);
    }

    /** dy, dh_n (and dc_n). */
    public List<String> upstream() {
        return List.copyOf(upstream.values());
    }

    /** The {@code grad_} arrays: grad_x, grad_h0, ..., one per input and parameter. */
    public List<String> gradients() {
        List<String> names = new ArrayList<>();
        for (String d : differentiable()) {
            names.add(GRAD_PREFIX + d);
        }
        return names;
    }

    /** Whether a case holding the arrays {@code present} is forward-only: it has no {@code grad_} array. */
    public static boolean isForwardOnly(Set<String> present) {
        for (String name : present) {
            if (name.startsWith(GRAD_PREFIX)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The arrays a case holding {@code present} must hold, in file order: every array of the layout; for a
     * forward-only case ({@link #isForwardOnly}) none of the {@code grad_} arrays, and the upstream gradients only
     * when at least one of them is present (all or none).
     */
    public List<String> required(Set<String> present) {
        boolean forwardOnly = isForwardOnly(present);
        boolean anyUpstream = false;
        for (String up : upstream.values()) {
            anyUpstream |= present.contains(up);
        }
        List<String> names = new ArrayList<>();
        for (String name : all.keySet()) {
            if (forwardOnly && (name.startsWith(GRAD_PREFIX) || (!anyUpstream && upstream.containsValue(name)))) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    /** Every array name with its shape, in file order. */
    public Map<String, int[]> shapes() {
        return Collections.unmodifiableMap(all);
    }

    /** The shape of one array. */
    public int[] shape(String name) {
        int[] s = all.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no array '" + name + "' in this case; have " + all.keySet());
        }
        return s.clone();
    }
}
