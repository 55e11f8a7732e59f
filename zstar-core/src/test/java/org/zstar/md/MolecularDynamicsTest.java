package org.zstar.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

class MolecularDynamicsTest {
    private static final double EPS = 0.0104; // eV, argon
    private static final double SIGMA = 3.40; // A

    @ParameterizedTest
    @MethodSource("seeds")
    void initialVelocitiesHaveZeroMomentumAndTheTargetTemperature(long seed) {
        Structure s = TestForceFields.argon(27, 3.8, seed, null);
        MolecularDynamics md = new MolecularDynamics(TestForceFields.lennardJones(EPS, SIGMA, 8.0), s,
                new MolecularDynamics.Settings(2.0, Thermostat.NVE, 0, 0, 0, seed), 120.0);
        for (double p : md.momentum()) {
            assertThat(p).isCloseTo(0, offset(1e-12));
        }
        assertThat(md.temperature()).isCloseTo(120.0, offset(1e-9));
        assertThat(md.degreesOfFreedom()).isEqualTo(3 * 27 - 3);
        // K = N_f k_B T / 2 in eV, from m v^2/2 with 1 amu A^2/fs^2 = 103.6427 eV
        double k = 0;
        double[] v = md.velocities();
        double[] m = md.masses();
        for (int i = 0; i < 27; i++) {
            k += 0.5 * m[i] * (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]) * 103.6427;
        }
        assertThat(k).isCloseTo(0.5 * 78 * Units.KB * 120.0, offset(1e-6 * k));
        // same seed, same velocities; other seed, other velocities
        MolecularDynamics again = new MolecularDynamics(TestForceFields.lennardJones(EPS, SIGMA, 8.0), s,
                new MolecularDynamics.Settings(2.0, Thermostat.NVE, 0, 0, 0, seed), 120.0);
        assertThat(again.velocities()).containsExactly(v);
        MolecularDynamics other = new MolecularDynamics(TestForceFields.lennardJones(EPS, SIGMA, 8.0), s,
                new MolecularDynamics.Settings(2.0, Thermostat.NVE, 0, 0, 0, seed + 1), 120.0);
        assertThat(other.velocities()[0]).isNotEqualTo(v[0]);
    }

    static Stream<Arguments> seeds() {
        return Stream.of(Arguments.of(1L), Arguments.of(2L), Arguments.of(3L));
    }

    /** NVE: total energy conserved to a small fraction of the kinetic energy; error shrinks as dt^2. */
    @Test
    void nveConservesEnergyInAPeriodicLiquid() {
        Cell cell = Cell.orthorhombic(17.0, 17.0, 17.0);
        Structure s = TestForceFields.argon(64, 4.2, 5, cell);
        ForceField lj = TestForceFields.lennardJones(EPS, SIGMA, 8.0);
        double[] fluct = new double[2];
        double[] dts = {4.0, 2.0};
        for (int t = 0; t < 2; t++) {
            MolecularDynamics md = new MolecularDynamics(lj, s,
                    new MolecularDynamics.Settings(dts[t], Thermostat.NVE, 0, 0, 0, 7), 100.0);
            double e0 = md.conservedEnergy();
            double max = 0;
            double kin = 0;
            int steps = (int) (1600 / dts[t]);
            for (int k = 0; k < steps; k++) {
                md.step();
                max = Math.max(max, Math.abs(md.conservedEnergy() - e0));
                kin += md.kineticEnergy() / steps;
            }
            assertThat(md.stepCount()).isEqualTo(steps);
            assertThat(md.time()).isCloseTo(1600, offset(1e-9));
            assertThat(max).isLessThan(0.01 * kin);
            for (double p : md.momentum()) {
                assertThat(p).isCloseTo(0, offset(1e-9));
            }
            fluct[t] = max;
        }
        // velocity Verlet is second order: halving dt reduces the energy error about four-fold
        assertThat(fluct[1]).isLessThan(0.4 * fluct[0]);
    }

    /** NVE with harmonic wells: exact solution comparison over a few periods. */
    @Test
    void harmonicOscillatorFollowsTheExactSolution() {
        double[] r0 = {0, 0, 0};
        double k = 2.0; // eV/A^2
        Structure s = Structure.builder().symbols("H").positions(new double[] {0.1, 0, 0})
                .velocities(new double[] {0, 0.01, 0}).build();
        MolecularDynamics md = new MolecularDynamics(TestForceFields.harmonicWells(k, r0), s,
                new MolecularDynamics.Settings(0.05, Thermostat.NVE, 0, 0, 0, 1), 0);
        double m = md.masses()[0];
        double omega = Math.sqrt(k / m * Units.ACCEL); // 1/fs
        for (int step = 0; step < 4000; step++) {
            md.step();
        }
        double t = md.time();
        double[] x = md.positions();
        assertThat(x[0]).isCloseTo(0.1 * Math.cos(omega * t), offset(2e-4));
        assertThat(x[1]).isCloseTo(0.01 / omega * Math.sin(omega * t), offset(2e-4));
    }

    /** Bussi: the kinetic energy samples the canonical distribution: mean N_f kT/2, variance N_f (kT)^2/2. */
    @Test
    void bussiGivesTheCanonicalKineticEnergy() {
        Structure s = TestForceFields.argon(27, 3.8, 9, null);
        double temp = 25.0;
        MolecularDynamics md = new MolecularDynamics(TestForceFields.lennardJones(EPS, SIGMA, 9.0), s,
                new MolecularDynamics.Settings(5.0, Thermostat.BUSSI, temp, 50.0, 0, 13), 10.0);
        for (int k = 0; k < 2000; k++) {
            md.step();
        }
        double e0 = md.conservedEnergy();
        int samples = 0;
        double sum = 0, sum2 = 0, drift = 0;
        for (int k = 0; k < 40000; k++) {
            md.step();
            if (k % 10 == 0) {
                double kin = md.kineticEnergy();
                sum += kin;
                sum2 += kin * kin;
                samples++;
            }
            drift = Math.max(drift, Math.abs(md.conservedEnergy() - e0));
        }
        double kt = Units.KB * temp;
        int nf = md.degreesOfFreedom();
        double mean = sum / samples;
        double var = sum2 / samples - mean * mean;
        // ~4000 samples with correlation time ~ tau/2: standard error of the mean ~ 1%; 4 sigma
        assertThat(mean).isCloseTo(0.5 * nf * kt, offset(0.04 * 0.5 * nf * kt));
        assertThat(var).isCloseTo(0.5 * nf * kt * kt, offset(0.2 * 0.5 * nf * kt * kt));
        // the effective energy (total minus heat given to the bath) is conserved
        assertThat(drift).isLessThan(0.05 * mean);
        for (double p : md.momentum()) {
            assertThat(p).isCloseTo(0, offset(1e-9));
        }
    }

    /**
     * Langevin BAOAB on independent harmonic wells: kinetic and potential energy both average 3N kT/2 (BAOAB
     * samples the configurational distribution of a harmonic oscillator exactly).
     */
    @Test
    void langevinGivesTheCanonicalKineticAndPotentialEnergy() {
        int n = 20;
        double[] r0 = new double[3 * n];
        String[] sym = new String[n];
        for (int i = 0; i < n; i++) {
            sym[i] = i % 2 == 0 ? "O" : "H";
            r0[3 * i] = 3.0 * i;
        }
        Structure s = Structure.builder().symbols(sym).positions(r0).build();
        double temp = 300.0;
        MolecularDynamics md = new MolecularDynamics(TestForceFields.harmonicWells(5.0, r0), s,
                new MolecularDynamics.Settings(1.0, Thermostat.LANGEVIN, temp, 0, 0.01, 17), 0.0);
        assertThat(md.degreesOfFreedom()).isEqualTo(3 * n);
        for (int k = 0; k < 1000; k++) {
            md.step();
        }
        double sk = 0, sp = 0;
        int samples = 0;
        for (int k = 0; k < 30000; k++) {
            md.step();
            if (k % 10 == 0) {
                sk += md.kineticEnergy();
                sp += md.potentialEnergy();
                samples++;
            }
        }
        double target = 1.5 * n * Units.KB * temp;
        assertThat(sk / samples).isCloseTo(target, offset(0.04 * target));
        assertThat(sp / samples).isCloseTo(target, offset(0.04 * target));
        assertThat(md.temperature()).isPositive();
    }

    @Test
    void gammaVariatesHaveTheRightMoments() {
        Structure s = TestForceFields.argon(2, 3.8, 1, null);
        MolecularDynamics md = new MolecularDynamics(TestForceFields.lennardJones(EPS, SIGMA, 9.0), s,
                new MolecularDynamics.Settings(1.0, Thermostat.BUSSI, 10, 10, 0, 3), 10.0);
        for (double shape : new double[] {0.5, 1.0, 7.5, 100.0}) {
            int n = 200000;
            double sum = 0, sum2 = 0;
            for (int k = 0; k < n; k++) {
                double g = md.gamma(shape);
                sum += g;
                sum2 += g * g;
            }
            double mean = sum / n;
            double var = sum2 / n - mean * mean;
            assertThat(mean).as("mean, shape %s", shape).isCloseTo(shape, offset(5 * Math.sqrt(shape / n)));
            assertThat(var).as("variance, shape %s", shape).isCloseTo(shape, offset(0.03 * shape));
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> new MolecularDynamics.Settings(0, Thermostat.NVE, 300, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time step");
        assertThatThrownBy(() -> new MolecularDynamics.Settings(1, Thermostat.BUSSI, 300, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tau");
        assertThatThrownBy(() -> new MolecularDynamics.Settings(1, Thermostat.LANGEVIN, 300, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("friction");
        assertThatThrownBy(() -> Thermostat.parse("nose")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Thermostat.parse(" Bussi ")).isEqualTo(Thermostat.BUSSI);
    }
}
