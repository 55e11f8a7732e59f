package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Structure;

/**
 * Training with modulated feature dipoles (docs/THEORY.md (D4)): the modulators are selected and stored, the
 * model contains plain feature dipoles as a special case (so it fits at least as well), and it fits a
 * modulated teacher that plain feature dipoles cannot represent.
 */
class DipoleModulatorTrainingTest {

    private static TrainingOptions options(ModelKind kind, int modulators) {
        BecModelSpec spec = new BecModelSpec(kind, 3, BecModelSpec.DipoleKernel.FEATURES, 3, ChargeForm.LOCAL, true,
                false);
        return TrainingOptions.builder(kind).spec(spec).chargeRefs(21).dipoleRefs(21).dipoleModulators(modulators)
                .modulatedFeatures(0).lambdaW(1e-13)
                .fixedCharges(kind == ModelKind.DIPOLE ? Map.of("H", 0.4, "O", -0.8) : Map.of()).threads(2).seed(1L)
                .build();
    }

    @Test
    void modulatedStudentFitsAModulatedTeacherBetterThanPlainFeatureDipoles() {
        for (ModelKind kind : new ModelKind[] {ModelKind.DIPOLE, ModelKind.COMBINED}) {
            List<Structure> frames = new ArrayList<>();
            for (int f = 0; f < 9; f++) {
                frames.add(KernelBecModelPropertiesTest.periodic(200 + f));
            }
            KernelBecModel teacher = KernelBecModelPropertiesTest.randomModel(kind,
                    BecModelSpec.DipoleKernel.FEATURES, ChargeForm.LOCAL, frames.get(0), 23, true);
            List<Structure> labelled = new ArrayList<>();
            for (Structure s : frames) {
                labelled.add(s.toBuilder().bec(teacher.predict(s).bec()).build());
            }
            List<Structure> train = labelled.subList(0, 7);
            BecTrainer.Fit plain = BecTrainer.train(train, teacher.scalarDescriptor(), teacher.vectorDescriptor(),
                    options(kind, 0), null);
            BecTrainer.Fit modulated = BecTrainer.train(train, teacher.scalarDescriptor(),
                    teacher.vectorDescriptor(), options(kind, 2), null);
            ReferenceEnvironments refs = modulated.model().references();
            assertThat(plain.model().references().hasModulators()).isFalse();
            assertThat(refs.modulatorRefs(0)).isEqualTo(2);
            assertThat(refs.modulatorRefs(1)).isEqualTo(2);
            assertThat(refs.dipoleColumns(0)).isEqualTo(3 * plain.model().references().dipoleColumns(0));
            assertThat(refs.hasModulatedSubset()).isFalse();
            System.out.printf("modulated teacher %s: train RMSE plain %.3e, modulated %.3e%n", kind,
                    plain.trainRmse(), modulated.trainRmse());
            assertThat(plain.trainRmse()).isGreaterThan(1e-3);
            assertThat(modulated.trainRmse()).isLessThan(0.5 * plain.trainRmse());
        }
    }

    @Test
    void optionsRejectModulatorsWithoutFeatureDipolesAndModelsWithoutDipolesIgnoreThem() {
        BecModelSpec linear = new BecModelSpec(ModelKind.COMBINED, 3, BecModelSpec.DipoleKernel.LINEAR, 3,
                ChargeForm.LOCAL, true, false);
        assertThatThrownBy(() -> options(ModelKind.COMBINED, 2).withSpec(linear))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature dipoles");
        BecModelSpec zeta1 = new BecModelSpec(ModelKind.COMBINED, 3, BecModelSpec.DipoleKernel.FEATURES, 1,
                ChargeForm.LOCAL, true, false);
        assertThatThrownBy(() -> options(ModelKind.COMBINED, 2).withSpec(zeta1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 2");
        // a monopole model with the same options (as in a learning curve) simply has no modulators
        List<Structure> frames = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            Structure s = KernelBecModelPropertiesTest.periodic(300 + f);
            frames.add(s.toBuilder().bec(new double[9 * s.size()]).build());
        }
        KernelBecModel teacher = KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.LOCAL, frames.get(0), 5, true);
        BecTrainer.Fit mono = BecTrainer.train(frames, teacher.scalarDescriptor(), teacher.vectorDescriptor(),
                options(ModelKind.COMBINED, 2).withSpec(BecModelSpec.defaults(ModelKind.MONOPOLE)), null);
        assertThat(mono.model().references().hasModulators()).isFalse();
    }
}
