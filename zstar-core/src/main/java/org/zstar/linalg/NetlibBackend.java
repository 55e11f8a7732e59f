package org.zstar.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * BLAS/LAPACK through dev.ludovic.netlib: native OpenBLAS when the JVM runs with
 * {@code -Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0} (and the same for lapack) and the library
 * is installed, otherwise dev.ludovic's pure-Java implementation.
 *
 * <p><b>Transposition trick.</b> Netlib is column-major. A row-major m x n matrix with leading
 * dimension ld is, in the same memory, the column-major n x m matrix of its transpose with the same
 * leading dimension. Hence:
 * <ul>
 * <li>C = A^T A (row-major A) is, in column-major terms, C = X X^T with X = A^T stored col-major n x m:
 *   {@code dsyrk(uplo, "N", n, m, ...)}; the row-major upper triangle is the col-major lower one, so
 *   {@code uplo = "L"}.</li>
 * <li>C = op(A) op(B) row-major is C^T = op(B)^T op(A)^T column-major: swap A and B, swap m and n,
 *   keep the transpose flags ({@code dgemm(tB, tA, n, m, k, alpha, B, ldb, A, lda, beta, C, ldc)}).</li>
 * <li>y = A x (row-major A) is y = (A^T)^T x: {@code dgemv("T", n, m, ...)}, and y = A^T x is
 *   {@code dgemv("N", n, m, ...)}.</li>
 * <li>Symmetric inputs: row-major upper = column-major lower ({@code uplo = "L"} for dpotrf/dpotrs/
 *   dsyevd). The Cholesky factor L (col-major lower, A = L L^T) is, read row-major, U = L^T in the upper
 *   triangle (A = U^T U). dsyevd returns eigenvectors as col-major columns = row-major rows, which we
 *   transpose so that eigenvector k is column k of V.</li>
 * <li>SVD: the row-major A is col-major A^T = U' S V'^T, so A = V' S U'^T; with {@code dgesdd("S", n, m)}
 *   the col-major U' (n x r, ld n) read row-major is exactly Vt (r x n) of A, and the col-major V'^T
 *   (r x m, ld r) read row-major is exactly U (m x r) of A: no copy needed.</li>
 * </ul>
 */
public final class NetlibBackend implements DenseBackend {
    private final BLAS blas;
    private final LAPACK lapack;

    /** The netlib-java backend (native OpenBLAS when it loads, else the Java fallback). */
    public NetlibBackend() {
        this.blas = BLAS.getInstance();
        this.lapack = LAPACK.getInstance();
    }

    @Override
    public String name() {
        return "netlib";
    }

    @Override
    public boolean isNative() {
        String b = blas.getClass().getSimpleName();
        String l = lapack.getClass().getSimpleName();
        return b.startsWith("JNI") && l.startsWith("JNI");
    }

    @Override
    public String description() {
        return "netlib (BLAS " + blas.getClass().getSimpleName() + ", LAPACK "
                + lapack.getClass().getSimpleName() + (isNative() ? ", native" : ", pure Java") + ")";
    }

    @Override
    public void syrkAtA(int m, int n, double alpha, double[] a, int aOff, int lda, double[] c, int cOff, int ldc) {
        Dense.checkMatrix("syrk A", a, aOff, m, n, lda);
        Dense.checkMatrix("syrk C", c, cOff, n, n, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        // row-major C upper += alpha A^T A  ==  col-major C lower += alpha X X^T, X = A^T (n x m, ld lda)
        blas.dsyrk("L", "N", n, m, alpha, a, aOff, lda, 1.0, c, cOff, ldc);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        Dense.checkMatrix("gemm A", a, aOff, transA ? k : m, transA ? m : k, lda);
        Dense.checkMatrix("gemm B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        Dense.checkMatrix("gemm C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        // row-major C = op(A) op(B)  ==  col-major C^T = op(B)^T op(A)^T with the stored arrays as is
        blas.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                beta, c, cOff, ldc);
    }

    @Override
    public void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        Dense.checkMatrix("gemv A", a, aOff, m, n, lda);
        if (m == 0 || n == 0) {
            if (beta != 1.0) {
                int ny = trans ? n : m;
                for (int i = 0; i < ny; i++) {
                    y[yOff + i] *= beta;
                }
            }
            return;
        }
        // row-major A (m x n) is col-major A^T (n x m): y = A x -> "T"; y = A^T x -> "N"
        blas.dgemv(trans ? "N" : "T", n, m, alpha, a, aOff, lda, x, xOff, 1, beta, y, yOff, 1);
    }

