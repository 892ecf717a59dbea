package dev.carousel.verify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The {@link RecurrentImplementation}s registered with {@link ServiceLoader}
 * ({@code META-INF/services/dev.carousel.verify.RecurrentImplementation}), by name. A provider that cannot
 * be loaded or constructed (a missing native library, say) does not stop the others; its error is reported when
 * an unknown name is asked for.
 */
public final class Implementations {
    private final Map<String, RecurrentImplementation> byName = new LinkedHashMap<>();
    private final Map<String, Seq2SeqImplementation> seq2seqByName = new LinkedHashMap<>();
    private final List<String> unloadable = new ArrayList<>();

    private Implementations() {
    }

    /** Every implementation on the class path, in service-file order. */
    public static Implementations discover() {
        Implementations all = new Implementations();
        Iterator<RecurrentImplementation> it = ServiceLoader.load(RecurrentImplementation.class).iterator();
        while (true) {
            RecurrentImplementation impl;
            try {
                if (!it.hasNext()) {
                    break;
                }
                impl = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                all.unloadable.add(e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
                continue;
            }
            RecurrentImplementation previous = all.byName.putIfAbsent(impl.name(), impl);
            if (previous != null) {
                throw new IllegalStateException("two implementations are named '" + impl.name() + "': "
                        + previous.getClass().getName() + " and " + impl.getClass().getName());
            }
        }
        Iterator<Seq2SeqImplementation> s2s = ServiceLoader.load(Seq2SeqImplementation.class).iterator();
        while (true) {
            Seq2SeqImplementation impl;
            try {
                if (!s2s.hasNext()) {
                    break;
                }
                impl = s2s.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                all.unloadable.add(e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
                continue;
            }
            Seq2SeqImplementation previous = all.seq2seqByName.putIfAbsent(impl.name(), impl);
            if (previous != null) {
                throw new IllegalStateException("two seq2seq implementations are named '" + impl.name() + "': "
                        + previous.getClass().getName() + " and " + impl.getClass().getName());
            }
        }
        return all;
    }

    /** The names of the registered seq2seq implementations, in order. */
    public List<String> seq2seqNames() {
        return List.copyOf(seq2seqByName.keySet());
    }

    /** The seq2seq implementation of this name, or null when none is registered under it. */
    public Seq2SeqImplementation seq2seq(String name) {
        return seq2seqByName.get(name.trim());
    }

    /** The errors of the providers that could not be loaded or constructed. */
    public List<String> unloadable() {
        return List.copyOf(unloadable);
    }

    /** The registered names (recurrent-layer, then seq2seq-only ones), in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(byName.keySet());
        for (String n : seq2seqByName.keySet()) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * The names asked for, trimmed, without repeats, in the order given.
     *
     * @throws IllegalArgumentException for a name with neither a recurrent-layer nor a seq2seq implementation
     */
    public List<String> check(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String n = name.trim();
            if (!byName.containsKey(n) && !seq2seqByName.containsKey(n)) {
                throw new IllegalArgumentException("unknown implementation '" + n + "'; registered implementations: "
                        + names() + (unloadable.isEmpty() ? "" : "; could not load: " + unloadable));
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The recurrent-layer implementation of this name, or null when none is registered under it. */
    public RecurrentImplementation recurrent(String name) {
        return byName.get(name.trim());
    }

    /**
     * The implementations with these names, in the order given.
     *
     * @throws IllegalArgumentException for an unknown name, listing the registered ones
     */
    public List<RecurrentImplementation> select(List<String> names) {
        List<RecurrentImplementation> chosen = new ArrayList<>();
        for (String name : names) {
            RecurrentImplementation impl = byName.get(name.trim());
            if (impl == null) {
                throw new IllegalArgumentException("unknown implementation '" + name.trim()
                        + "'; registered implementations: " + names()
                        + (unloadable.isEmpty() ? "" : "; could not load: " + unloadable));
            }
            if (!chosen.contains(impl)) {
                chosen.add(impl);
            }
        }
        return chosen;
    }
}
