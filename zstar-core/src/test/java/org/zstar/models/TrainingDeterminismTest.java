package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.structure.Structure;

/**
 * Same data, options and seed give a byte-identical model file for any thread count (frames are summed into the
 * normal equations in frame order), and the default settings train the modulated model of (D4)-(D5).
 */
class TrainingDeterminismTest {
    @TempDir
    Path dir;

    private static List<Structure> labelledFrames(int count) {
        List<Structure> frames = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            frames.add(KernelBecModelPropertiesTest.periodic(400 + f));
        }
        KernelBecModel teacher = KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.LOCAL, frames.get(0), 31, true);
        List<Structure> labelled = new ArrayList<>();
        for (Structure s : frames) {
            labelled.add(s.toBuilder().bec(teacher.predict(s).bec()).build());
        }
        return labelled;
    }

    @Test
    void modelFileBytesDoNotDependOnTheThreadCount() throws Exception {
        List<Structure> frames = labelledFrames(9);
        KernelBecModel teacher = KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.LOCAL, frames.get(0), 31, true);
        byte[] first = null;
        for (int threads : new int[] {1, 2, 3}) {
            // modulators on a subset of 3 features: every stage of the default pipeline runs
            TrainingOptions o = TrainingOptions.builder(ModelKind.COMBINED).chargeRefs(6).dipoleModulators(2)
                    .modulatedFeatures(3).threads(threads).build();
            BecTrainer.Fit fit = BecTrainer.train(frames, teacher.scalarDescriptor(), teacher.vectorDescriptor(), o,
                    null);
            assertThat(fit.model().references().hasModulatedSubset()).isTrue();
            Path file = dir.resolve("m" + threads + ".zstar");
            ModelFiles.save(fit.model(), file);
            byte[] bytes = Files.readAllBytes(file);
            if (first == null) {
                first = bytes;
            } else {
                assertThat(bytes).as("model file trained with %d threads", threads).isEqualTo(first);
            }
        }
    }

    @Test
    void defaultsAreTheModulatedCombinedModel() {
        TrainingOptions o = TrainingOptions.defaults(ModelKind.COMBINED);
        assertThat(o.spec().dipoleKernel()).isEqualTo(BecModelSpec.DipoleKernel.FEATURES);
        assertThat(o.spec().chargeOffsets()).isTrue();
        assertThat(o.dipoleModulators("O")).isEqualTo(TrainingDefaults.DIPOLE_MODULATORS).isPositive();
        assertThat(o.modulatedFeatures("Zr")).isEqualTo(TrainingDefaults.MODULATED_FEATURES);
        // another dipole kernel gets no default modulators (they need feature dipoles)
        TrainingOptions linear = TrainingOptions.builder(ModelKind.COMBINED)
                .spec(BecModelSpec.defaults(ModelKind.COMBINED).withDipoleKernel(BecModelSpec.DipoleKernel.LINEAR))
                .build();
        assertThat(linear.dipoleModulators("O")).isZero();
    }
}
