package dev.carousel.bench.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link RecurrentImplementation}s registered with {@link ServiceLoader}
 * ({@code META-INF/services/dev.carousel.bench.verify.RecurrentImplementation}), by name.
 */
public final class Implementations {
    private final Map<String, RecurrentImplementation> byName = new LinkedHashMap<>();

    private Implementations() {
    }

    /** Every implementation on the class path, in service-file order. */
    public static Implementations discover() {
        Implementations all = new Implementations();
        for (RecurrentImplementation impl : ServiceLoader.load(RecurrentImplementation.class)) {
            RecurrentImplementation previous = all.byName.putIfAbsent(impl.name(), impl);
            if (previous != null) {
                throw new IllegalStateException("two implementations are named '" + impl.name() + "': "
                        + previous.getClass().getName() + " and " + impl.getClass().getName());
            }
        }
        return all;
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
                        + "'; registered implementations: " + names());
            }
            if (!chosen.contains(impl)) {
                chosen.add(impl);
            }
        }
        return chosen;
    }
}
