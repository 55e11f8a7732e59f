package org.zstar.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tiled update C += alpha A^T A: the upper triangle of the plain product, and the same bits on any executor. */
class GramUpdateTest {

    /** The exact upper triangle of C0 + alpha A^T A by a plain triple loop (A row-major m x n, leading dimension lda). */
    private static double[] reference(double[] c0, double alpha, double[] a, int aOff, int m, int n, int lda) {
        double[] c = c0.clone();
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += a[aOff + r * lda + i] * a[aOff + r * lda + j];
                }
                c[i * n + j] += alpha * s;
            }
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void tilesGiveTheUpperTriangleOfTheProductForAnyExecutor(String name) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(7);
        // three tiles, the last one partial (1100 = 2 x 512 + 76); A inside a wider array, at an offset
        int m = 23, n = 2 * GramUpdate.TILE + 76, lda = n + 5, aOff = 3;
        double[] a = DenseBackendTest.random(rnd, aOff + m * lda);
        double[] c0 = DenseBackendTest.random(rnd, n * n);
        double alpha = -0.75;
        double[] want = reference(c0, alpha, a, aOff, m, n, lda);

        double[] serial = c0.clone();
        new GramUpdate(be).addAtA(m, n, alpha, a, aOff, lda, serial, n, null);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                assertThat(serial[i * n + j]).as("C[%d][%d]", i, j).isCloseTo(want[i * n + j], within(1e-11));
            }
        }
        // the strictly lower triangle is not touched by any tile (ejml may fill its own small tiles fully)
        if (name.equals("netlib")) {
            assertThat(serial[(n - 1) * n]).isEqualTo(c0[(n - 1) * n]);
        }
        for (int threads : new int[] {1, 2, 3}) {
            ExecutorService pool = new ForkJoinPool(threads);
            try {
                double[] parallel = c0.clone();
                GramUpdate g = new GramUpdate(be);
                g.addAtA(m, n, alpha, a, aOff, lda, parallel, n, pool);
                assertThat(parallel).as("%d threads", threads).isEqualTo(serial);
                // the scratch is reused: a second call adds the same again
                g.addAtA(m, n, -alpha, a, aOff, lda, parallel, n, pool);
                for (int i = 0; i < n; i++) {
                    for (int j = i; j < n; j++) {
                        assertThat(parallel[i * n + j]).isCloseTo(c0[i * n + j], within(1e-11));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A row-major array with no slack after its last row (as a frame design is): netlib's checks must pass. */
    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void aTightArrayIsUpdatedWithoutSlack(String name) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(3);
        int m = 9, n = 3 * GramUpdate.TILE + 1;
        double[] a = DenseBackendTest.random(rnd, m * n);
        double[] c = new double[n * n];
        ExecutorService pool = new ForkJoinPool(2);
        try {
            new GramUpdate(be).addAtA(m, n, 1.0, a, 0, n, c, n, pool);
        } finally {
            pool.shutdownNow();
        }
        double[] want = reference(new double[n * n], 1.0, a, 0, m, n, n);
        for (int i = 0; i < n; i += 7) {
            for (int j = i; j < n; j++) {
                assertThat(c[i * n + j]).isCloseTo(want[i * n + j], within(1e-11));
            }
        }
        assertThat(c[n * n - 1]).isCloseTo(want[n * n - 1], within(1e-11));
    }

    /** One row: the whole update is the rank-1 step of the last row. */
    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void aSingleRowIsARankOneUpdate(String name) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(5);
        int n = GramUpdate.TILE + 9;
        double[] a = DenseBackendTest.random(rnd, n);
        double[] c = new double[n * n];
        new GramUpdate(be).addAtA(1, n, 2.0, a, 0, n, c, n, ForkJoinPool.commonPool());
        double[] want = reference(new double[n * n], 2.0, a, 0, 1, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                assertThat(c[i * n + j]).isCloseTo(want[i * n + j], within(1e-12));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void oneTileIsOnePlainSyrk(String name) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(11);
        int m = 17, n = GramUpdate.TILE - 12;
        double[] a = DenseBackendTest.random(rnd, m * n);
        double[] plain = new double[n * n];
        be.syrkAtA(m, n, 1.0, a, 0, n, plain, n);
        double[] tiled = new double[n * n];
        new GramUpdate(be).addAtA(m, n, 1.0, a, 0, n, tiled, n, ForkJoinPool.commonPool());
        assertThat(tiled).isEqualTo(plain);
    }
}
