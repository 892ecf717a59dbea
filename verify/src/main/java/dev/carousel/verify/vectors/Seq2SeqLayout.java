package dev.carousel.verify.vectors;

import dev.carousel.spec.seq2seq.Seq2SeqConfig;
import dev.carousel.spec.seq2seq.Seq2SeqParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arrays of a seq2seq case's {@code arrays.npz} with their shapes (test-vectors.md "Seq2seq cases"), in file
 * order:
 * <pre>
 *   source [B, S], target [B, T], source_lengths [B], target_lengths [B]     int64 (int32 accepted)
 *   the parameters, by dotted name, shapes of {@link Seq2SeqParameters#shapes}
 *   log_probs [B, T, V_tgt], alphas [B, T, S], loss []                        expected forward results
 *   grad_&lt;parameter&gt;                                                         expected gradients of loss
 * </pre>
 * A case without any {@code grad_} array is forward-only ({@link #required(Set)}).
 */
public final class Seq2SeqLayout {
    public static final String SOURCE = "source";
    public static final String TARGET = "target";
    public static final String SOURCE_LENGTHS = "source_lengths";
    public static final String TARGET_LENGTHS = "target_lengths";
    public static final String LOG_PROBS = "log_probs";
    public static final String ALPHAS = "alphas";
    public static final String LOSS = "loss";
    /** The integer arrays. */
    public static final List<String> INTEGER_ARRAYS = List.of(SOURCE, TARGET, SOURCE_LENGTHS, TARGET_LENGTHS);
    /** The expected forward results. */
    public static final List<String> OUTPUTS = List.of(LOG_PROBS, ALPHAS, LOSS);

    private final Map<String, int[]> parameters;
    private final Map<String, int[]> all = new LinkedHashMap<>();

    public Seq2SeqLayout(Seq2SeqCaseConfig c) {
        Seq2SeqConfig m = c.model();
        int b = c.batch();
        all.put(SOURCE, new int[] {b, c.source()});
        all.put(TARGET, new int[] {b, c.target()});
        all.put(SOURCE_LENGTHS, new int[] {b});
        all.put(TARGET_LENGTHS, new int[] {b});
        parameters = Seq2SeqParameters.shapes(m);
        all.putAll(parameters);
        all.put(LOG_PROBS, new int[] {b, c.target(), m.targetVocabSize()});
        all.put(ALPHAS, new int[] {b, c.target(), c.source()});
        all.put(LOSS, new int[0]);
        for (Map.Entry<String, int[]> p : parameters.entrySet()) {
            all.put(ArrayLayout.GRAD_PREFIX + p.getKey(), p.getValue());
        }
    }

    /** The parameter names, in the interchange order. */
    public List<String> parameters() {
        return List.copyOf(parameters.keySet());
    }

    /** The {@code grad_} arrays, one per parameter. */
    public List<String> gradients() {
        List<String> names = new ArrayList<>();
        for (String p : parameters.keySet()) {
            names.add(ArrayLayout.GRAD_PREFIX + p);
        }
        return names;
    }

    /** The arrays a case holding {@code present} must hold: all, or all but the grad_ ones when it has none. */
    public List<String> required(Set<String> present) {
        boolean forwardOnly = ArrayLayout.isForwardOnly(present);
        List<String> names = new ArrayList<>();
        for (String name : all.keySet()) {
            if (!(forwardOnly && name.startsWith(ArrayLayout.GRAD_PREFIX))) {
                names.add(name);
            }
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
            throw new IllegalArgumentException("no array '" + name + "' in this seq2seq case; have " + all.keySet());
        }
        return s.clone();
    }
}
