package org.zstar.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.models.FixedChargeModel;
import org.zstar.phonons.Relaxation;
import org.zstar.phonons.SpringCrystal;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;

/** MD in an applied field (docs/THEORY.md, "MD in an applied electric field", (EF1)-(EF3)). */
class FieldForceFieldTest {
    static final ForceField NONE = s -> new ForceResult(0, new double[3 * s.size()], null, null);

    /**
     * A BEC model with position-dependent, non-symmetric Z: {@code P_a = sum_j q_j r_ja + c u_a sin(k.r_j)}, so
     * {@code Z_j[a][b] = q_j delta_ab + c u_a cos(k.r_j) k_b}.
     */
    static BecModel wavyModel(double[] q, double c, double[] u, double[] k) {
        return new BecModel() {
            @Override
            public List<String> species() {
                return List.of();
            }

            @Override
            public BecPrediction predict(Structure s) {
                int n = s.size();
                double[] r = s.positionsView();
                double[] z = new double[9 * n];
                double[] p = new double[3];
                for (int j = 0; j < n; j++) {
                    double kr = k[0] * r[3 * j] + k[1] * r[3 * j + 1] + k[2] * r[3 * j + 2];
                    for (int a = 0; a < 3; a++) {
                        p[a] += q[j] * r[3 * j + a] + c * u[a] * Math.sin(kr);
                        for (int b = 0; b < 3; b++) {
                            z[9 * j + 3 * a + b] = (a == b ? q[j] : 0) + c * u[a] * Math.cos(kr) * k[b];
                        }
                    }
                }
                return new BecPrediction(null, null, z, z.clone(), new double[9 * n], new double[9 * n], p);
            }
        };
    }

    static Structure pair() {
        return Structure.builder().symbols("Na", "Cl").positions(new double[] {0.1, -0.2, 0.3, 2.4, 0.5, -0.1}).build();
    }

    @Test
    void fieldForceIsMinusTheGradientOfMinusEDotP() {
        BecModel model = wavyModel(new double[] {0.9, -0.9}, 0.3, new double[] {0.2, -0.5, 0.7},
                new double[] {1.3, 0.4, -0.8});
        FieldForceField ff = new FieldForceField(NONE, model, ElectricField.constant(new double[] {0.05, -0.02, 0.08}),
                1.0);
        Structure s = pair();
        double[] f = ff.compute(s).forces();
        double h = 1e-5;
        for (int c = 0; c < 6; c++) {
            double[] plus = s.positions();
            double[] minus = s.positions();
            plus[c] += h;
            minus[c] -= h;
            double ep = ff.computeAt(s.toBuilder().positions(plus).build(), 0).energy();
            double em = ff.computeAt(s.toBuilder().positions(minus).build(), 0).energy();
            assertThat(f[c]).isCloseTo(-(ep - em) / (2 * h), offset(1e-9));
        }
        // non-symmetric Z matters: the transposed contraction gives a different force
        double[] z = model.predict(s).bec();
        double[] e = {0.05, -0.02, 0.08};
        double transposed = e[0] * z[0] + e[1] * z[1] + e[2] * z[2];
        assertThat(Math.abs(transposed - f[0])).isGreaterThan(1e-3);
    }

    @Test
    void aPositiveChargeAcceleratesAlongTheField() {
        Structure one = Structure.builder().symbols("Na").positions(new double[] {0, 0, 0}).build();
        double ex = 0.1; // V/A
        FieldForceField ff = new FieldForceField(NONE, new FixedChargeModel(Map.of("Na", 1.0)),
                ElectricField.constant(new double[] {ex, 0, 0}), 1.0);
        MolecularDynamics md = new MolecularDynamics(ff,
                one, new MolecularDynamics.Settings(1.0, Thermostat.NVE, 0, 100, 0.01, 1), 0);
        for (int i = 0; i < 50; i++) {
            md.step();
        }
        // constant force q E: x = a t^2/2 (velocity Verlet is exact here), a = q E / m in A/fs^2
        double a = 1.0 * ex / Element.mass(11) * Units.ACCEL;
        assertThat(md.positions()[0]).isPositive().isCloseTo(0.5 * a * 50 * 50, offset(1e-12));
        assertThat(md.velocities()[0]).isCloseTo(a * 50, offset(1e-12));
        assertThat(md.positions()[1]).isZero();
    }

    @Test
    void electricEnthalpyIsConservedInAStaticField() {
        // two ions on a spring (isotropic), charges +-1, NVE in 0.5 V/A along x
        double k = 4.0;
        SpringCrystal spring = new SpringCrystal().bond(0, 1, new int[] {0, 0, 0},
                new double[] {k, 0, 0, 0, k, 0, 0, 0, k}, new double[] {2.3, 0.7, -0.4});
        FieldForceField ff = new FieldForceField(spring, new FixedChargeModel(Map.of("Na", 1.0, "Cl", -1.0)),
                ElectricField.constant(new double[] {0.5, 0, 0}), 0.5);
        MolecularDynamics md = new MolecularDynamics(ff, pair(),
                new MolecularDynamics.Settings(0.5, Thermostat.NVE, 0, 100, 0.01, 7), 300);
        double h0 = md.conservedEnergy();
        double maxDrift = 0;
        double minField = Double.MAX_VALUE;
        double maxField = -Double.MAX_VALUE;
        double maxBareDrift = 0;
        double bare0 = md.conservedEnergy() - ff.lastFieldEnergy();
        for (int i = 0; i < 4000; i++) {
            md.step();
            maxDrift = Math.max(maxDrift, Math.abs(md.conservedEnergy() - h0));
            maxBareDrift = Math.max(maxBareDrift, Math.abs(md.conservedEnergy() - ff.lastFieldEnergy() - bare0));
            minField = Math.min(minField, ff.lastFieldEnergy());
            maxField = Math.max(maxField, ff.lastFieldEnergy());
        }
        // the -E.P term swings by much more than the enthalpy drifts; U + K alone is not conserved
        assertThat(maxField - minField).isGreaterThan(0.05);
        assertThat(maxDrift).isLessThan(2e-4);
        assertThat(maxBareDrift).isGreaterThan(100 * maxDrift);
    }

