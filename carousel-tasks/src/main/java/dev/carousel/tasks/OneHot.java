package dev.carousel.tasks;

/** One-hot (local) symbol coding: symbol k of an alphabet of size n is the unit vector e_k. */
final class OneHot {
    private OneHot() {
    }

    /** e_index in R^size. */
    static double[] of(int size, int index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("symbol index " + index + " outside [0, " + size + ")");
        }
        double[] v = new double[size];
        v[index] = 1.0;
        return v;
    }

    /** Row t is e_{symbols[t]}. */
    static double[][] rows(int size, int[] symbols) {
        double[][] out = new double[symbols.length][];
        for (int t = 0; t < symbols.length; t++) {
            out[t] = of(size, symbols[t]);
        }
        return out;
    }
}
