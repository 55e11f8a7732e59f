package org.zstar.kernels;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major matrix products for the hot contractions of descriptor derivatives against reference
 * environments, through dev.ludovic.netlib (native OpenBLAS when configured, else its Java BLAS).
 */
public final class Gemm {
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

    private Gemm() {
    }

    /**
     * {@code C (m x n) = A (m x k) * B^T} where B is row-major n x k; all row-major, C overwritten.
     * Column-major view: C^T (n x m) = B (n x k, i.e. col-major k x n transposed) * A^T.
     *
     * @param a the left matrix A, row-major m x k from offset aOff
     * @param aOff the offset of A in a
     * @param m the rows of A and C
     * @param k the columns of A and B
     * @param b the matrix B, row-major n x k
     * @param n the rows of B, the columns of C
     * @param c the result C, row-major m x n
     */
    public static void multiplyTransposed(double[] a, int aOff, int m, int k, double[] b, int n, double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        BLAS_INSTANCE.dgemm("T", "N", n, m, k, 1.0, b, 0, k, a, aOff, k, 0.0, c, 0, n);
    }

    /**
     * {@code C (m x n) = A (m x k) * B (k x n)}; all row-major, C overwritten.
     * Column-major view: C^T (n x m) = B^T (n x k) * A^T (k x m).
     *
     * @param a the left matrix A, row-major m x k
     * @param m the rows of A and C
     * @param k the columns of A, the rows of B
     * @param b the right matrix B, row-major k x n
     * @param n the columns of B and C
     * @param c the result C, row-major m x n
     */
    public static void multiply(double[] a, int m, int k, double[] b, int n, double[] c) {
        multiply(a, 0, m, k, b, 0, n, c);
    }

    /**
     * {@code C (m x n) = A (m x k) * B (k x n)} with A and B starting at the given offsets; C overwritten.
     *
     * @param a the array of A
     * @param aOff the offset of A, row-major m x k
     * @param m the rows of A and C
     * @param k the columns of A, the rows of B
     * @param b the array of B
     * @param bOff the offset of B, row-major k x n
     * @param n the columns of B and C
     * @param c the result C, row-major m x n
     */
    public static void multiply(double[] a, int aOff, int m, int k, double[] b, int bOff, int n, double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        BLAS_INSTANCE.dgemm("N", "N", n, m, k, 1.0, b, bOff, n, a, aOff, k, 0.0, c, 0, n);
    }
}
