package org.zstar.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NormalEquationsTest {

    static Stream<Arguments> backendsAndSeeds() {
        return Stream.of("netlib", "ejml").flatMap(b -> Stream.of(11L, 12L).map(s -> Arguments.of(b, s)));
    }

    static double[] random(Random rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void streamingInBlocksEqualsOneShotAndMergeEqualsSequential(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int m = 53, n = 6;
        double[] a = random(rnd, m * n), y = random(rnd, m), w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = 0.1 + rnd.nextDouble();
        }
        NormalEquations one = new NormalEquations(n, be);
        one.addBlock(a, m, y, w);
        NormalEquations blocks = new NormalEquations(n, be);
        NormalEquations t1 = new NormalEquations(n, be), t2 = new NormalEquations(n, be);
        int[] cuts = {0, 5, 6, 20, 41, 53};
        for (int c = 0; c + 1 < cuts.length; c++) {
            int r0 = cuts[c], nr = cuts[c + 1] - cuts[c];
            blocks.addBlock(a, r0 * n, nr, n, y, r0, w, r0);
            (c % 2 == 0 ? t1 : t2).addBlock(a, r0 * n, nr, n, y, r0, w, r0);
        }
        t1.merge(t2);
        // naive G = A^T W A, b = A^T W y
        double[] g = new double[n * n], b = new double[n];
        double yy = 0;
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < n; i++) {
                b[i] += a[r * n + i] * w[r] * y[r];
                for (int j = 0; j < n; j++) {
                    g[i * n + j] += a[r * n + i] * w[r] * a[r * n + j];
                }
            }
            yy += w[r] * y[r] * y[r];
        }
        for (NormalEquations ne : new NormalEquations[] {one, blocks, t1}) {
            double[] gg = ne.gram(), bb = ne.rhs();
            for (int i = 0; i < n * n; i++) {
                assertThat(gg[i]).isCloseTo(g[i], within(1e-10));
            }
            for (int i = 0; i < n; i++) {
                assertThat(bb[i]).isCloseTo(b[i], within(1e-10));
            }
            assertThat(ne.sumSquaresY()).isCloseTo(yy, within(1e-10));
            assertThat(ne.rowCount()).isEqualTo(m);
        }
        // residual formula ||W^1/2 (A x - y)||^2 = x^T G x - 2 x^T b + y^T W y, at an arbitrary x
        double[] x = random(rnd, n);
        double rss = 0;
        for (int r = 0; r < m; r++) {
            double e = -y[r];
            for (int j = 0; j < n; j++) {
                e += a[r * n + j] * x[j];
            }
            rss += w[r] * e * e;
        }
        assertThat(blocks.residualSumSquares(x)).isCloseTo(rss, within(1e-9));
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void weightsEqualScaledRows(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int m = 20, n = 3;
        double[] a = random(rnd, m * n), y = random(rnd, m), w = new double[m];
        double[] as = new double[m * n], ys = new double[m];
        for (int r = 0; r < m; r++) {
            w[r] = r % 3 == 0 ? 4.0 : 0.25;
            double s = Math.sqrt(w[r]);
            for (int j = 0; j < n; j++) {
                as[r * n + j] = s * a[r * n + j];
            }
            ys[r] = s * y[r];
        }
        NormalEquations weighted = new NormalEquations(n, be), scaled = new NormalEquations(n, be);
        weighted.addBlock(a, m, y, w);
        scaled.addBlock(as, m, ys, null);
        double[] x1 = weighted.solve(0).x(), x2 = scaled.solve(0).x();
        for (int j = 0; j < n; j++) {
            assertThat(x1[j]).isCloseTo(x2[j], within(1e-10));
        }
        // a weighted solution differs from the unweighted one (the weights matter)
        NormalEquations plain = new NormalEquations(n, be);
        plain.addBlock(a, m, y, null);
        double[] x3 = plain.solve(0).x();
        double diff = 0;
        for (int j = 0; j < n; j++) {
            diff += Math.abs(x3[j] - x1[j]);
        }
        assertThat(diff).isGreaterThan(1e-3);
        assertThatThrownBy(() -> weighted.addBlock(a, 1, y, new double[] {-1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void tikhonovMatchesClosedFormAndRegularisationRowsEquivalent(String name) {
        DenseBackend be = Backends.named(name);
        // A = [[1,0],[1,1],[0,2]], y = [1,2,3]; G = [[2,1],[1,5]], b = [3,8]
        double[] a = {1, 0, 1, 1, 0, 2};
        double[] y = {1, 2, 3};
        double lambda = 0.5;
        NormalEquations ne = new NormalEquations(2, be);
        ne.addBlock(a, 3, y, null);
        NormalEquations.Solution s = ne.solve(lambda);
        // (G + lambda I) = [[2.5,1],[1,5.5]], det = 12.75; x = inv * [3,8]
        double det = 2.5 * 5.5 - 1;
        double x0 = (5.5 * 3 - 1 * 8) / det, x1 = (-1 * 3 + 2.5 * 8) / det;
        assertThat(s.x()[0]).isCloseTo(x0, within(1e-12));
        assertThat(s.x()[1]).isCloseTo(x1, within(1e-12));
        assertThat(s.report().method()).isEqualTo(SolveReport.Method.CHOLESKY);
        assertThat(s.report().isFallback()).isFalse();
        assertThat(s.report().message()).contains("Cholesky");
        // the same with regularisation rows sqrt(lambda) e_j, target 0
        NormalEquations rows = new NormalEquations(2, be);
        rows.addBlock(a, 3, y, null);
        rows.addRows(new double[] {1, 0, 0, 1}, 2, new double[] {0, 0}, lambda);
        double[] xr = rows.solve(0).x();
        assertThat(xr[0]).isCloseTo(x0, within(1e-12));
        assertThat(xr[1]).isCloseTo(x1, within(1e-12));
        assertThat(rows.rowCount()).isEqualTo(3);
        // per-unknown diagonal: lambda only on unknown 0 equals a single regularisation row
        NormalEquations.Solution sd = ne.solve(new NormalEquations.Options().diagonal(new double[] {lambda, 0}));
        NormalEquations one = new NormalEquations(2, be);
        one.addBlock(a, 3, y, null);
        one.addRow(new double[] {Math.sqrt(lambda), 0}, 0, 1.0);
        double[] xo = one.solve(0).x();
        assertThat(sd.x()[0]).isCloseTo(xo[0], within(1e-12));
        assertThat(sd.x()[1]).isCloseTo(xo[1], within(1e-12));
        assertThat(Math.abs(sd.x()[1] - x1)).isGreaterThan(1e-3);
        assertThat(rows.extraRowCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("backendsAndSeeds")
    void rankDeficientSystemFallsBackToMinimumNormSolution(String name, long seed) {
        DenseBackend be = Backends.named(name);
        Random rnd = new Random(seed);
        int m = 40, n = 5;
        // columns 3 and 4 duplicate columns 0 and 1 (plus 1e-14 noise): rank 3
        double[] a = new double[m * n];
        double[] base = random(rnd, m * 3);
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < 3; j++) {
                a[r * n + j] = base[r * 3 + j];
            }
            a[r * n + 3] = base[r * 3] * (1 + 1e-14 * rnd.nextGaussian());
            a[r * n + 4] = base[r * 3 + 1];
        }
        double[] xGen = {1, -2, 0.5, 0, 0};
        double[] y = new double[m];
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                y[r] += a[r * n + j] * xGen[j];
            }
        }
        NormalEquations ne = new NormalEquations(n, be);
        ne.addBlock(a, m, y, null);
        NormalEquations.Solution s = ne.solve(0);
        SolveReport rep = s.report();
        assertThat(rep.method()).isEqualTo(SolveReport.Method.EIGEN_PSEUDO_INVERSE);
        assertThat(rep.discarded()).isEqualTo(2);
        assertThat(rep.fallbackReason()).isNotNull();
        assertThat(rep.message()).contains("ill-conditioned").contains("discarding 2 of 5");
        // minimum norm: the weights of duplicated columns are split equally: (0.5, -1, 0.5, 0.5, -1)
        double[] expect = {0.5, -1, 0.5, 0.5, -1};
        for (int j = 0; j < n; j++) {
            assertThat(s.x()[j]).as("x[%d]", j).isCloseTo(expect[j], within(1e-6));
        }
        assertThat(ne.residualSumSquares(s.x())).isCloseTo(0.0, within(1e-8));
        // the Cholesky-only method refuses or reports; the explicit eigen method gives the same answer
        NormalEquations.Solution e = ne.solve(new NormalEquations.Options().method(NormalEquations.Options.Method.EIGEN));
        assertThat(e.report().fallbackReason()).isNull();
        for (int j = 0; j < n; j++) {
            assertThat(e.x()[j]).isCloseTo(expect[j], within(1e-6));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlib", "ejml"})
    void conditionThresholdTriggersFallbackAndExactConditionIsReported(String name) {
        DenseBackend be = Backends.named(name);
        // diagonal G = diag(1, 1e-8): cond 1e8
        NormalEquations ne = new NormalEquations(2, be);
        ne.addBlock(new double[] {1, 0, 0, 1e-4}, 2, new double[] {2, 3e-4}, null);
        NormalEquations.Solution ok = ne.solve(new NormalEquations.Options().exactCondition(true));
        assertThat(ok.report().method()).isEqualTo(SolveReport.Method.CHOLESKY);
        assertThat(ok.report().conditionEstimate()).isCloseTo(1e8, within(1e-2));
        assertThat(ok.x()[1]).isCloseTo(3, within(1e-9));
        NormalEquations.Solution fb = ne.solve(new NormalEquations.Options().maxCondition(1e6));
        assertThat(fb.report().isFallback()).isTrue();
        assertThat(fb.report().fallbackReason()).contains("exceeds");
        assertThat(fb.report().discarded()).isEqualTo(1);
        assertThat(fb.x()[0]).isCloseTo(2, within(1e-12));
        assertThat(fb.x()[1]).isEqualTo(0.0);
        assertThatThrownBy(() -> ne.solve(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
