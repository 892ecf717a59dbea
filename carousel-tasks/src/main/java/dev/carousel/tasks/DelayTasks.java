package dev.carousel.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The registry of long-time-lag tasks: id → generator, with typed, validated parameters.
 *
 * <pre>
 *   id      parameters (default)          task
 *   1       target=sampled|legal (sampled) embedded Reber grammar
 *   2a      p (100)                        noise-free long lag
 *   2b      p (100)                        long lag, random middle
 *   2c      q (100), p (100)               very long lag, q+1 minimal lag, p distractors
 *   3a/3b/3c T (100), N (3)                2-sequence problem (3b noisy start, 3c noisy targets)
 *   4       T (100)                        adding problem (1997)
 *   5       T (100)                        multiplication problem
 *   6a/6b   —                              temporal order (2 / 3 relevant symbols)
 *   adding  T (100)                        adding problem (Arjovsky 2016)
 *   copy    T (100)                        copying memory (Arjovsky 2016)
 * </pre>
 */
public final class DelayTasks {

    private record Entry(Map<String, String> defaults, Function<Map<String, String>, DelayTask> factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put("1", new Entry(Map.of("target", "sampled"),
                m -> new EmbeddedReberGrammar(ergTarget(m.get("target")))));
        ENTRIES.put("2a", new Entry(Map.of("p", "100"), m -> new LongLagSymbolPrediction(integer(m, "p"), false)));
        ENTRIES.put("2b", new Entry(Map.of("p", "100"), m -> new LongLagSymbolPrediction(integer(m, "p"), true)));
        ENTRIES.put("2c", new Entry(Map.of("q", "100", "p", "100"),
                m -> new VeryLongLag(integer(m, "q"), integer(m, "p"))));
        for (TwoSequenceProblem.Variant v : TwoSequenceProblem.Variant.values()) {
            ENTRIES.put("3" + v.name().toLowerCase(Locale.ROOT), new Entry(Map.of("T", "100", "N", "3"),
                    m -> new TwoSequenceProblem(v, integer(m, "T"), integer(m, "N"))));
        }
        ENTRIES.put("4", new Entry(Map.of("T", "100"), m -> new AddingProblem1997(integer(m, "T"))));
        ENTRIES.put("5", new Entry(Map.of("T", "100"), m -> new MultiplicationProblem(integer(m, "T"))));
        ENTRIES.put("6a", new Entry(Map.of(), m -> new TemporalOrder(false)));
        ENTRIES.put("6b", new Entry(Map.of(), m -> new TemporalOrder(true)));
        ENTRIES.put("adding", new Entry(Map.of("T", "100"), m -> new AddingProblemModern(integer(m, "T"))));
        ENTRIES.put("copy", new Entry(Map.of("T", "100"), m -> new CopyMemory(integer(m, "T"))));
    }

    private DelayTasks() {
    }

    /** All task ids in a stable order. */
    public static List<String> ids() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** The parameter names of a task with their defaults (sorted by name). */
    public static Map<String, String> defaults(String id) {
        return new TreeMap<>(entry(id).defaults());
    }

    /** The task with all parameters at their defaults. */
    public static DelayTask create(String id) {
        return create(id, Map.of());
    }

    /**
     * The task {@code id} with the given parameters (missing ones take their defaults). Unknown ids, unknown
     * parameter names and malformed values are rejected with a message naming what is accepted.
     */
    public static DelayTask create(String id, Map<String, String> params) {
        Entry e = entry(id);
        if (params == null) {
            params = Map.of();
        }
        Map<String, String> merged = new TreeMap<>(e.defaults());
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!e.defaults().containsKey(p.getKey())) {
                throw new IllegalArgumentException("task '" + id + "' has no parameter '" + p.getKey()
                        + "'; known parameters: " + (e.defaults().isEmpty() ? "none" : defaults(id).keySet()));
            }
            if (p.getValue() == null) {
                throw new IllegalArgumentException("task '" + id + "': parameter '" + p.getKey() + "' is null");
            }
            merged.put(p.getKey(), p.getValue().trim());
        }
        return e.factory().apply(merged);
    }

    /**
     * Parses a compact specification: {@code "4"}, {@code "4:T=500"}, {@code "2c:q=1000,p=50"}.
     */
    public static DelayTask parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty task specification; expected id[:name=value,...] with id one of "
                    + ids());
        }
        int colon = spec.indexOf(':');
        String id = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String part : spec.substring(colon + 1).split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("task specification '" + spec
                            + "': expected name=value, got '" + part + "'");
                }
                params.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return create(id, params);
    }

    private static Entry entry(String id) {
        Entry e = id == null ? null : ENTRIES.get(id.trim().toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown task id '" + id + "'; known ids: " + ids());
        }
        return e;
    }

    private static int integer(Map<String, String> m, String name) {
        String v = m.get(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("parameter '" + name + "' must be an integer, got '" + v + "'", ex);
        }
    }

    private static EmbeddedReberGrammar.Target ergTarget(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "sampled": return EmbeddedReberGrammar.Target.SAMPLED;
            case "legal": return EmbeddedReberGrammar.Target.LEGAL;
            default:
                throw new IllegalArgumentException("parameter 'target' must be 'sampled' or 'legal', got '" + v + "'");
        }
    }
}
