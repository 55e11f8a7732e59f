package org.zstar.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both row-major products against naive triple loops on non-square shapes (a transposition fails). */
class GemmTest {

    private static double[] random(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void multiplyMatchesNaiveProduct() {
        Random rnd = new Random(1);
        int m = 5, k = 7, n = 3;
        double[] a = random(rnd, m * k);
        double[] b = random(rnd, k * n);
        double[] c = new double[m * n];
        Gemm.multiply(a, m, k, b, n, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += a[i * k + t] * b[t * n + j];
                }
                assertThat(c[i * n + j]).isCloseTo(s, within(1e-12));
            }
        }
    }

    @Test
    void multiplyTransposedMatchesNaiveProductWithOffset() {
        Random rnd = new Random(2);
        int m = 4, k = 6, n = 9, off = 5;
        double[] a = random(rnd, off + m * k);
        double[] b = random(rnd, n * k);
        double[] c = new double[m * n];
        Gemm.multiplyTransposed(a, off, m, k, b, n, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += a[off + i * k + t] * b[j * k + t];
                }
                assertThat(c[i * n + j]).isCloseTo(s, within(1e-12));
            }
        }
    }
}
