package org.zstar.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pivoted-Cholesky feature pick of docs/THEORY.md (D5). */
class FeatureSelectionTest {

    /** Second moments C = X^T X of the columns of a row-major rows x n matrix. */
    private static double[] moments(double[] x, int rows, int n) {
        double[] c = new double[n * n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += x[r * n + i] * x[r * n + j];
                }
            }
        }
        return c;
    }

    @Test
    void aFeatureThatOthersExplainIsPickedLastEvenWhenItIsLargest() {
        // columns: a, b, 3a + 2b (the largest, but a combination of a and b), c (small, independent)
        int rows = 50, n = 4;
        Random rnd = new Random(3);
        double[] x = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            double a = rnd.nextGaussian(), b = rnd.nextGaussian(), c = 0.05 * rnd.nextGaussian();
            x[r * n] = a;
            x[r * n + 1] = b;
            x[r * n + 2] = 3 * a + 2 * b;
            x[r * n + 3] = c;
        }
        double[] c = moments(x, rows, n);
        int[] three = FeatureSelection.pivotedCholesky(c, n, 3);
        // the first pick is the largest column (2); after two of {a, b, 3a+2b} the third has no residual left
        assertThat(three).hasSize(3).contains(2, 3);
        int[] all = FeatureSelection.pivotedCholesky(c, n, 4);
        assertThat(all).as("rank 3: the dependent fourth pick is refused").hasSize(3);
        int[] one = FeatureSelection.pivotedCholesky(c, n, 1);
        assertThat(one).containsExactly(2);
    }

    @Test
    void picksAreSortedDistinctAndDeterministic() {
        int rows = 40, n = 12;
        Random rnd = new Random(8);
        double[] x = new double[rows * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = rnd.nextGaussian() * (1 + (k % n));
        }
        double[] c = moments(x, rows, n);
        int[] p = FeatureSelection.pivotedCholesky(c, n, 7);
        assertThat(p).hasSize(7).isSorted().doesNotHaveDuplicates();
        assertThat(FeatureSelection.pivotedCholesky(c.clone(), n, 7)).containsExactly(p);
        // the largest-scaled column (index n - 1) comes first
        assertThat(FeatureSelection.pivotedCholesky(c, n, 1)).containsExactly(n - 1);
    }
}
