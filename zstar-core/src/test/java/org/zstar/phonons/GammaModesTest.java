package org.zstar.phonons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.md.Units;
import org.zstar.structure.Cell;
import org.zstar.structure.Element;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;

/**
 * Exact checks of the Gamma-mode code on a diatomic harmonic crystal (docs/THEORY.md, "Phonons at Gamma"): two atoms
 * (Na, Cl) joined by two springs (to the left and right image), each with K = diag(kx, ky, kz). The optical modes are
 * {@code omega_b^2 = 2 k_b / mu}, with mode charge {@code Z~ = column b of Z_Na / sqrt(mu)} when {@code Z_Cl = -Z_Na};
 * the LO-TO term along x couples the x and y modes through {@code v = row x of Z_Na}.
 */
class GammaModesTest {
    static final double A = 5.0;
    static final double KX = 3.0;
    static final double KY = 5.0;
    static final double KZ = 8.0;
    static final double Q = 1.1;
    static final double S = 0.4; // off-diagonal BEC: Z_Na[x][y], catches a transposition

    static final double M1 = Element.mass(11);
    static final double M2 = Element.mass(17);
    static final double MU = M1 * M2 / (M1 + M2);

    static SpringCrystal springs() {
        double[] k = {KX, 0, 0, 0, KY, 0, 0, 0, KZ};
        return new SpringCrystal().bond(0, 1, new int[] {0, 0, 0}, k, new double[] {A / 2, 0, 0})
                .bond(0, 1, new int[] {-1, 0, 0}, k, new double[] {-A / 2, 0, 0});
    }

    static Structure crystal() {
        return Structure.builder().symbols("Na", "Cl").positions(new double[] {0, 0, 0, A / 2, 0, 0})
                .cell(Cell.orthorhombic(A, 4, 4)).build();
    }

    static double[] bec() {
        double[] z1 = {Q, S, 0, 0, Q, 0, 0, 0, Q};
        double[] out = new double[18];
        for (int k = 0; k < 9; k++) {
            out[k] = z1[k];
            out[9 + k] = -z1[k];
        }
        return out;
    }

    static double[] masses(Structure s) {
        double[] m = new double[s.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = Element.mass(s.atomicNumber(i));
        }
        return m;
    }

    @Test
    void finiteDifferencesOfAHarmonicModelAreItsForceConstants() {
        SpringCrystal ff = springs();
        Structure s = crystal();
        ForceConstants fc = ForceConstants.finiteDifference(ff, s, 0.01, null);
        double[] exact = ff.analyticForceConstants(2);
        for (int k = 0; k < exact.length; k++) {
            assertThat(fc.matrix()[k]).isCloseTo(exact[k], offset(1e-9));
        }
        assertThat(fc.asymmetry()).isLessThan(1e-10);
    }

    @Test
    void frequenciesAndIntensitiesOfTheDiatomicCrystalAreExact() {
        Structure s = crystal();
        ForceConstants fc = ForceConstants.finiteDifference(springs(), s, 0.01, null);
        GammaModes.Result r = GammaModes.compute(fc, masses(s), bec(), 0, null);
        assertThat(r.modes()).isEqualTo(6);
        for (int m = 0; m < 3; m++) {
            assertThat(r.acoustic()[m]).isTrue();
            assertThat(r.frequencies()[m]).isCloseTo(0, offset(1e-3));
            assertThat(r.intensities()[m]).isCloseTo(0, offset(1e-12));
        }
        // optical: x (2 kx), y (2 ky), z (2 kz), ascending since kx < ky < kz
        double[] expectedNu = {nu(2 * KX / MU), nu(2 * KY / MU), nu(2 * KZ / MU)};
        double[] expectedI = {Q * Q / MU, (S * S + Q * Q) / MU, Q * Q / MU};
        for (int m = 0; m < 3; m++) {
            assertThat(r.acoustic()[3 + m]).isFalse();
            assertThat(r.frequencies()[3 + m]).isCloseTo(expectedNu[m], offset(1e-6));
            assertThat(r.intensities()[3 + m]).isCloseTo(expectedI[m], offset(1e-10));
        }
        // the y mode's charge is +-(S, Q, 0)/sqrt(mu): column y of Z_Na (a transposition would give (0, Q, 0))
        double sign = Math.signum(r.modeCharges()[3 * 4 + 1]);
        assertThat(sign * r.modeCharges()[3 * 4]).isCloseTo(S / Math.sqrt(MU), offset(1e-10));
        assertThat(r.translationFrequency()).isCloseTo(0, offset(1e-3));
        // the closed form in numbers (a unit check): 2 kx/mu eV/(A^2 amu) -> cm^-1
        double omega = Math.sqrt(2 * KX / MU * Units.ACCEL); // rad/fs
        assertThat(r.frequencies()[3]).isCloseTo(omega / (2 * Math.PI * 2.99792458e-5), offset(1e-6));
    }

