package org.zstar.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.linalg.NormalEquations;
import org.zstar.models.BecEvaluation;
import org.zstar.models.BecMetrics;
import org.zstar.models.BecModelSpec;
import org.zstar.models.BecTrainer;
import org.zstar.models.FrameDesign;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelKind;
import org.zstar.models.ReferenceEnvironments;
import org.zstar.models.TrainingOptions;
import org.zstar.structure.Structure;

/**
 * The cached learning curve must reproduce, for every subset, a direct fit with the same references: the
 * normal equations summed from per-frame contributions, the dipole model's subset-mean fixed charges (through
 * the cached C_s cross terms), the charge-regularisation rows, and the test metrics.
 */
class LearningCurveTest {
    static final List<ModelKind> KINDS = List.of(ModelKind.MONOPOLE, ModelKind.DIPOLE, ModelKind.COMBINED);

    static TrainingOptions options(ModelKind kind, double lambdaQ) {
        BecModelSpec linear = new BecModelSpec(kind, 4, BecModelSpec.DipoleKernel.LINEAR, 2,
                org.zstar.models.ChargeForm.AUTO, false, true);
        return TrainingOptions.builder(kind).spec(LearningCurve.specOf(linear, kind)).chargeRefs(4).dipoleRefs(3)
                .lambdaW(1e-8).lambdaQ(lambdaQ).threads(2).seed(42L).build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(0.0, 11L), Arguments.of(0.3, 12L));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everySubsetEqualsADirectFitWithThePoolReferences(double lambdaQ, long seed) {
        List<Structure> all = ExperimentFixtures.labelled(13);
        List<Structure> pool = all.subList(0, 10);
        List<Structure> test = all.subList(10, 13);
        AtomicDescriptor scalar = ExperimentFixtures.scalar();
        AtomicDescriptor vector = ExperimentFixtures.vector();
        LearningCurve.Result r = LearningCurve.run(pool, test, scalar, vector, KINDS, options(ModelKind.COMBINED, lambdaQ),
                new int[] {4, 10}, 2, seed, null);
        assertThat(r.points()).hasSize(6);
        for (ModelKind kind : KINDS) {
            TrainingOptions o = options(kind, lambdaQ);
            // references of a direct training on the whole pool: the learning curve must use the same
            BecTrainer.Fit full = BecTrainer.train(pool, scalar, vector, o, null);
            ReferenceEnvironments refs = full.model().references();
            for (LearningCurve.Point p : r.points()) {
                if (!p.model().equals(kind.label())) {
                    continue;
                }
                assertThat(p.subsets()).hasSize(p.size() == 10 ? 1 : 2);
                for (int k = 0; k < p.subsets().size(); k++) {
                    int[] subset = p.subsets().get(k);
                    assertThat(subset).hasSize(p.size());
                    double[] direct = directFit(kind, o, refs, pool, subset, test, scalar, vector);
                    assertThat(p.testRmse()[k]).as("%s size %d test RMSE", kind, p.size()).isCloseTo(direct[0], within(1e-9));
                    assertThat(p.testMae()[k]).isCloseTo(direct[1], within(1e-9));
                    assertThat(p.trainRmse()[k]).as("%s size %d train RMSE", kind, p.size()).isCloseTo(direct[2], within(1e-7));
                    assertThat(p.testNrmse()[k]).isCloseTo(direct[0] / LearningCurve.testReferenceStd(test), within(1e-9));
                }
                if (p.size() == 10) {
                    // the full pool equals BecTrainer.train + evaluation exactly
                    BecMetrics m = BecMetrics.of(test, BecEvaluation.becs(test,
                            BecEvaluation.predictAll(full.model(), test, null), false));
                    assertThat(p.testRmse()[0]).isCloseTo(m.rmse, within(1e-9));
                    assertThat(p.trainRmse()[0]).isCloseTo(full.trainRmse(), within(1e-7));
                }
            }
        }
    }

    /** Direct fit on a subset with given references: {test rmse, test mae, train rmse}. */
    static double[] directFit(ModelKind kind, TrainingOptions o, ReferenceEnvironments refs, List<Structure> pool,
            int[] subset, List<Structure> test, AtomicDescriptor scalar, AtomicDescriptor vector) {
        List<Structure> frames = new ArrayList<>();
        for (int f : subset) {
            frames.add(pool.get(f));
        }
        double[] fixed = null;
        if (!kind.hasCharges()) {
            // mean tr(Z)/3 of the subset per species (H, O)
            fixed = new double[2];
            int[] count = new int[2];
            for (Structure s : frames) {
                double[] z = s.bec();
                for (int j = 0; j < s.size(); j++) {
                    int sp = s.symbol(j).equals("H") ? 0 : 1;
                    fixed[sp] += (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3;
                    count[sp]++;
                }
            }
            fixed[0] /= count[0];
            fixed[1] /= count[1];
        }
        int m = refs.columns();
        KernelBecModel template = new KernelBecModel(o.spec(), scalar, vector, refs, new double[m], fixed, null);
        NormalEquations bec = new NormalEquations(m);
        NormalEquations chg = new NormalEquations(m);
        for (Structure s : frames) {
            FrameDesign d = template.design(s);
            double[] z = s.bec();
            double[] y = new double[z.length];
            for (int k = 0; k < y.length; k++) {
                y[k] = z[k] - d.becConstant[k];
            }
            bec.addBlock(d.bec, z.length, y, null);
            double[] yq = new double[s.size()];
            for (int j = 0; j < s.size(); j++) {
                yq[j] = (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3 - d.chargeConstant[j];
            }
            chg.addBlock(d.charges, s.size(), yq, null);
        }
        NormalEquations total = new NormalEquations(m);
        total.merge(bec);
        if (kind.hasCharges() && o.lambdaQ() > 0) {
            total.mergeScaled(chg, o.lambdaQ() * o.lambdaQ());
        }
        double[] g = bec.gram();
        double tr = 0;
        for (int i = 0; i < m; i++) {
            tr += g[i * m + i];
        }
        double[] w = total.solve(o.lambdaW() * tr / m).x();
        KernelBecModel model = new KernelBecModel(o.spec(), scalar, vector, refs, w, fixed, null);
        BecMetrics mt = BecMetrics.of(test, BecEvaluation.becs(test, BecEvaluation.predictAll(model, test, null), false));
        return new double[] {mt.rmse, mt.mae, Math.sqrt(bec.residualSumSquares(w) / bec.rowCount())};
    }

    @Test
    void subsetsAreSeededSortedDistinctAndTheFullPoolIsUsedOnce() {
        List<int[]> a = LearningCurve.subsets(20, 5, 3, 9);
        List<int[]> b = LearningCurve.subsets(20, 5, 3, 9);
        assertThat(a).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(a.get(k)).isEqualTo(b.get(k)).isSorted().doesNotHaveDuplicates().hasSize(5);
            assertThat(java.util.Arrays.stream(a.get(k)).allMatch(i -> i >= 0 && i < 20)).isTrue();
        }
        assertThat(a.get(0)).isNotEqualTo(a.get(1));
        assertThat(LearningCurve.subsets(20, 20, 3, 9)).hasSize(1);
        assertThat(LearningCurve.autoSizes(45)).containsExactly(5, 10, 20, 40, 45);
        assertThat(LearningCurve.autoSizes(40)).containsExactly(5, 10, 20, 40);
    }
}
