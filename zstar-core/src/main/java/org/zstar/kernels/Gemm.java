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
     */
    public static void multiply(double[] a, int m, int k, double[] b, int n, double[] c) {
        multiply(a, 0, m, k, b, 0, n, c);
    }

    /** {@code C (m x n) = A (m x k) * B (k x n)} with A and B starting at the given offsets; C overwritten. */
    public static void multiply(double[] a, int aOff, int m, int k, double[] b, int bOff, int n, double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        BLAS_INSTANCE.dgemm("N", "N", n, m, k, 1.0, b, bOff, n, a, aOff, k, 0.0, c, 0, n);
    }
}