    @Override
    public void multiplyByUpperRight(double[] x, int rows, double[] v, int m) {
        Dense.checkMatrix("X", x, 0, rows, m, m);
        Dense.checkMatrix("V", v, 0, m, m, m);
        if (rows == 0 || m == 0) {
            return;
        }
        // row-major X V = (V^T X^T)^T: column-major X^T (m x rows) times the column-major lower triangle V^T
        blas.dtrmm("L", "L", "N", "N", m, rows, 1.0, v, m, x, m);
    }

    @Override
    public void invertUpperInPlace(double[] u, int m) {
        Dense.zeroStrictLowerAndCheckDiagonal(u, m);
        if (m == 0) {
            return;
        }
        // row-major upper = column-major lower
        intW info = new intW(0);
        lapack.dtrtri("L", "N", m, u, m, info);
        if (info.val != 0) {
            throw new IllegalStateException("dtrtri: info " + info.val);
        }
    }

    @Override
    public Cholesky cholesky(double[] a, int n) {
        Dense.checkMatrix("cholesky A", a, 0, n, n, n);
        return choleskyInPlace(a.clone(), n);
    }

    @Override
    public Cholesky choleskyInPlace(double[] f, int n) {
        Dense.checkMatrix("cholesky A", f, 0, n, n, n);
        if (n > 0) {
            intW info = new intW(0);
            lapack.dpotrf("L", n, f, n, info);
            if (info.val > 0) {
                throw new NotPositiveDefiniteException(info.val - 1, n);
            }
            if (info.val < 0) {
                throw new IllegalStateException("dpotrf: illegal argument " + (-info.val));
            }
        }
        return new Cholesky(n, f) {
            @Override
            public void solveInPlace(double[] b) {
                if (b.length != n) {
                    throw new IllegalArgumentException("right-hand side has " + b.length + " entries, expected " + n);
                }
                if (n == 0) {
                    return;
                }
                intW inf = new intW(0);
                lapack.dpotrs("L", n, 1, u, n, b, n, inf);
                if (inf.val != 0) {
                    throw new IllegalStateException("dpotrs: info " + inf.val);
                }
            }
        };
    }

    @Override
    public SymmetricEigen symmetricEigen(double[] a, int n) {
        Dense.checkMatrix("eigen A", a, 0, n, n, n);
        if (n == 0) {
            return new SymmetricEigen(0, new double[0], new double[0]);
        }
        double[] f = a.clone();
        double[] w = new double[n];
        intW info = new intW(0);
        double[] work = new double[1];
        int[] iwork = new int[1];
        lapack.dsyevd("V", "L", n, f, n, w, work, -1, iwork, -1, info);
        int lwork = Math.max(1, (int) work[0]);
        int liwork = Math.max(1, iwork[0]);
        work = new double[lwork];
        iwork = new int[liwork];
        lapack.dsyevd("V", "L", n, f, n, w, work, lwork, iwork, liwork, info);
        if (info.val != 0) {
            throw new ArithmeticException("dsyevd failed to converge (info " + info.val + ")");
        }
        // col-major columns = row-major rows: transpose so that eigenvector k is column k
        double[] v = Dense.transpose(f, 0, n, n, n);
        return new SymmetricEigen(n, w, v);
    }

    @Override
    public Svd svd(double[] a, int m, int n) {
        Dense.checkMatrix("svd A", a, 0, m, n, n);
        int r = Math.min(m, n);
        if (r == 0) {
            return new Svd(m, n, new double[0], new double[0], new double[0]);
        }
        double[] f = a.clone();
        double[] s = new double[r];
        // col-major U' of A^T (n x r, ld n); dev.ludovic's argument check wants n x n even for "S"
        double[] vt = new double[n * n];
        double[] u = new double[m * r];  // col-major V'^T of A^T (r x m, ld r)
        intW info = new intW(0);
        int[] iwork = new int[8 * r];
        double[] work = new double[1];
        lapack.dgesdd("S", n, m, f, n, s, vt, n, u, r, work, -1, iwork, info);
        int lwork = Math.max(1, (int) work[0]);
        work = new double[lwork];
        lapack.dgesdd("S", n, m, f, n, s, vt, n, u, r, work, lwork, iwork, info);
        if (info.val != 0) {
            throw new ArithmeticException("dgesdd failed (info " + info.val + ")");
        }
        return new Svd(m, n, u, s, r == n ? vt : java.util.Arrays.copyOf(vt, r * n));
    }
}
