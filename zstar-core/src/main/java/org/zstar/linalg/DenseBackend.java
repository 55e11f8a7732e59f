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

    /**
     * Short name: "netlib" or "ejml".
     *
     * @return the name
     */
    String name();

    /**
     * A one-line description (implementation class, native or not).
     *
     * @return the description
     */
    String description();

    /**
     * Whether the computations run in native code (OpenBLAS).
     *
     * @return true for native BLAS and LAPACK
     */
    boolean isNative();

    /**
     * SYRK: {@code C += alpha * A^T A} on the upper triangle of C.
     *
     * @param m rows of A (may be 0)
     * @param n columns of A = order of C
     * @param a row-major m x n, leading dimension lda, from offset aOff
     * @param c row-major n x n, leading dimension ldc, from offset 0
     * @param alpha the factor of A^T A
     * @param aOff the offset of A in a
     * @param lda the leading dimension of A
     * @param ldc the leading dimension of C
     */
    default void syrkAtA(int m, int n, double alpha, double[] a, int aOff, int lda, double[] c, int ldc) {
        syrkAtA(m, n, alpha, a, aOff, lda, c, 0, ldc);
    }

    /**
     * SYRK into a block of a larger matrix: {@code C += alpha * A^T A} on the upper triangle of the n x n block
     * of c that starts at offset cOff (a diagonal tile of {@link GramUpdate}).
     *
     * @param m rows of A (may be 0)
     * @param n columns of A = order of the block of C
     * @param alpha the factor of A^T A
     * @param a row-major m x n, leading dimension lda, from offset aOff
     * @param aOff the offset of A in a
     * @param lda the leading dimension of A
     * @param c row-major, leading dimension ldc; the block starts at cOff
     * @param cOff the offset of the block in c
     * @param ldc the leading dimension of C
     */
    void syrkAtA(int m, int n, double alpha, double[] a, int aOff, int lda, double[] c, int cOff, int ldc);

    /**
     * General GEMM: {@code C = alpha op(A) op(B) + beta C}, op(X) = X or X^T. C is m x n, op(A) m x k,
     * op(B) k x n. A is stored row-major as it is (k x m when transA), likewise B.
     *
     * @param transA whether op(A) = A^T
     * @param transB whether op(B) = B^T
     * @param m the rows of C
     * @param n the columns of C
     * @param k the inner dimension
     * @param alpha the factor of the product
     * @param a the array of A
     * @param aOff the offset of A in a
     * @param lda the leading dimension of A
     * @param b the array of B
     * @param bOff the offset of B in b
     * @param ldb the leading dimension of B
     * @param beta the factor of C on entry (0 overwrites it)
     * @param c the array of C
     * @param cOff the offset of C in c
     * @param ldc the leading dimension of C
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /**
     * GEMM-accumulate {@code C += alpha A^T B}, A m x n, B m x p, C n x p (all row-major, dense).
     *
     * @param m the rows of A and B
     * @param n the columns of A, the order of C's rows
     * @param p the columns of B and C
     * @param alpha the factor of the product
     * @param a the matrix A, row-major m x n
     * @param b the matrix B, row-major m x p
     * @param c the matrix C, row-major n x p, accumulated
     */
    default void gemmAtB(int m, int n, int p, double alpha, double[] a, double[] b, double[] c) {
        gemm(true, false, n, p, m, alpha, a, 0, n, b, 0, p, 1.0, c, 0, p);
    }

    /**
     * GEMV: {@code y = alpha op(A) x + beta y}, A row-major m x n (leading dimension lda, offset aOff);
     * op(A) = A (x has n entries, y m) or A^T (x has m entries, y n).
     *
     * @param trans whether op(A) = A^T
     * @param m the rows of A
     * @param n the columns of A
     * @param alpha the factor of the product
     * @param a the array of A
     * @param aOff the offset of A in a
     * @param lda the leading dimension of A
     * @param x the array of x
     * @param xOff the offset of x
     * @param beta the factor of y on entry (0 overwrites it)
     * @param y the array of y
     * @param yOff the offset of y
     */
    void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda,
              double[] x, int xOff, double beta, double[] y, int yOff);

    /**
     * Cholesky factorisation {@code A = U^T U} of the symmetric n x n matrix A (upper triangle read,
     * input not modified).
     *
     * @param a the matrix, row-major n x n
     * @param n its order
     * @return the factorisation
     * @throws NotPositiveDefiniteException when A is not (numerically) positive definite
     */
    Cholesky cholesky(double[] a, int n);

    /**
     * Inverts an upper-triangular row-major matrix (a Cholesky factor U) in place, {@code V = U^-1}, and zeroes its
     * strict lower triangle. The posterior of a model of M weights needs it once per training (M^3 / 3 flops:
     * 2e10 for the 4034 weights of the default ZrO2 model), so native backends use LAPACK's blocked dtrtri.
     *
     * @param u row-major m x m, the upper triangle read; overwritten by its inverse
     * @param m the order
     * @throws IllegalArgumentException when a diagonal entry is not positive
     */
    default void invertUpperInPlace(double[] u, int m) {
        Dense.invertUpperInPlace(u, m);
    }

    /**
     * {@code X := X V} in place, X row-major rows x m (leading dimension m, from offset 0), V row-major m x m upper
     * triangular (its strict lower triangle is not read). Half the flops of a GEMM with V: the leverages of the
     * weight posterior (docs/THEORY.md (U3)) are {@code ||b^T V||^2} for each design row b, where {@code V V^T = H^-1}.
     *
     * @param x row-major rows x m; overwritten by X V
     * @param rows the rows of X
     * @param v row-major m x m, upper triangular
     * @param m the order of V
     */
    default void multiplyByUpperRight(double[] x, int rows, double[] v, int m) {
        Dense.multiplyByUpperRight(x, rows, v, m);
    }

    /**
     * As {@link #cholesky}, but may overwrite {@code a} with the factor instead of copying it (saves one n x n
     * array for the large normal matrices of training); {@code a} is unspecified afterwards, also on failure.
     *
     * @param a the matrix, row-major n x n; unspecified afterwards
     * @param n its order
     * @return the factorisation
     */
    default Cholesky choleskyInPlace(double[] a, int n) {
        return cholesky(a, n);
    }

    /**
     * Symmetric eigen-decomposition {@code A = V diag(values) V^T} (upper triangle of A read, input not
     * modified); values ascending.
     *
     * @param a the matrix, row-major n x n
     * @param n its order
     * @return the eigenvalues (ascending) and eigenvectors
     */
    SymmetricEigen symmetricEigen(double[] a, int n);

    /**
     * Thin SVD {@code A = U diag(s) V^T} of a row-major m x n matrix (input not modified).
     *
     * @param a the matrix, row-major m x n
     * @param m its rows
     * @param n its columns
     * @return the thin SVD
     */
    Svd svd(double[] a, int m, int n);

    /**
     * Minimum-norm least-squares solution of {@code min ||A x - b||} by the SVD, discarding singular
     * values below {@code rcond * s_max}: {@code x = sum_{s_k > rcond s_max} v_k (u_k . b) / s_k}.
     *
     * @param a the matrix, row-major m x n
     * @param m its rows
     * @param n its columns
     * @param b the right-hand side, m values
     * @param rcond the relative singular-value cutoff
     * @return the solution x, n values
     */
    default double[] leastSquares(double[] a, int m, int n, double[] b, double rcond) {
        Svd svd = svd(a, m, n);
        return svd.solve(b, rcond);
    }
}
