package org.zstar.linalg;

/**
 * Dense linear algebra behind one small interface, implemented by {@link NetlibBackend} (BLAS/LAPACK
 * through dev.ludovic.netlib, native OpenBLAS when available) and {@link EjmlBackend} (pure Java).
 *
 * <p><b>Layout.</b> Every matrix is a {@code double[]} in <em>row-major</em> order: element (i, j) of a
 * matrix with leading dimension {@code ld} starting at offset {@code off} is {@code a[off + i*ld + j]},
 * with {@code ld >= number of columns}. Vectors are contiguous (stride 1). Results returned as new
 * arrays are row-major with leading dimension equal to their number of columns.
 *
 * <p><b>Symmetric outputs.</b> {@link #syrkAtA} updates the <em>upper</em> triangle of C
 * ({@code c[i*ldc + j]} for {@code j >= i}); the strictly lower triangle is unspecified afterwards (a
 * backend may or may not update it). Call {@link Dense#symmetrizeFromUpper} before using C as a full
 * matrix. Routines taking a symmetric input ({@link #cholesky}, {@link #symmetricEigen}) read only the
 * upper triangle.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface DenseBackend {

    /** Short name: "netlib" or "ejml". */
    String name();

    /** A one-line description (implementation class, native or not). */
    String description();

    /** Whether the computations run in native code (OpenBLAS). */
    boolean isNative();

    /**
     * SYRK: {@code C += alpha * A^T A} on the upper triangle of C.
     *
     * @param m rows of A (may be 0)
     * @param n columns of A = order of C
     * @param a row-major m x n, leading dimension lda, from offset aOff
     * @param c row-major n x n, leading dimension ldc, from offset 0
     */
    void syrkAtA(int m, int n, double alpha, double[] a, int aOff, int lda, double[] c, int ldc);

    /**
     * General GEMM: {@code C = alpha op(A) op(B) + beta C}, op(X) = X or X^T. C is m x n, op(A) m x k,
     * op(B) k x n. A is stored row-major as it is (k x m when transA), likewise B.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /** GEMM-accumulate {@code C += alpha A^T B}, A m x n, B m x p, C n x p (all row-major, dense). */
    default void gemmAtB(int m, int n, int p, double alpha, double[] a, double[] b, double[] c) {
        gemm(true, false, n, p, m, alpha, a, 0, n, b, 0, p, 1.0, c, 0, p);
    }

    /**
     * GEMV: {@code y = alpha op(A) x + beta y}, A row-major m x n (leading dimension lda, offset aOff);
     * op(A) = A (x has n entries, y m) or A^T (x has m entries, y n).
     */
    void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda,
              double[] x, int xOff, double beta, double[] y, int yOff);

    /**
     * Cholesky factorisation {@code A = U^T U} of the symmetric n x n matrix A (upper triangle read,
     * input not modified).
     *
     * @throws NotPositiveDefiniteException when A is not (numerically) positive definite
     */
    Cholesky cholesky(double[] a, int n);

    /**
     * As {@link #cholesky}, but may overwrite {@code a} with the factor instead of copying it (saves one n x n
     * array for the large normal matrices of training); {@code a} is unspecified afterwards, also on failure.
     */
    default Cholesky choleskyInPlace(double[] a, int n) {
        return cholesky(a, n);
    }

    /**
     * Symmetric eigen-decomposition {@code A = V diag(values) V^T} (upper triangle of A read, input not
     * modified); values ascending.
     */
    SymmetricEigen symmetricEigen(double[] a, int n);

    /** Thin SVD {@code A = U diag(s) V^T} of a row-major m x n matrix (input not modified). */
    Svd svd(double[] a, int m, int n);

    /**
     * Minimum-norm least-squares solution of {@code min ||A x - b||} by the SVD, discarding singular
     * values below {@code rcond * s_max}: {@code x = sum_{s_k > rcond s_max} v_k (u_k . b) / s_k}.
     */
    default double[] leastSquares(double[] a, int m, int n, double[] b, double rcond) {
        Svd svd = svd(a, m, n);
        return svd.solve(b, rcond);
    }
}
