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
    void designBuiltInCentreBlocksEqualsTheWholeFrameDesign() {
        // real descriptors (they compute only the block's centres) and the modulated subset model of (D5)
        Structure s = KernelBecModelPropertiesTest.periodic(7);
        org.zstar.descriptors.DescriptorParameters p = new org.zstar.descriptors.DescriptorParameters(
                KernelBecModelPropertiesTest.SPECIES, 3.5, 3.0, 0.5, 4, 3, 2, 0.1,
                org.zstar.descriptors.DescriptorParameters.DEFAULT_GRID_STEP);
        UnitDescriptor scalar = new UnitDescriptor(new org.zstar.descriptors.ScalarDescriptor(p));
        org.zstar.descriptors.VectorDescriptor vector = new org.zstar.descriptors.VectorDescriptor(p);
        List<Structure> frames = List.of(s.toBuilder().bec(new double[9 * s.size()]).build());
        TrainingOptions o = TrainingOptions.builder(ModelKind.COMBINED).chargeRefs(3).dipoleModulators(2)
                .modulatedFeatures(5).threads(1).build();
        BecTrainer.PreparedData data = BecTrainer.prepare(frames, false);
        ReferenceEnvironments refs;
        try (org.zstar.learning.TrainingPool pool = new org.zstar.learning.TrainingPool(1)) {
            refs = ReferenceSelector.select(frames, data.species(), scalar, vector, true, o, pool);
        }
        assertThat(refs.hasModulatedSubset()).isTrue();
        BecModelSpec spec = o.spec();
        int[] idx = KernelBecModel.speciesIndex(s, refs.species());
        FrameDesign whole = BecDesign.build(s, idx, scalar.compute(s, true), vector.compute(s, true), refs, spec, null,
                true);
        FrameDesign blocks = BecDesign.buildInBlocks(s, idx, scalar, vector, refs, spec, null, false, 3);
        double max = 0;
        for (double v : whole.bec) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isGreaterThan(1e-3);
        for (int k = 0; k < whole.bec.length; k++) {
            assertThat(Math.abs(blocks.bec[k] - whole.bec[k])).as("entry %d", k).isLessThan(1e-12 * max);
        }
        assertThat(blocks.charges).containsExactly(whole.charges);
        assertThat(blocks.becConstant).containsExactly(whole.becConstant);
        // with its parts (dipole share of Z, atomic dipoles): the streamed lambda = 1 path against stored derivatives
        FrameDesign partsBlocks = BecDesign.buildInBlocks(s, idx, scalar, vector, refs, spec, null, true, 3);
        for (int k = 0; k < whole.bec.length; k++) {
            assertThat(Math.abs(partsBlocks.bec[k] - whole.bec[k])).as("entry %d", k).isLessThan(1e-12 * max);
            assertThat(Math.abs(partsBlocks.dipolePart[k] - whole.dipolePart[k])).as("dipole part %d", k)
                    .isLessThan(1e-12 * max);
        }
        assertThat(partsBlocks.dipoles).containsExactly(whole.dipoles);
        // the reverse-mode prediction of a (D5) model (weights expanded to the all-features layout) equals the design
        java.util.Random rnd = new java.util.Random(5);
        double[] w = new double[refs.columns()];
        for (int c = 0; c < w.length; c++) {
            w[c] = rnd.nextGaussian();
        }
        KernelBecModel model = new KernelBecModel(spec, scalar, vector, refs, w, null, null);
        assertThat(model.predictsByContraction()).isTrue();
        double[] byDesign = model.predictByDesign(s).bec();
        double[] contracted = model.predict(s).bec();
        double scale = 0;
        for (double v : byDesign) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < byDesign.length; k++) {
            assertThat(Math.abs(contracted[k] - byDesign[k])).as("Z entry %d", k).isLessThan(1e-9 * scale);
        }
    }

    /** The reverse-mode charge stream of the scalar descriptor (monopole model) against stored derivatives. */
    @Test
    void monopoleChargesByContractionEqualTheStoredDerivativeDesign() {
        Structure s = KernelBecModelPropertiesTest.periodic(13);
        org.zstar.descriptors.DescriptorParameters p = new org.zstar.descriptors.DescriptorParameters(
                KernelBecModelPropertiesTest.SPECIES, 3.0, 3.5, 0.5, 4, 3, 3, 0.2,
                org.zstar.descriptors.DescriptorParameters.DEFAULT_GRID_STEP);
        UnitDescriptor scalar = new UnitDescriptor(new org.zstar.descriptors.ScalarDescriptor(p));
        List<Structure> frames = List.of(s.toBuilder().bec(new double[9 * s.size()]).build());
        BecTrainer.PreparedData data = BecTrainer.prepare(frames, false);
        TrainingOptions o = TrainingOptions.builder(ModelKind.MONOPOLE).chargeRefs(4).threads(1).build();
        ReferenceEnvironments refs;
        try (org.zstar.learning.TrainingPool pool = new org.zstar.learning.TrainingPool(1)) {
            refs = ReferenceSelector.select(frames, data.species(), scalar, null, true, o, pool);
        }
        int[] idx = KernelBecModel.speciesIndex(s, refs.species());
        FrameDesign whole = BecDesign.build(s, idx, scalar.compute(s, true), null, refs, o.spec(), null, true);
        FrameDesign blocks = BecDesign.buildInBlocks(s, idx, scalar, null, refs, o.spec(), null, false, 4);
        double max = 0;
        for (double v : whole.bec) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isGreaterThan(1e-3);
        for (int k = 0; k < whole.bec.length; k++) {
            assertThat(Math.abs(blocks.bec[k] - whole.bec[k])).as("entry %d", k).isLessThan(1e-12 * max);
        }
        for (int k = 0; k < whole.charges.length; k++) {
            assertThat(Math.abs(blocks.charges[k] - whole.charges[k])).as("charge %d", k).isLessThan(1e-12);
        }
    }

    /** The reverse-mode reference-dipole stream (linear lambda = 1 kernel) against stored derivatives. */
    @Test
    void linearReferenceDipolesByContractionEqualTheStoredDerivativeDesign() {
        Structure s = KernelBecModelPropertiesTest.periodic(11);
        org.zstar.descriptors.DescriptorParameters p = new org.zstar.descriptors.DescriptorParameters(
                KernelBecModelPropertiesTest.SPECIES, 3.5, 3.0, 0.5, 4, 3, 2, 0.1,
                org.zstar.descriptors.DescriptorParameters.DEFAULT_GRID_STEP);
        UnitDescriptor scalar = new UnitDescriptor(new org.zstar.descriptors.ScalarDescriptor(p));
        org.zstar.descriptors.VectorDescriptor vector = new org.zstar.descriptors.VectorDescriptor(p);
        List<Structure> frames = List.of(s.toBuilder().bec(new double[9 * s.size()]).build());
        BecTrainer.PreparedData data = BecTrainer.prepare(frames, false);
        for (ModelKind kind : List.of(ModelKind.DIPOLE, ModelKind.COMBINED)) {
            TrainingOptions o = TrainingOptions.builder(kind).chargeRefs(3).dipoleRefs(3).dipoleModulators(0).threads(1)
                    .build();
            o = o.toBuilder().spec(o.spec().withDipoleKernel(BecModelSpec.DipoleKernel.LINEAR)).build();
            ReferenceEnvironments refs;
            try (org.zstar.learning.TrainingPool pool = new org.zstar.learning.TrainingPool(1)) {
                refs = ReferenceSelector.select(frames, data.species(), scalar, vector, kind.hasCharges(), o, pool);
            }
            assertThat(refs.dipoleFeatures()).isFalse();
            BecModelSpec spec = o.spec();
            int[] idx = KernelBecModel.speciesIndex(s, refs.species());
            double[] fixed = kind.hasCharges() ? null : new double[] {1.5, -0.75};
            FrameDesign whole = BecDesign.build(s, idx, scalar.compute(s, true), vector.compute(s, true), refs, spec,
                    fixed, true);
            double max = 0;
            for (double v : whole.dipolePart) {
                max = Math.max(max, Math.abs(v));
            }
            assertThat(max).isGreaterThan(1e-3);
            for (boolean parts : new boolean[] {false, true}) {
                FrameDesign blocks = BecDesign.buildInBlocks(s, idx, kind.hasCharges() ? scalar : null, vector, refs,
                        spec, fixed, parts, 4);
                for (int k = 0; k < whole.bec.length; k++) {
                    assertThat(Math.abs(blocks.bec[k] - whole.bec[k])).as("%s entry %d", kind, k)
                            .isLessThan(1e-12 * max);
                    if (parts) {
                        assertThat(Math.abs(blocks.dipolePart[k] - whole.dipolePart[k])).as("dipole part %d", k)
                                .isLessThan(1e-12 * max);
                    }
                }
                assertThat(blocks.becConstant).containsExactly(whole.becConstant);
                if (parts) {
                    for (int k = 0; k < whole.dipoles.length; k++) {
                        assertThat(Math.abs(blocks.dipoles[k] - whole.dipoles[k])).as("dipole %d", k)
                                .isLessThan(1e-12 * max);
                    }
                }
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
