package dev.carousel.reference;

/**
 * The two products every cell is made of, as plain loops: y += W x and, backwards, dx += W^T dy and
 * dW += dy x^T. W is row-major [rows, cols]; {@code rowOffset} selects a block of rows (one gate).
 */
final class Linear {
    private Linear() {
    }

    /** y[r] += sum_c W[rowOffset + r][c] x[c], for r in [0, y.length). */
    static void addMatVec(double[] w, int cols, int rowOffset, double[] x, double[] y) {
        for (int r = 0; r < y.length; r++) {
            double s = 0;
            int base = (rowOffset + r) * cols;
            for (int c = 0; c < cols; c++) {
                s += w[base + c] * x[c];
            }
            y[r] += s;
        }
    }

    /** dx[c] += sum_r W[rowOffset + r][c] dy[r]. */
    static void addMatTVec(double[] w, int cols, int rowOffset, double[] dy, double[] dx) {
        for (int r = 0; r < dy.length; r++) {
            int base = (rowOffset + r) * cols;
            for (int c = 0; c < cols; c++) {
                dx[c] += w[base + c] * dy[r];
            }
        }
    }

    /** dW[rowOffset + r][c] += dy[r] x[c]. */
    static void addOuter(double[] dw, int cols, int rowOffset, double[] dy, double[] x) {
        for (int r = 0; r < dy.length; r++) {
            int base = (rowOffset + r) * cols;
            for (int c = 0; c < cols; c++) {
                dw[base + c] += dy[r] * x[c];
            }
        }
    }

    /** db[rowOffset + r] += dy[r]. */
    static void addBias(double[] db, int rowOffset, double[] dy) {
        for (int r = 0; r < dy.length; r++) {
            db[rowOffset + r] += dy[r];
        }
    }
}
