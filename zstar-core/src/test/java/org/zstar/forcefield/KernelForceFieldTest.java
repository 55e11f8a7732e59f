package org.zstar.forcefield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.zstar.md.ForceResult;
import org.zstar.structure.Cell;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;

class KernelForceFieldTest {

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(1L, false, 2), Arguments.of(2L, true, 2), Arguments.of(3L, true, 3),
                Arguments.of(4L, false, 1), Arguments.of(5L, true, 4));
    }

    private static KernelForceField ff(long seed, boolean periodic, int zeta) {
        Random rnd = new Random(seed);
        List<Structure> refs = List.of(ForceFieldFixtures.random(rnd, 10, periodic),
                ForceFieldFixtures.random(rnd, 12, true));
        return ForceFieldFixtures.randomForceField(rnd, refs, zeta, 6);
    }

    private static double energy(KernelForceField ff, Structure s, double[] pos) {
        return ff.compute(s.toBuilder().positions(pos).build()).energy();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forcesAreMinusTheEnergyGradient(long seed, boolean periodic, int zeta) {
        KernelForceField ff = ff(seed, periodic, zeta);
        Structure s = ForceFieldFixtures.random(new Random(seed + 100), 11, periodic);
        ForceResult r = ff.compute(s);
        double[] x = s.positions();
        double h = 1e-5;
        double maxF = 0;
        for (double v : r.forces()) {
            maxF = Math.max(maxF, Math.abs(v));
        }
        assertThat(maxF).isGreaterThan(1e-3);
        for (int k = 0; k < x.length; k++) {
            double[] p = x.clone();
            p[k] += h;
            double ep = energy(ff, s, p);
            p[k] -= 2 * h;
            double em = energy(ff, s, p);
            double fd = -(ep - em) / (2 * h);
            assertThat(r.forces()[k]).as("component %d", k).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 * maxF));
        }
        // total force vanishes (translation invariance)
        for (int a = 0; a < 3; a++) {
            double sum = 0;
            for (int i = 0; i < s.size(); i++) {
                sum += r.forces()[3 * i + a];
            }
            assertThat(sum).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-10 * maxF * s.size()));
        }
    }

    /** dE/d eps_ab by central differences of E((I + eps) r, (I + eps) cell) against the virial and stress. */
    @ParameterizedTest
    @MethodSource("cases")
    void stressIsTheStrainDerivative(long seed, boolean periodic, int zeta) {
        KernelForceField ff = ff(seed, periodic, zeta);
        Structure s = ForceFieldFixtures.random(new Random(seed + 200), 12, true);
        ForceResult r = ff.compute(s);
        double h = 1e-5;
        double max = 0;
        for (double v : r.virial()) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isGreaterThan(1e-3);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double ep = strained(ff, s, a, b, h);
                double em = strained(ff, s, a, b, -h);
                double fd = (ep - em) / (2 * h);
                assertThat(r.virial()[3 * a + b]).as("virial %d%d", a, b).isCloseTo(fd,
                        org.assertj.core.data.Offset.offset(1e-6 * max));
                assertThat(r.stress()[3 * a + b]).isCloseTo(fd / s.cell().volume(),
                        org.assertj.core.data.Offset.offset(1e-6 * max / s.cell().volume()));
            }
        }
    }

    private static double strained(KernelForceField ff, Structure s, int a, int b, double h) {
        double[] def = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        def[3 * a + b] += h;
        return ff.compute(s.transformed(def, new double[3])).energy();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rotationRotatesForcesAndStress(long seed, boolean periodic, int zeta) {
        KernelForceField ff = ff(seed, periodic, zeta);
        Structure s = ForceFieldFixtures.random(new Random(seed + 300), 10, true);
        Random rnd = new Random(seed);
        double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double nq = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        double w = q[0] / nq, x = q[1] / nq, y = q[2] / nq, z = q[3] / nq;
        double[] rot = {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
            2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
            2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
        ForceResult r0 = ff.compute(s);
        ForceResult r1 = ff.compute(s.transformed(rot, new double[] {0.3, -1.2, 4.0}));
        assertThat(r1.energy()).isCloseTo(r0.energy(), org.assertj.core.data.Offset.offset(1e-9 * Math.abs(r0.energy())));
        for (int i = 0; i < s.size(); i++) {
            for (int a = 0; a < 3; a++) {
                double expect = 0;
                for (int b = 0; b < 3; b++) {
                    expect += rot[3 * a + b] * r0.forces()[3 * i + b];
                }
                assertThat(r1.forces()[3 * i + a]).isCloseTo(expect, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        double[] rs = Mat3.rotateTensor(rot, r0.stress());
        for (int k = 0; k < 9; k++) {
            assertThat(r1.stress()[k]).isCloseTo(rs[k], org.assertj.core.data.Offset.offset(1e-10));
        }
    }

    /** Unwrapped positions: moving an atom by a lattice vector changes nothing. */
    @Test
    void latticeTranslationOfOneAtomChangesNothing() {
        KernelForceField ff = ff(7, true, 2);
        Structure s = ForceFieldFixtures.random(new Random(8), 12, true);
        Cell c = s.cell();
        double[] p = s.positions();
        for (int k = 0; k < 3; k++) {
            p[3 * 4 + k] += c.vector(0, k) - c.vector(2, k);
        }
        ForceResult r0 = ff.compute(s);
        ForceResult r1 = ff.compute(s.toBuilder().positions(p).build());
        assertThat(r1.energy()).isCloseTo(r0.energy(), org.assertj.core.data.Offset.offset(1e-9));
        for (int k = 0; k < p.length; k++) {
            assertThat(r1.forces()[k]).isCloseTo(r0.forces()[k], org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** The training design times the weights reproduces the direct evaluation. */
    @ParameterizedTest
    @MethodSource("cases")
    void designMatchesDirectEvaluation(long seed, boolean periodic, int zeta) {
        KernelForceField ff = ff(seed, periodic, zeta);
        Structure s = ForceFieldFixtures.random(new Random(seed + 400), 13, periodic);
        ForceFieldDesign d = ff.design(s);
        double[] w = new double[d.columns];
        int c = 0;
        for (int sp = 0; sp < 2; sp++) {
            for (double v : ff.weights(sp)) {
                w[c++] = v;
            }
        }
        ForceResult r = ff.compute(s);
        double e = 0;
        for (int k = 0; k < w.length; k++) {
            e += d.energy[k] * w[k];
        }
        for (int sp = 0; sp < 2; sp++) {
            e += d.counts[sp] * ff.offsets()[sp];
        }
        assertThat(e).isCloseTo(r.energy(), org.assertj.core.data.Offset.offset(1e-9 * Math.abs(r.energy())));
        double[] atomic = ff.atomicEnergies(s);
        assertThat(java.util.Arrays.stream(atomic).sum()).isCloseTo(r.energy(),
                org.assertj.core.data.Offset.offset(1e-9 * Math.abs(r.energy())));
        for (int row = 0; row < 3 * s.size(); row++) {
            double f = 0;
            for (int k = 0; k < w.length; k++) {
                f += d.forces[row * d.columns + k] * w[k];
            }
            assertThat(f).isCloseTo(r.forces()[row], org.assertj.core.data.Offset.offset(1e-10));
        }
        if (periodic) {
            for (int row = 0; row < 9; row++) {
                double v = 0;
                for (int k = 0; k < w.length; k++) {
                    v += d.stress[row * d.columns + k] * w[k];
                }
                assertThat(v).isCloseTo(r.stress()[row], org.assertj.core.data.Offset.offset(1e-12));
            }
        } else {
            assertThat(d.stress).isNull();
            assertThat(r.stress()).isNull();
        }
    }

    @Test
    void unknownSpeciesIsAUserError() {
        KernelForceField ff = ff(9, false, 2);
        Structure s = Structure.builder().symbols("H", "N").positions(new double[] {0, 0, 0, 1, 0, 0}).build();
        assertThatThrownBy(() -> ff.compute(s)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N");
    }
}
