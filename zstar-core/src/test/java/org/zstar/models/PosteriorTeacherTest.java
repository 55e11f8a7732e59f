package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Structure;

/**
 * A teacher whose BECs carry Gaussian noise of known size: the posterior's noise estimate recovers it, the error
 * bars cover the held-out labels at the nominal rates, the model variance matches the actual error against the
 * noiseless teacher, and with a different noise per species the calibration (U5) recovers each level.
 */
class PosteriorTeacherTest {
    static final int TRAIN = 100;
    static final int TEST = 20;

    record Setup(KernelBecModel teacher, List<Structure> train, List<Structure> test, List<Structure> clean) {
    }

    /** Teacher labels plus noise of standard deviation sigmaH (H atoms) and sigmaO (O atoms). */
    static Setup setup(double sigmaH, double sigmaO) {
        List<Structure> frames = new ArrayList<>();
        for (int f = 0; f < TRAIN + TEST; f++) {
            frames.add(KernelBecModelPropertiesTest.periodic(500 + f));
        }
        KernelBecModel teacher = KernelBecModelPropertiesTest.randomModel(ModelKind.DIPOLE,
                BecModelSpec.DipoleKernel.LINEAR, ChargeForm.LOCAL, frames.get(0), 23);
        Random rnd = new Random(77);
        List<Structure> noisy = new ArrayList<>();
        List<Structure> clean = new ArrayList<>();
        for (Structure s : frames) {
            double[] z = teacher.predict(s).bec();
            clean.add(s.toBuilder().bec(z.clone()).build());
            for (int j = 0; j < s.size(); j++) {
                double sg = s.symbol(j).equals("H") ? sigmaH : sigmaO;
                for (int k = 0; k < 9; k++) {
                    z[9 * j + k] += sg * rnd.nextGaussian();
                }
            }
            noisy.add(s.toBuilder().bec(z).build());
        }
        return new Setup(teacher, noisy.subList(0, TRAIN), noisy.subList(TRAIN, TRAIN + TEST),
                clean.subList(TRAIN, TRAIN + TEST));
    }

    static TrainingOptions options() {
        BecModelSpec spec = new BecModelSpec(ModelKind.DIPOLE, 3, BecModelSpec.DipoleKernel.FEATURES, 3,
                ChargeForm.LOCAL, true, false);
        return TrainingOptions.builder(ModelKind.DIPOLE).spec(spec).dipoleRefs(21).dipoleModulators(0)
                .lambdaW(1e-10).projectAsr(false).fixedCharges(Map.of("H", 0.4, "O", -0.8)).threads(1).seed(1L)
                .build();
    }

    static List<UncertainPrediction> predictions(KernelBecModel model, List<Structure> frames) {
        List<UncertainPrediction> out = new ArrayList<>();
        for (Structure s : frames) {
            out.add(UncertainPrediction.of(model, s));
        }
        return out;
    }

    @Test
    void oneNoiseLevelIsRecoveredAndCoversAtTheNominalRates() {
        double sigma = 0.02;
        Setup t = setup(sigma, sigma);
        BecTrainer.PreparedData data = BecTrainer.prepare(t.train(), false);
        BecTrainer.Assembled a = assembled(t, data);
        KernelBecModel model = a.solve(1e-10, 0, true).model();
        BecPosterior post = model.posterior();
        System.out.printf("teacher noise 0.02: estimated %.5f, gamma %.2f of %d weights, %d rows%n",
                Math.sqrt(post.noiseVariance()), post.effectiveParameters(), post.columns(), post.observations());
        // relative standard error of the estimate ~ 1 / sqrt(2 (N - gamma)) ~ 1.3 %
        assertThat(Math.sqrt(post.noiseVariance())).isCloseTo(sigma, within(0.05 * sigma));
        assertThat(post.effectiveParameters()).isGreaterThan(5).isLessThanOrEqualTo(post.columns());

        List<UncertainPrediction> preds = predictions(model, t.test());
        UncertaintyMetrics m = UncertaintyMetrics.of(t.test(), preds.stream().map(p -> p.prediction().bec()).toList(),
                preds.stream().map(UncertainPrediction::becStd).toList(), null);
        System.out.printf("coverage 1 sigma %.3f, 2 sigma %.3f, NLL %.3f over %d components%n", m.coverage1Sigma,
                m.coverage2Sigma, m.meanNll, m.components);
        assertThat(m.coverage1Sigma).isCloseTo(0.6827, within(0.05));
        assertThat(m.coverage2Sigma).isCloseTo(0.9545, within(0.025));

        // the model part alone against the noiseless teacher: mean of err^2 / (s^2 h) is 1 (U3)
        double ratio = 0;
        int count = 0;
        for (int f = 0; f < TEST; f++) {
            double[] truth = t.clean().get(f).bec();
            double[] z = preds.get(f).prediction().bec();
            double[] sd = preds.get(f).becModelStd();
            for (int k = 0; k < z.length; k++) {
                ratio += (z[k] - truth[k]) * (z[k] - truth[k]) / (sd[k] * sd[k]);
                count++;
            }
        }
        ratio /= count;
        System.out.printf("model part: mean err^2 / (s^2 h) = %.3f%n", ratio);
        assertThat(ratio).isBetween(0.6, 1.6);
    }

