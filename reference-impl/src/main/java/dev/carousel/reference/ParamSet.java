package dev.carousel.reference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered set of named parameters (a cell's, a layer's or a whole model's). */
public final class ParamSet implements Iterable<Param> {
    private final Map<String, Param> params = new LinkedHashMap<>();

    public Param add(Param p) {
        if (params.putIfAbsent(p.name(), p) != null) {
            throw new IllegalArgumentException("duplicate parameter name " + p.name());
        }
        return p;
    }

    /**
     * Adds every parameter of {@code other} under {@code prefix + name}, name being its name in {@code other} (which
     * may itself be prefixed, so sets nest: "encoder." + "fwd." + "w_ih"); the same objects, not copies.
     */
    public ParamSet addAll(String prefix, ParamSet other) {
        for (Map.Entry<String, Param> e : other.params.entrySet()) {
            if (params.putIfAbsent(prefix + e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("duplicate parameter name " + prefix + e.getKey());
            }
        }
        return this;
    }

    public Param get(String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; have " + params.keySet());
        }
        return p;
    }

    public boolean contains(String name) {
        return params.containsKey(name);
    }

    public Collection<String> names() {
        return Collections.unmodifiableCollection(new ArrayList<>(params.keySet()));
    }

    /** The entries with their (possibly prefixed) names. */
    public Map<String, Param> asMap() {
        return Collections.unmodifiableMap(params);
    }

    /** Every value array under its name (the arrays themselves, not copies), in order. */
    public Map<String, double[]> values() {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        params.forEach((name, p) -> out.put(name, p.value));
        return out;
    }

    /** Every gradient array under its name (the arrays themselves, not copies), in order. */
    public Map<String, double[]> gradients() {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        params.forEach((name, p) -> out.put(name, p.grad));
        return out;
    }

    public void zeroGrad() {
        for (Param p : params.values()) {
            p.zeroGrad();
        }
    }

    public long count() {
        long n = 0;
        for (Param p : params.values()) {
            n += p.size();
        }
        return n;
    }

    @Override
    public Iterator<Param> iterator() {
        return params.values().iterator();
    }
}
