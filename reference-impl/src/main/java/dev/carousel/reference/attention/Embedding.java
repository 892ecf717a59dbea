package dev.carousel.reference.attention;

import dev.carousel.reference.Param;

/**
 * A token embedding table: {@code x = table[token]}, parameter {@code table} [V, M] (row = token id). Backward adds
 * dLoss/dx into the row of the token it came from.
 */
public final class Embedding {
    private final String what;
    private final Param table;

    /**
     * @param name          the parameter's name
     * @param vocabSize     V
     * @param embeddingSize M
     */
    public Embedding(String name, int vocabSize, int embeddingSize) {
        this.what = name;
        this.table = new Param(name, vocabSize, embeddingSize);
    }

    public Param table() {
        return table;
    }

    public int vocabSize() {
        return table.rows();
    }

    public int embeddingSize() {
        return table.cols();
    }

    /** table[token] [M] (a copy). */
    public double[] lookup(int token) {
        checkToken(token, "");
        double[] x = new double[embeddingSize()];
        System.arraycopy(table.value, token * embeddingSize(), x, 0, x.length);
        return x;
    }

    /** tokens [B][T] to [B][T][M]. */
    public double[][][] lookup(int[][] tokens) {
        double[][][] x = new double[tokens.length][][];
        for (int b = 0; b < tokens.length; b++) {
            x[b] = new double[tokens[b].length][];
            for (int t = 0; t < tokens[b].length; t++) {
                checkToken(tokens[b][t], " at [" + b + "][" + t + "]");
                x[b][t] = lookup(tokens[b][t]);
            }
        }
        return x;
    }

    /** dtable[token] += dx. */
    public void backward(int token, double[] dx) {
        int m = embeddingSize();
        for (int k = 0; k < m; k++) {
            table.grad[token * m + k] += dx[k];
        }
    }

    private void checkToken(int token, String where) {
        if (token < 0 || token >= vocabSize()) {
            throw new IllegalArgumentException(what + ": token id" + where + " must be in [0, " + vocabSize()
                    + "), got " + token);
        }
    }
}