    @Test
    void posteriorRoundTripsThroughTheModelFileAndOldFilesHaveNone(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        Setup t = setup(0.01, 0.04);
        BecTrainer.PreparedData data = BecTrainer.prepare(t.train(), false);
        BecTrainer.Assembled a = assembled(t, data);
        KernelBecModel fitted = a.solve(1e-10, 0, true).model();
        KernelBecModel model = fitted.withPosterior(fitted.posterior().withCalibration(
                PosteriorCalibration.calibrate(data, a, 1e-10, 0, 0.3)));
        java.nio.file.Path file = dir.resolve("m.zstar");
        ModelFiles.save(model, file);
        KernelBecModel back = ModelFiles.load(file, org.zstar.testutil.ToyDescriptor::fromMap);
        assertThat(back.posterior().calibration().modelVarianceScale())
                .isEqualTo(model.posterior().calibration().modelVarianceScale());
        UncertainPrediction p0 = UncertainPrediction.of(model, t.test().get(0));
        UncertainPrediction p1 = UncertainPrediction.of(back, t.test().get(0));
        for (int k = 0; k < p0.becStd().length; k++) {
            assertThat(p1.becStd()[k]).isCloseTo(p0.becStd()[k], within(1e-6 * p0.becStd()[k]));
            // the float32 factor: the model part to single precision, amplified at most by the cancellation in V^T b
            assertThat(p1.becModelStd()[k]).isCloseTo(p0.becModelStd()[k], within(1e-4 * p0.becModelStd()[k]));
        }
        // a file written without a posterior (as every file before it existed) loads with no uncertainty
        java.nio.file.Path old = dir.resolve("old.zstar");
        ModelFiles.save(model.withPosterior(null), old);
        KernelBecModel none = ModelFiles.load(old, org.zstar.testutil.ToyDescriptor::fromMap);
        assertThat(none.posterior()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UncertainPrediction.of(none, t.test().get(0)))
                .isInstanceOf(org.zstar.util.UserInputException.class).hasMessageContaining("no uncertainty");
    }

    /** The held-out frames are designed by a pool: the calibration is the same numbers for any thread count. */
    @Test
    void calibrationDoesNotDependOnTheThreadCount() {
        Setup t = setup(0.01, 0.04);
        BecTrainer.PreparedData data = BecTrainer.prepare(t.train(), false);
        BecTrainer.Assembled a = assembled(t, data);
        BecPosterior.Calibration one = PosteriorCalibration.calibrate(data, a, 1e-10, 0, 0.3, 1);
        BecPosterior.Calibration three = PosteriorCalibration.calibrate(data, a, 1e-10, 0, 0.3, 3);
        assertThat(three.frames()).isEqualTo(one.frames());
        assertThat(three.modelVarianceScale()).isEqualTo(one.modelVarianceScale());
        for (int s = 0; s < one.noiseVariance().length; s++) {
            assertThat(three.noiseVariance()[s]).isEqualTo(one.noiseVariance()[s]);
        }
    }

