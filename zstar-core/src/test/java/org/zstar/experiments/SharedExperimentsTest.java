package org.zstar.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.learning.TrainingPool;
import org.zstar.models.BecEvaluation;
import org.zstar.models.BecMetrics;
import org.zstar.models.BecModelSpec;
import org.zstar.models.BecTrainer;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelKind;
import org.zstar.models.ReferenceEnvironments;
import org.zstar.models.SharedDesign;
import org.zstar.models.TrainingOptions;
import org.zstar.structure.Structure;

/**
 * The shared design (docs/THEORY.md (E8)-(E10)) against direct trainings: every model of every subset solved from
 * the per-frame sums of ONE combined design pass must equal {@code BecTrainer} on that subset (with the pool's
 * references), the whole pool must equal {@code BecTrainer.train} (which selects its own references), and a
 * regularisation-map point must equal the assembled combined model's solve with its test predictions.
 */
class SharedExperimentsTest {
    static final List<ModelKind> KINDS = List.of(ModelKind.MONOPOLE, ModelKind.DIPOLE, ModelKind.COMBINED);

    /** The default model form (feature dipoles, modulators on a feature subset, charge offsets) at fixture size. */
    static TrainingOptions options(ModelKind kind, double lambdaW, double lambdaQ) {
        return TrainingOptions.builder(kind).spec(BecModelSpec.defaults(kind)).chargeRefs(4).dipoleModulators(2)
                .modulatedFeatures(5).lambdaW(lambdaW).lambdaQ(lambdaQ).threads(2).seed(42L).build();
    }

    static BecMetrics metrics(KernelBecModel model, List<Structure> test) {
        return BecMetrics.of(test, BecEvaluation.becs(test, BecEvaluation.predictAll(model, test, null), false));
    }

