package org.zstar.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NormalEquationsMergeScaledTest {

    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void scaledMergeEqualsRowsAddedWithThatWeight(String name) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(7);
        int n = 5;
        double[] a = new double[20 * n], y = new double[20], c = new double[7 * n], yc = new double[7];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < 20; i++) {
            y[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < 7; i++) {
            yc[i] = rnd.nextGaussian();
        }
        double scale = 2.7;
        NormalEquations direct = new NormalEquations(n, be);
        direct.addBlock(a, 20, y, null);
        direct.addRows(c, 7, yc, scale);
        NormalEquations data = new NormalEquations(n, be);
        data.addBlock(a, 20, y, null);
        NormalEquations extra = new NormalEquations(n, be);
        extra.addBlock(c, 7, yc, null);
        data.mergeScaled(extra, scale);
        assertThat(data.gram()).containsExactly(direct.gram(), within(1e-12));
        assertThat(data.rhs()).containsExactly(direct.rhs(), within(1e-12));
        assertThat(data.sumSquaresY()).isCloseTo(direct.sumSquaresY(), within(1e-12));
        assertThat(data.rowCount()).isEqualTo(20);
        assertThat(data.solve(0.1).x()).containsExactly(direct.solve(0.1).x(), within(1e-10));
    }
}