    static double nu(double eigenvalue) {
        return Math.sqrt(eigenvalue * 0.0096485332) / (2 * Math.PI * 2.99792458e-5);
    }

    @Test
    void loToSplittingAlongXMatchesTheTwoByTwoClosedForm() {
        Structure s = crystal();
        ForceConstants fc = ForceConstants.finiteDifference(springs(), s, 0.01, null);
        double eps = 2.5;
        double volume = s.cell().volume();
        GammaModes.NonAnalytic na = new GammaModes.NonAnalytic(new double[] {eps, 0, 0, 0, eps, 0, 0, 0, eps},
                new double[] {2, 0, 0}, volume);
        GammaModes.Result r = GammaModes.compute(fc, masses(s), bec(), 0, na);
        double pre = 4 * Math.PI * 14.399645478 / volume / eps; // eV/A^2 per e^2
        // relative coordinate w = u_Na - u_Cl: (K_rel + pre v v^T)/mu with v = (Q, S, 0)
        double a11 = 2 * KX + pre * Q * Q;
        double a22 = 2 * KY + pre * S * S;
        double a12 = pre * Q * S;
        double half = 0.5 * (a11 + a22);
        double root = Math.sqrt(half * half - (a11 * a22 - a12 * a12));
        double[] expected = {nu((half - root) / MU), nu((half + root) / MU), nu(2 * KZ / MU)};
        Arrays.sort(expected);
        for (int m = 0; m < 3; m++) {
            assertThat(r.loFrequencies()[m]).isCloseTo(0, offset(1e-3));
            assertThat(r.loFrequencies()[3 + m]).isCloseTo(expected[m], offset(1e-6));
        }
        // the TO frequencies are unchanged
        assertThat(r.frequencies()[3]).isCloseTo(nu(2 * KX / MU), offset(1e-6));
    }

    @Test
    void rotatingTheWholeCrystalLeavesFrequenciesAndIntensities() {
        double[] rot = Mat3.rotation(new double[] {1, 2, 3}, 0.7);
        double[] k = Mat3.rotateTensor(rot, new double[] {KX, 0, 0, 0, KY, 0, 0, 0, KZ});
        double[] d0 = rotate(rot, new double[] {A / 2, 0, 0});
        SpringCrystal ff = new SpringCrystal().bond(0, 1, new int[] {0, 0, 0}, k, d0)
                .bond(0, 1, new int[] {-1, 0, 0}, k, new double[] {-d0[0], -d0[1], -d0[2]});
        Structure s = crystal().transformed(rot, new double[3]);
        double[] z = bec();
        double[] zr = new double[18];
        for (int j = 0; j < 2; j++) {
            double[] t = Mat3.rotateTensor(rot, Arrays.copyOfRange(z, 9 * j, 9 * j + 9));
            System.arraycopy(t, 0, zr, 9 * j, 9);
        }
        GammaModes.Result r = GammaModes.compute(ForceConstants.finiteDifference(ff, s, 0.01, null), masses(s), zr,
                0, null);
        GammaModes.Result ref = GammaModes.compute(ForceConstants.finiteDifference(springs(), crystal(), 0.01, null),
                masses(crystal()), bec(), 0, null);
        for (int m = 3; m < 6; m++) {
            assertThat(r.frequencies()[m]).isCloseTo(ref.frequencies()[m], offset(1e-6));
            assertThat(r.intensities()[m]).isCloseTo(ref.intensities()[m], offset(1e-9));
        }
    }

