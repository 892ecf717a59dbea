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
        return all;
    }

    /** The errors of the providers that could not be loaded or constructed. */
    public List<String> unloadable() {
        return List.copyOf(unloadable);
    }

    /** The registered names, in order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
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