    @Test
    void staticResponseOfHarmonicWellsIsKInverseZTransposeE() {
        double k = 3.0;
        double[] r0 = pair().positions();
        double[] bec = {1.0, 0.4, 0, 0, 1.0, 0, 0.2, 0, 1.0, -1.0, -0.4, 0, 0, -1.0, 0, -0.2, 0, -1.0};
        double[] e = {0.3, -0.1, 0.2};
        FieldForceField ff = new FieldForceField(TestForceFields.harmonicWells(k, r0), SpringCrystal.fixedTensors(bec),
                ElectricField.constant(e), 1.0);
        Relaxation.Result r = Relaxation.relax(ff, pair(), new Relaxation.Settings(1e-9, 1, 20000, false));
        assertThat(r.converged()).isTrue();
        double[] x = r.structure().positions();
        for (int j = 0; j < 2; j++) {
            for (int b = 0; b < 3; b++) {
                // u_jb = sum_a Z_j[a][b] E_a / k
                double expected = (bec[9 * j + b] * e[0] + bec[9 * j + 3 + b] * e[1] + bec[9 * j + 6 + b] * e[2]) / k;
                assertThat(x[3 * j + b] - r0[3 * j + b]).isCloseTo(expected, offset(1e-8));
            }
        }
    }

    @Test
    void timeDependentFieldFollowsTheMdClock() {
        double period = 20;
        ElectricField sine = ElectricField.sine(new double[] {0, 0, 0.1}, period, 0.3);
        FieldForceField ff = new FieldForceField(TestForceFields.harmonicWells(2.0, pair().positions()),
                new FixedChargeModel(Map.of("Na", 1.0, "Cl", -1.0)), sine, 0.5);
        MolecularDynamics md = new MolecularDynamics(ff, pair(),
                new MolecularDynamics.Settings(0.5, Thermostat.LANGEVIN, 300, 100, 0.01, 3), 300);
        for (int i = 0; i < 30; i++) {
            md.step();
            assertThat(ff.lastTime()).isCloseTo(md.time(), offset(1e-12));
            assertThat(ff.lastField()[2]).isCloseTo(0.1 * Math.sin(2 * Math.PI * md.time() / period + 0.3),
                    offset(1e-15));
        }
        ElectricField pulse = new ElectricField(new double[] {1, 0, 0}, ElectricField.Shape.PULSE, 0, 0, 10, 2);
        assertThat(pulse.at(10)[0]).isCloseTo(1, offset(1e-15));
        assertThat(pulse.at(12)[0]).isCloseTo(Math.exp(-0.5), offset(1e-15));
    }

    @Test
    void inAPeriodicCellThePolarisationIsThePathIntegralOfZ() {
        // correct Z (+-1 I) but a reported P that is useless (always zero), as for P of home-cell positions
        BecModel fixed = new FixedChargeModel(Map.of("Na", 1.0, "Cl", -1.0));
        BecModel zeroP = new BecModel() {
            @Override
            public List<String> species() {
                return fixed.species();
            }

            @Override
            public BecPrediction predict(Structure s) {
                BecPrediction p = fixed.predict(s);
                return new BecPrediction(p.charges(), null, p.bec(), p.monopole(), p.redistribution(), p.dipolePart(),
                        new double[3]);
            }
        };
        double k = 4.0;
        double a = 5.0;
        double[] kk = {k, 0, 0, 0, k, 0, 0, 0, k};
        SpringCrystal springs = new SpringCrystal().bond(0, 1, new int[] {0, 0, 0}, kk, new double[] {a / 2, 0, 0})
                .bond(0, 1, new int[] {-1, 0, 0}, kk, new double[] {-a / 2, 0, 0});
        Structure start = Structure.builder().symbols("Na", "Cl").positions(new double[] {0, 0, 0, a / 2, 0, 0})
                .cell(org.zstar.structure.Cell.orthorhombic(a, 4, 4)).build();
        FieldForceField ff = new FieldForceField(springs, zeroP, ElectricField.constant(new double[] {0.5, 0.2, 0}),
                0.5);
        MolecularDynamics md = new MolecularDynamics(ff, start,
                new MolecularDynamics.Settings(0.5, Thermostat.NVE, 0, 100, 0.01, 9), 300);
        double h0 = md.conservedEnergy();
        double maxDrift = 0;
        double swing = 0;
        for (int i = 0; i < 2000; i++) {
            md.step();
            maxDrift = Math.max(maxDrift, Math.abs(md.conservedEnergy() - h0));
            swing = Math.max(swing, Math.abs(ff.lastFieldEnergy()));
            double[] x = md.positions();
            // constant Z: the trapezoid integral is exact, P = sum_j q_j (r_j - r_j(0))
            assertThat(ff.lastPolarization()[0]).isCloseTo(x[0] - x[3] - (0 - a / 2), offset(1e-9));
        }
        assertThat(swing).isGreaterThan(0.02);
        assertThat(maxDrift).isLessThan(swing / 100);
    }
}
