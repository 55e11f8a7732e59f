package org.zstar.linalg;

import java.util.Arrays;
import java.util.Comparator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Pure-Java backend on EJML 0.46.1 (ejml-ddense). EJML's {@link DMatrixRMaj} is row-major with leading
 * dimension = columns, so inputs with an offset or a larger leading dimension are copied first.
 * {@link #syrkAtA} uses {@code CommonOps_DDRM.multAddTransA}, which updates the full C (both
 * triangles): allowed by the interface contract.
 */
public final class EjmlBackend implements DenseBackend {
    /** The EJML backend. */
    public EjmlBackend() {
    }


    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public String description() {
        return "ejml 0.46.1 (pure Java)";
    }

    @Override
    public boolean isNative() {
        return false;
    }

    private static DMatrixRMaj view(double[] a, int off, int rows, int cols, int ld) {
        if (off == 0 && ld == cols) {
            DMatrixRMaj m = DMatrixRMaj.wrap(rows, cols, a);
            if (a.length == rows * cols) {
                return m;
            }
        }
        return DMatrixRMaj.wrap(rows, cols, Dense.copy(a, off, rows, cols, ld));
    }

    @Override
    public void syrkAtA(int m, int n, double alpha, double[] a, int aOff, int lda, double[] c, int cOff, int ldc) {
        Dense.checkMatrix("syrk A", a, aOff, m, n, lda);
        Dense.checkMatrix("syrk C", c, cOff, n, n, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        DMatrixRMaj am = view(a, aOff, m, n, lda);
        if (cOff == 0 && ldc == n && c.length == n * n) {
            // C += alpha A^T A, full matrix
            CommonOps_DDRM.multAddTransA(alpha, am, am, DMatrixRMaj.wrap(n, n, c));
        } else {
            DMatrixRMaj t = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransA(alpha, am, am, t);
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    c[cOff + i * ldc + j] += t.data[i * n + j];
                }
            }
        }
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
        DMatrixRMaj t = new DMatrixRMaj(m, n);
        if (k > 0) {
            DMatrixRMaj am = view(a, aOff, transA ? k : m, transA ? m : k, lda);
            DMatrixRMaj bm = view(b, bOff, transB ? n : k, transB ? k : n, ldb);
            if (transA && transB) {
                CommonOps_DDRM.multTransAB(alpha, am, bm, t);
            } else if (transA) {
                CommonOps_DDRM.multTransA(alpha, am, bm, t);
            } else if (transB) {
                CommonOps_DDRM.multTransB(alpha, am, bm, t);
            } else {
                CommonOps_DDRM.mult(alpha, am, bm, t);
            }
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                double old = beta == 0 ? 0 : beta * c[row + j];
                c[row + j] = old + t.data[i * n + j];
            }
        }
    }

    @Override
    public void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        Dense.checkMatrix("gemv A", a, aOff, m, n, lda);
        if (!trans) {
            // y_i = alpha sum_j A_ij x_j + beta y_i
            for (int i = 0; i < m; i++) {
                int row = aOff + i * lda;
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += a[row + j] * x[xOff + j];
                }
                y[yOff + i] = alpha * s + (beta == 0 ? 0 : beta * y[yOff + i]);
            }
        } else {
            // y_j = alpha sum_i A_ij x_i + beta y_j
            for (int j = 0; j < n; j++) {
                y[yOff + j] = beta == 0 ? 0 : beta * y[yOff + j];
            }
            for (int i = 0; i < m; i++) {
                int row = aOff + i * lda;
                double xi = alpha * x[xOff + i];
                if (xi == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    y[yOff + j] += a[row + j] * xi;
                }
            }
        }
    }

    private static DMatrixRMaj fullSymmetric(double[] a, int n) {
        double[] f = a.clone();
        Dense.symmetrizeFromUpper(f, n);
        return DMatrixRMaj.wrap(n, n, f);
    }

    @Override
    public Cholesky cholesky(double[] a, int n) {
        Dense.checkMatrix("cholesky A", a, 0, n, n, n);
        DMatrixRMaj am = fullSymmetric(a, n);
        double[] uf = new double[n * n];
        if (n > 0) {
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, false);
            if (!chol.decompose(am)) {
                throw new NotPositiveDefiniteException(-1, n);
            }
            DMatrixRMaj t = chol.getT(null); // A = R^T R, R upper
            System.arraycopy(t.data, 0, uf, 0, n * n);
            for (int i = 0; i < n; i++) {
                double d = uf[i * n + i];
                if (!(d > 0) || !Double.isFinite(d)) {
                    throw new NotPositiveDefiniteException(i, n);
                }
            }
        }
        return new Cholesky(n, uf) {
            @Override
            public void solveInPlace(double[] b) {
                if (b.length != n) {
                    throw new IllegalArgumentException("right-hand side has " + b.length + " entries, expected " + n);
                }
                // U^T z = b (forward substitution), then U x = z (back substitution)
                for (int i = 0; i < n; i++) {
                    double s = b[i];
                    for (int k = 0; k < i; k++) {
                        s -= u[k * n + i] * b[k];
                    }
                    b[i] = s / u[i * n + i];
                }
                for (int i = n - 1; i >= 0; i--) {
                    double s = b[i];
                    int row = i * n;
                    for (int k = i + 1; k < n; k++) {
                        s -= u[row + k] * b[k];
                    }
                    b[i] = s / u[row + i];
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
        DMatrixRMaj am = fullSymmetric(a, n);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(am)) {
            throw new ArithmeticException("EJML symmetric eigen-decomposition failed");
        }
        Integer[] order = new Integer[n];
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            raw[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> raw[i]));
        double[] w = new double[n];
        double[] v = new double[n * n];
        for (int k = 0; k < n; k++) {
            int src = order[k];
            w[k] = raw[src];
            DMatrixRMaj vec = eig.getEigenVector(src);
            for (int i = 0; i < n; i++) {
                v[i * n + k] = vec.data[i];
            }
        }
        return new SymmetricEigen(n, w, v);
    }

    @Override
    public Svd svd(double[] a, int m, int n) {
        Dense.checkMatrix("svd A", a, 0, m, n, n);
        int r = Math.min(m, n);
        if (r == 0) {
            return new Svd(m, n, new double[0], new double[0], new double[0]);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, true, true, true);
        if (!svd.decompose(DMatrixRMaj.wrap(m, n, Dense.copy(a, 0, m, n, n)))) {
            throw new ArithmeticException("EJML SVD failed");
        }
        DMatrixRMaj uu = svd.getU(null, false);   // m x r
        DMatrixRMaj vt = svd.getV(null, true);    // r x n
        double[] sv = svd.getSingularValues();
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(sv[y], sv[x]));
        double[] s = new double[r];
        double[] u = new double[m * r];
        double[] v = new double[r * n];
        for (int k = 0; k < r; k++) {
            int src = order[k];
            s[k] = sv[src];
            for (int i = 0; i < m; i++) {
                u[i * r + k] = uu.get(i, src);
            }
            for (int j = 0; j < n; j++) {
                v[k * n + j] = vt.get(src, j);
            }
        }
        return new Svd(m, n, u, s, v);
    }
}
