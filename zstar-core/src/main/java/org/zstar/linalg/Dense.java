package org.zstar.linalg;

/** Small helpers on row-major dense matrices (see {@link DenseBackend} for the layout). */
public final class Dense {
    private Dense() {
    }

    /**
     * Copies the upper triangle of the row-major n x n matrix c onto its lower triangle.
     *
     * @param c the matrix, row-major n x n
     * @param n its order
     */
    public static void symmetrizeFromUpper(double[] c, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                c[j * n + i] = c[i * n + j];
            }
        }
    }

    /**
     * The transpose (n x m) of the row-major m x n matrix a (leading dimension lda, offset off).
     *
     * @param a the array holding the matrix
     * @param off the offset of its first element
     * @param m its rows
     * @param n its columns
     * @param lda its leading dimension (the distance between rows)
     * @return the transpose, dense row-major n x m
     */
    public static double[] transpose(double[] a, int off, int m, int n, int lda) {
        double[] t = new double[n * m];
        for (int i = 0; i < m; i++) {
            int row = off + i * lda;
            for (int j = 0; j < n; j++) {
                t[j * m + i] = a[row + j];
            }
        }
        return t;
    }

    /**
     * A dense copy (leading dimension n) of the row-major m x n block of a.
     *
     * @param a the array holding the matrix
     * @param off the offset of the block's first element
     * @param m the block's rows
     * @param n the block's columns
     * @param lda the leading dimension of a
     * @return the block, dense row-major m x n
     */
    public static double[] copy(double[] a, int off, int m, int n, int lda) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a, off + i * lda, c, i * n, n);
        }
        return c;
    }

    static void checkMatrix(String what, double[] a, int off, int rows, int cols, int ld) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(what + ": negative dimension " + rows + " x " + cols);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(what + ": leading dimension " + ld + " < columns " + cols);
        }
        if (rows > 0 && cols > 0 && (off < 0 || (long) off + (long) (rows - 1) * ld + cols > a.length)) {
            throw new IllegalArgumentException(what + ": array of length " + a.length + " too short for "
                    + rows + " x " + cols + " (ld " + ld + ", offset " + off + ")");
        }
    }

    /**
     * Inverts an upper-triangular row-major matrix in place (back substitution from the bottom row up:
     * {@code V_ii = 1/U_ii}, {@code V_ij = -(sum_{i<k<=j} U_ik V_kj) / U_ii}) and zeroes the strict lower triangle;
     * the pure-Java route of {@link DenseBackend#invertUpperInPlace}.
     *
     * @param u row-major m x m, the upper triangle read; overwritten by its inverse
     * @param m the order
     * @throws IllegalArgumentException when a diagonal entry is not positive
     */
    public static void invertUpperInPlace(double[] u, int m) {
        zeroStrictLowerAndCheckDiagonal(u, m);
        // rows from the bottom: row i of V needs rows k > i of V (already inverted) and row i of U (still intact)
        double[] row = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            int ri = i * m;
            java.util.Arrays.fill(row, i, m, 0.0);
            for (int k = i + 1; k < m; k++) {
                double uik = u[ri + k];
                if (uik == 0) {
                    continue;
                }
                int rk = k * m;
                for (int j = k; j < m; j++) {
                    row[j] += uik * u[rk + j]; // sum_k U_ik V_kj, V_kj = 0 for j < k
                }
            }
            double inv = 1.0 / u[ri + i];
            u[ri + i] = inv;
            for (int j = i + 1; j < m; j++) {
                u[ri + j] = -row[j] * inv;
            }
        }
    }

    /**
     * Zeroes the strict lower triangle of a row-major m x m matrix and checks that its diagonal is positive (a
     * Cholesky factor's).
     *
     * @param u row-major m x m
     * @param m the order
     * @throws IllegalArgumentException when a diagonal entry is not positive
     */
    public static void zeroStrictLowerAndCheckDiagonal(double[] u, int m) {
        checkMatrix("triangular U", u, 0, m, m, m);
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(u, i * m, i * m + i, 0.0);
            if (!(u[i * m + i] > 0)) {
                throw new IllegalArgumentException("Cholesky factor has a non-positive diagonal at " + i);
            }
        }
    }

    /**
     * {@code X := X V} for row-major X (rows x m) and upper-triangular row-major V (strict lower triangle not read);
     * the pure-Java route of {@link DenseBackend#multiplyByUpperRight}.
     *
     * @param x row-major rows x m; overwritten by X V
     * @param rows the rows of X
     * @param v row-major m x m, upper triangular
     * @param m the order of V
     */
    public static void multiplyByUpperRight(double[] x, int rows, double[] v, int m) {
        double[] row = new double[m];
        for (int r = 0; r < rows; r++) {
            int o = r * m;
            java.util.Arrays.fill(row, 0.0);
            for (int k = 0; k < m; k++) {
                double xk = x[o + k];
                if (xk == 0) {
                    continue;
                }
                int vo = k * m;
                for (int j = k; j < m; j++) {
                    row[j] += xk * v[vo + j];
                }
            }
            System.arraycopy(row, 0, x, o, m);
        }
    }
}