    @Test
    void everyModelOfEverySubsetEqualsADirectTraining(@TempDir Path dir) throws Exception {
        List<Structure> all = ExperimentFixtures.labelled(13);
        List<Structure> pool = all.subList(0, 10);
        List<Structure> test = all.subList(10, 13);
        AtomicDescriptor scalar = ExperimentFixtures.scalar();
        AtomicDescriptor vector = ExperimentFixtures.vector();
        FrameSumStore st = FrameSumStore.build(pool, test, scalar, vector, options(ModelKind.COMBINED, 1e-8, 0), dir,
                "fixture", null);
        assertThat(st.reused).isFalse();
        SharedExperiments.CurveRun run = SharedExperiments.learningCurve(st, KINDS, new int[] {3, 6, 10}, 2, 5L, 1e-8,
                0.0, null);
        assertThat(run.curve().points()).hasSize(9);
        BecTrainer.PreparedData prepared = BecTrainer.prepare(pool, options(ModelKind.COMBINED, 1e-8, 0).projectAsr());
        try (TrainingPool tp = new TrainingPool(2)) {
            for (ModelKind kind : KINDS) {
                TrainingOptions o = options(kind, 1e-8, 0);
                // (E8) a model's own selection on the pool gives exactly the block of the combined references
                ReferenceEnvironments own = BecTrainer.selectReferences(prepared, scalar, vector, o, tp);
                assertThat(SharedDesign.sameReferences(own, SharedDesign.block(kind, st.references()))).as("%s", kind)
                        .isTrue();
                for (LearningCurve.Point p : run.curve().points()) {
                    if (!p.model().equals(kind.label())) {
                        continue;
                    }
                    for (int k = 0; k < p.subsets().size(); k++) {
                        List<Structure> frames = new ArrayList<>();
                        for (int f : p.subsets().get(k)) {
                            frames.add(prepared.frames().get(f));
                        }
                        BecTrainer.Fit direct = BecTrainer.assemble(new BecTrainer.PreparedData(frames,
                                prepared.species(), 0), scalar, vector, o, own, 0, null, tp).solve(1e-8, 0);
                        BecMetrics m = metrics(direct.model(), test);
                        assertThat(p.testRmse()[k]).as("%s size %d test RMSE", kind, p.size()).isCloseTo(m.rmse, within(1e-9));
                        assertThat(p.testNrmse()[k]).isCloseTo(m.nrmse, within(1e-9));
                        assertThat(p.trainRmse()[k]).as("%s size %d train RMSE", kind, p.size())
                                .isCloseTo(direct.trainRmse(), within(1e-8));
                    }
                }
                // the whole pool against a direct training that selects its own references
                BecTrainer.Fit full = BecTrainer.train(pool, scalar, vector, o, null);
                SharedFit shared = run.fullFits().get(kind);
                assertThat(shared.weights).hasSize(full.model().weights().length);
                double[] wd = full.model().weights();
                double scale = 0;
                for (double v : wd) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int c = 0; c < wd.length; c++) {
                    assertThat(shared.weights[c]).as("%s weight %d", kind, c).isCloseTo(wd[c], within(1e-7 * scale));
                }
                if (kind == ModelKind.DIPOLE) {
                    assertThat(shared.fixedCharges).containsExactly(full.model().fixedCharges(), within(1e-12));
                }
                KernelBecModel rebuilt = shared.model(st, pool.size(), null);
                assertThat(metrics(rebuilt, test).rmse).isCloseTo(metrics(full.model(), test).rmse, within(1e-9));
                assertThat(shared.testRmse).isCloseTo(metrics(full.model(), test).rmse, within(1e-9));
            }
        }
        // a second build with the same key reads the files instead of designing again, with the same sums
        FrameSumStore again = FrameSumStore.build(pool, test, scalar, vector, options(ModelKind.COMBINED, 1e-8, 0), dir,
                "fixture", null);
        assertThat(again.reused).isTrue();
        SharedFit a = SharedExperiments.fit(again, SharedExperiments.wholePool(again), ModelKind.COMBINED, 1e-8, 0);
        assertThat(a.testRmse).isCloseTo(run.fullFits().get(ModelKind.COMBINED).testRmse, within(1e-10));
        // an interrupted pool pass resumes: only the missing frame is designed, the sums are the same
        java.nio.file.Files.delete(FrameSumStore.frameFile(dir, 3));
        java.util.List<Integer> designed = new ArrayList<>();
        FrameSumStore resumed = FrameSumStore.build(pool, test, scalar, vector, options(ModelKind.COMBINED, 1e-8, 0), dir,
                "fixture", true, designed::add);
        assertThat(resumed.reused).isFalse();
        SharedFit b = SharedExperiments.fit(resumed, SharedExperiments.wholePool(resumed), ModelKind.COMBINED, 1e-8, 0);
        assertThat(b.testRmse).isCloseTo(a.testRmse, within(1e-12));
        FrameSumStore other = FrameSumStore.build(pool, test, scalar, vector, options(ModelKind.COMBINED, 1e-8, 0), dir,
                "another key", null);
        assertThat(other.reused).isFalse();
    }

    @Test
    void regularisationMapPointsEqualTheAssembledCombinedModel(@TempDir Path dir) {
        List<Structure> all = ExperimentFixtures.labelled(12);
        List<Structure> pool = all.subList(0, 9);
        List<Structure> test = all.subList(9, 12);
        AtomicDescriptor scalar = ExperimentFixtures.scalar();
        AtomicDescriptor vector = ExperimentFixtures.vector();
        TrainingOptions o = options(ModelKind.COMBINED, 1e-8, 0);
        FrameSumStore st = FrameSumStore.build(pool, test, scalar, vector, o, dir, "fixture", null);
        double[] lw = {1e-8, 1e-4};
        double[] lq = {0, 0.5};
        RegScan.Result map = SharedExperiments.regMap(st, SharedExperiments.wholePool(st), lw, lq, null);
        BecTrainer.Assembled assembled = BecTrainer.assemble(BecTrainer.prepare(pool, o.projectAsr()), scalar, vector, o, null);
        RegScan.Result direct = RegScan.run(assembled, test, lw, lq, null);
        for (int iq = 0; iq < lq.length; iq++) {
            for (int iw = 0; iw < lw.length; iw++) {
                RegScan.Point p = map.at(iq, iw);
                RegScan.Point d = direct.at(iq, iw);
                assertThat(p.testRmse()).isCloseTo(d.testRmse(), within(1e-9));
                assertThat(p.trainRmse()).isCloseTo(d.trainRmse(), within(1e-8));
                assertThat(p.maxAbsCharge()).isCloseTo(d.maxAbsCharge(), within(1e-8));
                assertThat(p.maxAbsDipole()).isCloseTo(d.maxAbsDipole(), within(1e-8));
                for (String s : map.species()) {
                    assertThat(p.meanCharge().get(s)).isCloseTo(d.meanCharge().get(s), within(1e-9));
                }
            }
        }
        // the charge regularisation acts: at lambda_q = 0.5 the mean charges move towards the mean tr(Z)/3
        assertThat(map.at(1, 0).testRmse()).isNotEqualTo(map.at(0, 0).testRmse());
    }
}
