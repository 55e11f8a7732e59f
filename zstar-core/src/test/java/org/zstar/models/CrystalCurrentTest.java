package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.md.ElectricField;
import org.zstar.md.FieldForceField;
import org.zstar.md.ForceResult;
import org.zstar.spectra.DipoleDerivativeSampler;
import org.zstar.spectra.DipoleDerivativeSeries;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * docs/THEORY.md (PC1)-(PC3): in a periodic cell a kernel model with charges (local redistribution form) has a
 * polarisation whose time derivative is NOT the current {@code sum_j Z_j v_j}; the current integrated along the path
 * (FieldForceField's (EF2a)) is, and the polarisation route of the IR code is refused there. Controls: the exact
 * form and a dipole model, whose P is the integral of Z in the same cell.
 */
class CrystalCurrentTest {
    static final double DT = 0.05; // fs
    static final int STEPS = 120;

    /** A smooth path: every atom oscillates about its start, r_j(t) = r_j(0) + A_j sin(w_j t + phi_j). */
    record Path(List<Structure> frames, List<double[]> velocities) {
    }

    static Path path(Structure start, long seed) {
        Random rnd = new Random(seed);
        int n = start.size();
        double[] amp = new double[3 * n];
        double[] w = new double[3 * n];
        double[] phi = new double[3 * n];
        for (int k = 0; k < 3 * n; k++) {
            amp[k] = 0.05 + 0.1 * rnd.nextDouble();
            w[k] = 0.1 + 0.3 * rnd.nextDouble(); // rad/fs: 500-2100 cm^-1
            phi[k] = 2 * Math.PI * rnd.nextDouble();
        }
        double[] r0 = start.positions();
        List<Structure> frames = new ArrayList<>();
        List<double[]> velocities = new ArrayList<>();
        for (int i = 0; i <= STEPS; i++) {
            double t = i * DT;
            double[] r = new double[3 * n];
            double[] v = new double[3 * n];
            for (int k = 0; k < 3 * n; k++) {
                r[k] = r0[k] + amp[k] * Math.sin(w[k] * t + phi[k]);
                v[k] = amp[k] * w[k] * Math.cos(w[k] * t + phi[k]);
            }
            frames.add(start.toBuilder().positions(r).build()); // unwrapped, as MD holds them
            velocities.add(v);
        }
        return new Path(frames, velocities);
    }

    /** Largest |central difference of x (per frame, 3 numbers) - current| over the interior frames. */
    static double maxDifferenceFromCurrent(List<double[]> x, List<double[]> current) {
        double max = 0;
        for (int i = 1; i < x.size() - 1; i++) {
            for (int a = 0; a < 3; a++) {
                double fd = (x.get(i + 1)[a] - x.get(i - 1)[a]) / (2 * DT);
                max = Math.max(max, Math.abs(fd - current.get(i)[a]));
            }
        }
        return max;
    }

    static double maxAbs(List<double[]> x) {
        double max = 0;
        for (double[] d : x) {
            for (double v : d) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    /** Along the path: [0] the current (MD6) sum_j Z_j v_j, [1] the model's P, [2] P integrated by (EF2a). */
    static List<List<double[]>> series(BecModel model, Path p) {
        FieldForceField integrator = new FieldForceField(s -> new ForceResult(0, new double[3 * s.size()], null, null),
                model, ElectricField.constant(new double[3]), DT);
        List<double[]> current = new ArrayList<>();
        List<double[]> modelP = new ArrayList<>();
        List<double[]> integratedP = new ArrayList<>();
        for (int i = 0; i < p.frames().size(); i++) {
            Structure s = p.frames().get(i);
            BecPrediction pred = model.predict(s);
            current.add(DipoleDerivativeSampler.dipoleDerivative(pred.bec(), p.velocities().get(i)));
            modelP.add(pred.polarization());
            integrator.compute(s);
            integratedP.add(integrator.lastPolarization());
        }
        return List.of(current, modelP, integratedP);
    }

    @Test
    void inACrystalTheLocalFormPolarisationIsNotTheIntegralOfTheCurrentButTheIntegratedOneIs() {
        for (ModelKind kind : new ModelKind[] {ModelKind.MONOPOLE, ModelKind.COMBINED}) {
            Structure cell = KernelBecModelPropertiesTest.periodic(7);
            BecModelSpec.DipoleKernel dk = kind == ModelKind.MONOPOLE ? BecModelSpec.DipoleKernel.LINEAR
                    : BecModelSpec.DipoleKernel.FEATURES;
            KernelBecModel model = KernelBecModelPropertiesTest.randomModel(kind, dk, ChargeForm.AUTO, cell, 7);
            assertThat(model.polarizationIntegratesBec(cell)).as(kind + " in a cell").isFalse();
            List<List<double[]>> s = series(model, path(cell, 3));
            double scale = maxAbs(s.get(0));
            assertThat(scale).isGreaterThan(1e-2);
            // (PC1) the integrated current differenced again is the current, to the O(dt^2) of both stencils
            assertThat(maxDifferenceFromCurrent(s.get(2), s.get(0))).as(kind.name()).isLessThan(1e-4 * scale);
            // the model's P differenced in time is another, wrong, dM/dt: the two routes differ in a crystal
            assertThat(maxDifferenceFromCurrent(s.get(1), s.get(0))).as(kind.name()).isGreaterThan(0.05 * scale);
        }
    }

    @Test
    void whereThePolarisationIsTheIntegralOfZBothRoutesAgree() {
        Structure cell = KernelBecModelPropertiesTest.periodic(7);
        Structure molecule = KernelBecModelPropertiesTest.molecule(7);
        KernelBecModel exactInCell = KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.EXACT, cell, 7);
        KernelBecModel dipoleInCell = KernelBecModelPropertiesTest.randomModel(ModelKind.DIPOLE,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.AUTO, cell, 7);
        KernelBecModel autoForMolecule = KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.AUTO, molecule, 7);
        Object[][] cases = {{exactInCell, cell}, {dipoleInCell, cell}, {autoForMolecule, molecule}};
        for (Object[] c : cases) {
            KernelBecModel model = (KernelBecModel) c[0];
            Structure start = (Structure) c[1];
            assertThat(model.polarizationIntegratesBec(start)).isTrue();
            List<List<double[]>> s = series(model, path(start, 3));
            double scale = maxAbs(s.get(0));
            assertThat(scale).isGreaterThan(1e-2);
            assertThat(maxDifferenceFromCurrent(s.get(1), s.get(0))).isLessThan(1e-4 * scale);
            assertThat(maxDifferenceFromCurrent(s.get(2), s.get(0))).isLessThan(1e-4 * scale);
        }
    }

    @Test
    void thePolarisationRouteOfTheIrCodeIsRefusedInACrystalAndAcceptedForAMolecule() {
        Structure cell = KernelBecModelPropertiesTest.periodic(7);
        KernelBecModel local = KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.AUTO, cell, 7);
        DipoleDerivativeSeries refused = DipoleDerivativeSeries.polarization(local, DT);
        assertThatThrownBy(() -> refused.accept(cell)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("periodic cell").hasMessageContaining("--route bec");
        Structure molecule = KernelBecModelPropertiesTest.molecule(7);
        KernelBecModel forMolecule = KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED,
                BecModelSpec.DipoleKernel.FEATURES, ChargeForm.AUTO, molecule, 7);
        DipoleDerivativeSeries accepted = DipoleDerivativeSeries.polarization(forMolecule, DT);
        for (Structure s : path(molecule, 3).frames()) {
            accepted.accept(s);
        }
        assertThat(accepted.finish()).hasSize(3 * (STEPS + 1));
    }
}
