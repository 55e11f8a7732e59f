package org.zstar.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DenseBackendTest {

    static Stream<Arguments> backendsAndSeeds() {
        return Stream.of("netlib", "ejml").flatMap(b -> Stream.of(1L, 2L, 3L).map(s -> Arguments.of(b, s)));
    }

    static double[] random(Random rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    /** A random SPD matrix M^T M + n I. */
    static double[] spd(Random rnd, int n) {
        double[] m = random(rnd, (n + 3) * n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int r = 0; r < n + 3; r++) {
                    s += m[r * n + i] * m[r * n + j];
                }
                a[i * n + j] = s + (i == j ? n : 0);
            }
        }
        return a;
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void syrkMatchesNaiveOnRectangularBlockWithOffsetAndLeadingDimension(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int m = 7 + rnd.nextInt(9), n = 3 + rnd.nextInt(5), lda = n + 2, off = 3;
        double[] a = random(rnd, off + m * lda);
        double[] c0 = random(rnd, n * n);
        double[] c = c0.clone();
        double alpha = 0.7;
        be.syrkAtA(m, n, alpha, a, off, lda, c, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += a[off + r * lda + i] * a[off + r * lda + j];
                }
                assertThat(c[i * n + j]).as("C[%d][%d]", i, j).isCloseTo(c0[i * n + j] + alpha * s, within(1e-10));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void gemmAllTransposeCombinationsMatchNaive(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int m = 4 + rnd.nextInt(4), n = 2 + rnd.nextInt(3), k = 6 + rnd.nextInt(5);
        for (boolean tA : new boolean[] {false, true}) {
            for (boolean tB : new boolean[] {false, true}) {
                int ar = tA ? k : m, ac = tA ? m : k, br = tB ? n : k, bc = tB ? k : n;
                int lda = ac + 1, ldb = bc + 3, ldc = n + 2;
                double[] a = random(rnd, 2 + ar * lda);
                double[] b = random(rnd, 1 + br * ldb);
                double[] c0 = random(rnd, 4 + m * ldc);
                double[] c = c0.clone();
                double alpha = 1.3, beta = -0.4;
                be.gemm(tA, tB, m, n, k, alpha, a, 2, lda, b, 1, ldb, beta, c, 4, ldc);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int l = 0; l < k; l++) {
                            double x = tA ? a[2 + l * lda + i] : a[2 + i * lda + l];
                            double y = tB ? b[1 + j * ldb + l] : b[1 + l * ldb + j];
                            s += x * y;
                        }
                        assertThat(c[4 + i * ldc + j]).as("tA=%s tB=%s C[%d][%d]", tA, tB, i, j)
                                .isCloseTo(alpha * s + beta * c0[4 + i * ldc + j], within(1e-10));
                    }
                }
                // padding between rows untouched
                for (int i = 0; i < m; i++) {
                    for (int j = n; j < ldc && 4 + i * ldc + j < c.length; j++) {
                        assertThat(c[4 + i * ldc + j]).isEqualTo(c0[4 + i * ldc + j]);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void gemmAtBAccumulates(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int m = 9, n = 4, p = 3;
        double[] a = random(rnd, m * n), b = random(rnd, m * p), c0 = random(rnd, n * p);
        double[] c = c0.clone();
        be.gemmAtB(m, n, p, 2.0, a, b, c);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += a[r * n + i] * b[r * p + j];
                }
                assertThat(c[i * p + j]).isCloseTo(c0[i * p + j] + 2 * s, within(1e-10));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void gemvBothOrientations(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int m = 7, n = 4, lda = 6;
        double[] a = random(rnd, 1 + m * lda);
        double[] x = random(rnd, 2 + n), y0 = random(rnd, 3 + m);
        double[] y = y0.clone();
        be.gemv(false, m, n, 1.5, a, 1, lda, x, 2, 0.5, y, 3);
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a[1 + i * lda + j] * x[2 + j];
            }
            assertThat(y[3 + i]).isCloseTo(1.5 * s + 0.5 * y0[3 + i], within(1e-12));
        }
        double[] xt = random(rnd, m), yt0 = random(rnd, n);
        double[] yt = yt0.clone();
        be.gemv(true, m, n, -1.0, a, 1, lda, xt, 0, 2.0, yt, 0);
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += a[1 + i * lda + j] * xt[i];
            }
            assertThat(yt[j]).isCloseTo(-s + 2 * yt0[j], within(1e-12));
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void choleskySolvesAndFactorReproducesMatrix(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int n = 6;
        double[] a = spd(rnd, n);
        double[] aUpperOnly = a.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                aUpperOnly[i * n + j] = Double.NaN; // lower triangle must not be read
            }
        }
        double[] xTrue = random(rnd, n);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i] += a[i * n + j] * xTrue[j];
            }
        }
        Cholesky chol = be.cholesky(aUpperOnly, n);
        double[] x = chol.solve(b);
        for (int i = 0; i < n; i++) {
            assertThat(x[i]).isCloseTo(xTrue[i], within(1e-10));
        }
        double[] u = chol.factor();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k <= i; k++) {
                    s += u[k * n + i] * u[k * n + j]; // (U^T U)_ij
                }
                assertThat(s).isCloseTo(a[i * n + j], within(1e-9));
            }
        }
        assertThat(chol.conditionEstimate()).isGreaterThanOrEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void choleskyRejectsIndefiniteMatrix(String name) {
        DenseBackend be = Backends.named(name);
        double[] a = {1, 2, 0, 2, 1, 0, 0, 0, 3};
        assertThatThrownBy(() -> be.cholesky(a, 3)).isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("not positive definite");
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void eigenSatisfiesAvEqualsLambdaV(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int n = 7;
        double[] m = random(rnd, n * n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = m[i * n + j] + m[j * n + i]; // symmetric, indefinite
            }
        }
        SymmetricEigen e = be.symmetricEigen(a, n);
        double[] w = e.values();
        for (int k = 1; k < n; k++) {
            assertThat(w[k]).isGreaterThanOrEqualTo(w[k - 1]);
        }
        for (int k = 0; k < n; k++) {
            double[] v = e.vector(k);
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[i * n + j] * v[j];
                }
                assertThat(av).isCloseTo(w[k] * v[i], within(1e-9));
                norm += v[i] * v[i];
            }
            assertThat(norm).isCloseTo(1.0, within(1e-10));
        }
        double trace = 0, sum = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
            sum += w[i];
        }
        assertThat(sum).isCloseTo(trace, within(1e-9));
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void svdReconstructsRectangularMatrices(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        for (int[] dims : new int[][] {{7, 4}, {3, 6}}) {
            int m = dims[0], n = dims[1], r = Math.min(m, n);
            double[] a = random(rnd, m * n);
            Svd svd = be.svd(a, m, n);
            double[] u = svd.u(), s = svd.singularValues(), vt = svd.vt();
            for (int k = 1; k < r; k++) {
                assertThat(s[k]).isLessThanOrEqualTo(s[k - 1]);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double x = 0;
                    for (int k = 0; k < r; k++) {
                        x += u[i * r + k] * s[k] * vt[k * n + j];
                    }
                    assertThat(x).as("%dx%d A[%d][%d]", m, n, i, j).isCloseTo(a[i * n + j], within(1e-10));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void leastSquaresSatisfiesNormalEquations(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int m = 12, n = 4;
        double[] a = random(rnd, m * n), y = random(rnd, m);
        double[] x = be.leastSquares(a, m, n, y, 1e-12);
        // A^T (A x - y) = 0
        for (int j = 0; j < n; j++) {
            double g = 0;
            for (int i = 0; i < m; i++) {
                double r = -y[i];
                for (int l = 0; l < n; l++) {
                    r += a[i * n + l] * x[l];
                }
                g += a[i * n + j] * r;
            }
            assertThat(g).isCloseTo(0.0, within(1e-10));
        }
    }

    @Test
    void backendSelection() {
        assertThat(Backends.named("EJML")).isInstanceOf(EjmlBackend.class);
        assertThat(Backends.named("netlib")).isInstanceOf(NetlibBackend.class);
        assertThatThrownBy(() -> Backends.named("mkl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("netlib or ejml");
        String old = System.getProperty(Backends.PROPERTY);
        try {
            System.setProperty(Backends.PROPERTY, "ejml");
            assertThat(Backends.get().name()).isEqualTo("ejml");
            System.clearProperty(Backends.PROPERTY);
            assertThat(Backends.get().name()).isEqualTo("netlib");
        } finally {
            if (old != null) {
                System.setProperty(Backends.PROPERTY, old);
            }
        }
        assertThat(Backends.named("netlib").description()).contains("netlib");
    }

    /** V = U^-1 of a Cholesky factor: U V = I, V upper triangular, the strict lower triangle zeroed. */
    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void invertUpperInPlaceGivesTheInverseOfACholeskyFactor(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int n = 5 + rnd.nextInt(40);
        double[] u = be.cholesky(spd(rnd, n), n).factor().clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                u[i * n + j] = rnd.nextGaussian(); // garbage below the diagonal must be ignored and zeroed
            }
        }
        double[] v = u.clone();
        be.invertUpperInPlace(v, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j < i) {
                    assertThat(v[i * n + j]).isZero();
                }
                double s = 0;
                for (int k = i; k <= j; k++) {
                    s += u[i * n + k] * v[k * n + j];
                }
                assertThat(s).as("(U V)[%d][%d]", i, j).isCloseTo(i == j ? 1.0 : 0.0, within(1e-10));
            }
        }
        // both routes agree
        double[] java = u.clone();
        Dense.invertUpperInPlace(java, n);
        for (int k = 0; k < n * n; k++) {
            assertThat(v[k]).isCloseTo(java[k], within(1e-10 * (1 + Math.abs(java[k]))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void invertUpperInPlaceRefusesANonPositiveDiagonal(String name) {
        double[] u = {2, 1, 0, 0, 0, 3, 0, 0, 1};
        assertThatThrownBy(() -> Backends.named(name).invertUpperInPlace(u, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diagonal at 1");
    }

    /** X V with V upper triangular equals the naive product; the strict lower triangle of V is never read. */
    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void multiplyByUpperRightMatchesTheNaiveProduct(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int rows = 1 + rnd.nextInt(9), m = 3 + rnd.nextInt(30);
        double[] x = random(rnd, rows * m);
        double[] v = random(rnd, m * m);
        double[] expected = new double[rows * m];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k <= j; k++) {
                    expected[r * m + j] += x[r * m + k] * v[k * m + j];
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                v[i * m + j] = Double.NaN; // must not be read
            }
        }
        be.multiplyByUpperRight(x, rows, v, m);
        for (int k = 0; k < rows * m; k++) {
            assertThat(x[k]).isCloseTo(expected[k], within(1e-12 * (1 + Math.abs(expected[k]))));
        }
    }
}
