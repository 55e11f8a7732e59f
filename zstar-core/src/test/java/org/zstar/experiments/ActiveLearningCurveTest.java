package org.zstar.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.linalg.Backends;
import org.zstar.linalg.SymmetricEigen;
import org.zstar.models.ModelKind;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * The active-learning curve (docs/THEORY.md (AL5)): its random curve is the plain learning curve's, every pick is
 * the frame of largest {@code tr(H_S^-1 G_f)} by an independent (eigen-decomposition) inverse, and the whole pool
 * is one model for both strategies.
 */
class ActiveLearningCurveTest {

    /** Full symmetric H of the combined model on the summed frames (lambda_q = 0), as in SharedFit. */
    static double[] fullH(FrameSumStore st, PackedSums s, double lambdaW) {
        int m = st.m;
        double diag = 0;
        for (int i = 0; i < m; i++) {
            diag += SharedFit.entry(s.gram, m, i, i);
        }
        double[] h = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                h[i * m + j] = SharedFit.entry(s.gram, m, i, j) + (i == j ? lambdaW * diag / m : 0);
            }
        }
        return h;
    }

    /** {@code tr(H^-1 G_f)} with H^-1 from the eigen-decomposition (not the Cholesky path of the code). */
    static double bruteScore(FrameSumStore st, double[] h, int frame) {
        int m = st.m;
        SymmetricEigen e = Backends.get().symmetricEigen(h, m);
        PackedSums g = st.empty();
        g.addFile(FrameSumStore.frameFile(st.dir, frame));
        double t = 0;
        for (int k = 0; k < m; k++) {
            double[] v = e.vector(k);
            double q = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    q += v[i] * SharedFit.entry(g.gram, m, i, j) * v[j];
                }
            }
            t += q / e.values()[k];
        }
        return t;
    }

    @Test
    void picksMaximiseTheTraceAndTheRandomCurveIsThePlainOne(@TempDir Path dir) {
        List<Structure> all = ExperimentFixtures.labelled(13);
        List<Structure> pool = all.subList(0, 10);
        List<Structure> test = all.subList(10, 13);
        double lw = 1e-6;
        FrameSumStore st = FrameSumStore.build(pool, test, ExperimentFixtures.scalar(), ExperimentFixtures.vector(),
                SharedExperimentsTest.options(ModelKind.COMBINED, lw, 0), dir, "fixture", null);
        int[] sizes = {2, 4, 6, 10};
        ActiveLearningCurve.Result r = ActiveLearningCurve.run(st, sizes, 2, 5L, lw, 0.0, null);
        SharedExperiments.CurveRun plain = SharedExperiments.learningCurve(st, List.of(ModelKind.COMBINED),
                new int[] {2, 4, 6, 10}, 2, 5L, lw, 0.0, null);
        for (int i = 0; i < sizes.length; i++) {
            double[] expected = plain.curve().points().get(i).testRmse();
            ActiveLearningCurve.Point p = r.points().get(i);
            for (int rep = 0; rep < expected.length; rep++) {
                assertThat(p.randomTestRmse()[rep]).isCloseTo(expected[rep], within(1e-12));
            }
            if (i == 0 || sizes[i] == pool.size()) { // same seed set, same whole pool
                for (int rep = 0; rep < 2; rep++) {
                    assertThat(p.activeTestRmse()[rep]).isCloseTo(p.randomTestRmse()[rep], within(1e-9));
                }
            }
        }
        for (int rep = 0; rep < 2; rep++) {
            int[] order = r.activeOrders().get(rep);
            assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            int[] seeds = r.randomOrders().get(rep);
            assertThat(order[0]).isEqualTo(seeds[0]);
            assertThat(order[1]).isEqualTo(seeds[1]);
            for (int k = 2; k < 6; k++) { // the picks below the whole pool
                PackedSums s = st.sum(order, k);
                double[] h = fullH(st, s, lw);
                double best = -1;
                int argmax = -1;
                for (int f = 0; f < pool.size(); f++) {
                    boolean taken = false;
                    for (int j = 0; j < k; j++) {
                        taken |= order[j] == f;
                    }
                    double sc = taken ? -1 : bruteScore(st, h, f);
                    if (sc > best) {
                        best = sc;
                        argmax = f;
                    }
                }
                assertThat(order[k]).as("repeat %d pick %d", rep, k).isEqualTo(argmax);
                assertThat(r.pickScores().get(rep)[k]).isCloseTo(best, within(1e-6 * best));
            }
        }
        assertThat(ActiveLearningCurve.picks(10, sizes, 2)).isEqualTo(8);
        assertThatThrownBy(() -> ActiveLearningCurve.run(st, new int[] {4}, 1, 5L, lw, 0.0, null))
                .isInstanceOf(UserInputException.class);
    }
}