    /**
     * The assembly keeps the held-out frames' designs for the calibration: the same calibration to the last bit as
     * designing them again, and the store is emptied afterwards.
     */
    @Test
    void keptDesignsGiveTheSameCalibrationAsDesigningAgain() {
        Setup t = setup(0.01, 0.04);
        BecTrainer.PreparedData data = BecTrainer.prepare(t.train(), false);
        BecPosterior.Calibration again = PosteriorCalibration.calibrate(data, assembled(t, data), 1e-10, 0, 0.3, 2);
        int first = PosteriorCalibration.firstHeldOut(data.frames().size(), 0.3);
        assertThat(first).isEqualTo(70);
        BecTrainer.Assembled keeping = BecTrainer.assemble(data, t.teacher().scalarDescriptor(),
                t.teacher().vectorDescriptor(), options(), null, first);
        assertThat(keeping.keptDesigns()).isEqualTo(30);
        BecPosterior.Calibration kept = PosteriorCalibration.calibrate(data, keeping, 1e-10, 0, 0.3, 2);
        assertThat(keeping.keptDesigns()).isZero();
        assertThat(kept.frames()).isEqualTo(again.frames());
        assertThat(kept.modelVarianceScale()).isEqualTo(again.modelVarianceScale());
        for (int s = 0; s < again.noiseVariance().length; s++) {
            assertThat(kept.noiseVariance()[s]).isEqualTo(again.noiseVariance()[s]);
        }
    }

    @Test
    void calibrationRecoversANoiseLevelPerSpecies() {
        Setup t = setup(0.01, 0.04);
        BecTrainer.PreparedData data = BecTrainer.prepare(t.train(), false);
        BecTrainer.Assembled a = assembled(t, data);
        KernelBecModel model = a.solve(1e-10, 0, true).model();
        BecPosterior.Calibration cal = PosteriorCalibration.calibrate(data, a, 1e-10, 0, 0.3);
        assertThat(cal.frames()).hasSize(30).startsWith(70).endsWith(99); // the last training frames, never a test one
        int h = cal.species().indexOf("H");
        int o = cal.species().indexOf("O");
        System.out.printf("calibrated sigma H %.4f/%.4f, O %.4f/%.4f (diag/off), model-variance scale %.3g%n",
                Math.sqrt(cal.noiseVariance()[h][0]), Math.sqrt(cal.noiseVariance()[h][1]),
                Math.sqrt(cal.noiseVariance()[o][0]), Math.sqrt(cal.noiseVariance()[o][1]), cal.modelVarianceScale());
        // 30 frames x 3 atoms x (3 or 6) components per group: relative error of a sigma <= 1 / sqrt(2 * 270) = 4 %
        for (int c = 0; c < 2; c++) {
            assertThat(Math.sqrt(cal.noiseVariance()[h][c])).isCloseTo(0.01, within(0.0015));
            assertThat(Math.sqrt(cal.noiseVariance()[o][c])).isCloseTo(0.04, within(0.006));
        }
        assertThat(cal.heldOutNllAfter()).isLessThan(cal.heldOutNllBefore());

        KernelBecModel calibrated = model.withPosterior(model.posterior().withCalibration(cal));
        List<UncertainPrediction> preds = predictions(calibrated, t.test());
        List<double[]> z = preds.stream().map(p -> p.prediction().bec()).toList();
        for (String sp : List.of("H", "O")) {
            UncertaintyMetrics before = UncertaintyMetrics.of(t.test(), z,
                    preds.stream().map(UncertainPrediction::becStdUncalibrated).toList(), sp::equals);
            UncertaintyMetrics after = UncertaintyMetrics.of(t.test(), z,
                    preds.stream().map(UncertainPrediction::becStd).toList(), sp::equals);
            System.out.printf("%s: 2-sigma coverage one noise level %.3f, calibrated %.3f%n", sp,
                    before.coverage2Sigma, after.coverage2Sigma);
            assertThat(after.coverage2Sigma).isCloseTo(0.9545, within(0.035));
        }
        // one noise level between 0.01 and 0.04 over-covers H and under-covers O
        UncertaintyMetrics oneH = UncertaintyMetrics.of(t.test(), z,
                preds.stream().map(UncertainPrediction::becStdUncalibrated).toList(), "H"::equals);
        UncertaintyMetrics oneO = UncertaintyMetrics.of(t.test(), z,
                preds.stream().map(UncertainPrediction::becStdUncalibrated).toList(), "O"::equals);
        assertThat(oneH.coverage2Sigma).isGreaterThan(0.99);
        assertThat(oneO.coverage2Sigma).isLessThan(0.9);
    }

    /** The normal equations of the teacher's training frames with the test options. */
    private static BecTrainer.Assembled assembled(Setup t, BecTrainer.PreparedData data) {
        return BecTrainer.assemble(data, t.teacher().scalarDescriptor(), t.teacher().vectorDescriptor(), options(),
                null);
    }
}
