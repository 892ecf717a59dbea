package dev.carousel.reference.attention;

/**
 * The products the attention model is made of, as plain loops (the same three as the cells' own
 * {@code dev.carousel.reference.Linear}), plus vector concatenation. W is row-major [rows, cols] in a flat array.
 */
final class Linalg {
    private Linalg() {
    }

    /** y[r] += sum_c W[r][c] x[c], for r in [0, y.length). */
    static void addMatVec(double[] w, int cols, double[] x, double[] y) {
        for (int r = 0; r < y.length; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += w[r * cols + c] * x[c];
            }
            y[r] += s;
        }
    }

    /** dx[c] += sum_r W[r][c] dy[r]. */
    static void addMatTVec(double[] w, int cols, double[] dy, double[] dx) {
        for (int r = 0; r < dy.length; r++) {
            for (int c = 0; c < cols; c++) {
                dx[c] += w[r * cols + c] * dy[r];
            }
        }
    }

    /** dW[r][c] += dy[r] x[c]. */
    static void addOuter(double[] dw, int cols, double[] dy, double[] x) {
        for (int r = 0; r < dy.length; r++) {
            for (int c = 0; c < cols; c++) {
                dw[r * cols + c] += dy[r] * x[c];
            }
        }
    }

    /** [a ; b]. */
    static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** v[from .. from + length). */
    static double[] slice(double[] v, int from, int length) {
        double[] out = new double[length];
        System.arraycopy(v, from, out, 0, length);
        return out;
    }

    /** a += b. */
    static void addInto(double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) {
            a[k] += b[k];
        }
    }
}