    static double[] rotate(double[] rot, double[] v) {
        double[] out = new double[3];
        for (int a = 0; a < 3; a++) {
            out[a] = rot[3 * a] * v[0] + rot[3 * a + 1] * v[1] + rot[3 * a + 2] * v[2];
        }
        return out;
    }

    @Test
    void aSupercellHasTheSameIrModesAndTheFoldedOnesAreDark() {
        // 2x1x1 supercell of the diatomic crystal: springs between the 4 atoms of the doubled cell
        double[] k = {KX, 0, 0, 0, KY, 0, 0, 0, KZ};
        SpringCrystal ff = new SpringCrystal()
                .bond(0, 1, new int[] {0, 0, 0}, k, new double[] {A / 2, 0, 0})
                .bond(2, 1, new int[] {0, 0, 0}, k, new double[] {-A / 2, 0, 0})
                .bond(2, 3, new int[] {0, 0, 0}, k, new double[] {A / 2, 0, 0})
                .bond(0, 3, new int[] {-1, 0, 0}, k, new double[] {-A / 2, 0, 0});
        Structure big = Supercells.replicate(crystal().toBuilder().bec(bec()).build(), 2, 1, 1);
        assertThat(big.size()).isEqualTo(4);
        assertThat(big.x(2, 0)).isCloseTo(A, offset(1e-12));
        GammaModes.Result r = GammaModes.compute(ForceConstants.finiteDifference(ff, big, 0.01, null), masses(big),
                big.bec(), 0, null);
        double total = 0;
        for (int m = 0; m < r.modes(); m++) {
            double nu = r.frequencies()[m];
            boolean bright = r.intensities()[m] > 1e-9;
            if (bright) {
                // bright modes are the zone-centre optical ones of the small cell, with intensity per 2 cells
                assertThat(Math.min(Math.abs(nu - nu(2 * KX / MU)), Math.min(Math.abs(nu - nu(2 * KY / MU)),
                        Math.abs(nu - nu(2 * KZ / MU))))).isLessThan(1e-6);
            }
            total += r.intensities()[m];
        }
        assertThat(total).isCloseTo(2 * (3 * Q * Q + S * S) / MU, offset(1e-9));
    }

    @Test
    void relaxationFindsTheMinimumOfPositionsAndCell() {
        Random rnd = new Random(3);
        double l = 5.6; // rest length of the chain period: the cell must stretch from A to l along x
        double[] k = {KX, 0, 0, 0, KY, 0, 0, 0, KZ};
        SpringCrystal ff = new SpringCrystal().bond(0, 1, new int[] {0, 0, 0}, k, new double[] {l / 2, 0.1, 0})
                .bond(0, 1, new int[] {-1, 0, 0}, k, new double[] {-l / 2, 0.1, 0});
        double[] p = {0, 0, 0, A / 2, 0, 0};
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.2 * rnd.nextGaussian();
        }
        Structure start = crystal().toBuilder().positions(p).build();
        Relaxation.Result pos = Relaxation.relax(ff, start, new Relaxation.Settings(1e-6, 1e-7, 5000, false));
        assertThat(pos.converged()).isTrue();
        // positions only: the y offset of 0.1 is recovered
        assertThat(pos.structure().x(1, 1) - pos.structure().x(0, 1)).isCloseTo(0.1, offset(1e-6));
        Relaxation.Result full = Relaxation.relax(ff, start, new Relaxation.Settings(1e-6, 1e-7, 5000, true));
        assertThat(full.converged()).isTrue();
        assertThat(full.structure().cell().vector(0, 0)).isCloseTo(l, offset(1e-5));
        assertThat(full.structure().x(1, 0) - full.structure().x(0, 0)).isCloseTo(l / 2, offset(1e-5));
        assertThat(full.forces().energy()).isCloseTo(0, offset(1e-10));
    }

    @Test
    void intensityUnitIsTheStandardKmPerMol() {
        // 1 (D/A)^2/amu = 42.2561 km/mol (e.g. Porezag and Pederson 1996); 1 e*A = 4.803204 D
        assertThat(GammaModes.KM_PER_MOL_PER_E2_AMU).isCloseTo(42.2561 * 4.803204 * 4.803204, offset(0.05));
    }
}
