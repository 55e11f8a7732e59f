package org.zstar.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;

class BecSumRulesTest {

    static Stream<Long> seeds() {
        return Stream.of(11L, 12L, 13L, 14L, 15L);
    }

    @Test
    void leviCivita() {
        assertThat(BecSumRules.levi(0, 1, 2)).isEqualTo(1);
        assertThat(BecSumRules.levi(1, 2, 0)).isEqualTo(1);
        assertThat(BecSumRules.levi(2, 0, 1)).isEqualTo(1);
        assertThat(BecSumRules.levi(1, 0, 2)).isEqualTo(-1);
        assertThat(BecSumRules.levi(0, 2, 1)).isEqualTo(-1);
        assertThat(BecSumRules.levi(0, 0, 1)).isEqualTo(0);
    }

    /** Point charges: Z_j = q_j I and mu = sum_j q_j r_j satisfy both sum rules exactly, also when charged. */
    @ParameterizedTest
    @MethodSource("seeds")
    void pointChargeMoleculeSatisfiesBothSumRules(long seed) {
        Random r = new Random(seed);
        int n = 3 + r.nextInt(5);
        double[] pos = new double[3 * n];
        double[] bec = new double[9 * n];
        double[] mu = new double[3];
        double q = 0;
        for (int j = 0; j < n; j++) {
            double qj = r.nextGaussian();
            q += qj;
            for (int k = 0; k < 3; k++) {
                pos[3 * j + k] = 5 + 2 * r.nextGaussian(); // far from the origin on purpose
                mu[k] += qj * pos[3 * j + k];
                bec[9 * j + 4 * k] = qj;
            }
        }
        assertThat(BecSumRules.asrResidual(bec, q)).isLessThan(1e-12);
        assertThat(BecSumRules.rotationalResidualMax(bec, pos, mu, q, false)).isLessThan(1e-12);
        // a wrong total charge breaks the acoustic sum rule by exactly the difference
        assertThat(BecSumRules.asrResidual(bec, q + 0.25)).isCloseTo(0.25, within(1e-12));
        // a wrong dipole breaks the rotational one: eps_{adf} dmu_f has max component |dmu|_max
        double[] wrong = {mu[0] + 0.3, mu[1], mu[2]};
        assertThat(BecSumRules.rotationalResidualMax(bec, pos, wrong, q, false)).isCloseTo(0.3, within(1e-12));
    }

    /**
     * Dipole function mu(r) = sum_j q_j r_j + c (r_12 . r_13) r_23 + d |r_12|^2 r_14 (rotation covariant,
     * translation invariant beyond the point charges, neutral). Its exact derivative Z[j][a][b] =
     * d mu_a / d r_{j,b} (by central differences) is non-symmetric: the rotational rule holds for Z and fails
     * for Z^T, which catches a transposition.
     */
    static double[] dipole(double[] x, double[] q, double c, double d) {
        double[] mu = new double[3];
        int n = q.length;
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < 3; k++) {
                mu[k] += q[j] * x[3 * j + k];
            }
        }
        double dot = 0;
        double n12 = 0;
        for (int k = 0; k < 3; k++) {
            double r12 = x[3 + k] - x[k];
            double r13 = x[6 + k] - x[k];
            dot += r12 * r13;
            n12 += r12 * r12;
        }
        for (int k = 0; k < 3; k++) {
            double r23 = x[6 + k] - x[3 + k];
            double r14 = x[9 + k] - x[k];
            mu[k] += c * dot * r23 + d * n12 * r14;
        }
        return mu;
    }

    static double[] becByFiniteDifferences(double[] x, double[] q, double c, double d) {
        int n = q.length;
        double[] bec = new double[9 * n];
        double h = 1e-5;
        for (int j = 0; j < n; j++) {
            for (int b = 0; b < 3; b++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[3 * j + b] += h;
                xm[3 * j + b] -= h;
                double[] mp = dipole(xp, q, c, d);
                double[] mm = dipole(xm, q, c, d);
                for (int a = 0; a < 3; a++) {
                    bec[9 * j + 3 * a + b] = (mp[a] - mm[a]) / (2 * h); // Z[j][a][b] = d mu_a / d r_{j,b}
                }
            }
        }
        return bec;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void derivativeOfADipoleFunctionPicksTheFieldRowReading(long seed) {
        Random r = new Random(seed);
        int n = 4 + r.nextInt(3);
        double[] q = new double[n];
        double sum = 0;
        for (int j = 0; j < n - 1; j++) {
            q[j] = r.nextGaussian();
            sum += q[j];
        }
        q[n - 1] = -sum;
        double[] x = new double[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            x[i] = 1.5 * r.nextGaussian() + 3;
        }
        double c = 0.3;
        double d = -0.2;
        double[] bec = becByFiniteDifferences(x, q, c, d);
        double[] mu = dipole(x, q, c, d);
        assertThat(BecSumRules.antisymmetricFraction(bec)).isGreaterThan(0.01);
        assertThat(BecSumRules.asrResidual(bec, 0)).isLessThan(1e-8);
        double right = BecSumRules.rotationalResidualMax(bec, x, mu, 0, false);
        double wrong = BecSumRules.rotationalResidualMax(bec, x, mu, 0, true);
        assertThat(right).isLessThan(1e-7);
        assertThat(wrong).isGreaterThan(1e-2);

        // the same through a Structure and its rigidly rotated and translated copy
        String[] sym = new String[n];
        java.util.Arrays.fill(sym, "O");
        Structure s = Structure.builder().symbols(sym).positions(x).bec(bec).dipole(mu).build();
        double[] rot = Mat3.rotation(new double[] {0.3, -1, 0.4}, 0.9);
        Structure t = s.transformed(rot, new double[] {0.7, -2, 1});
        for (Structure u : new Structure[] {s, t}) {
            BecSumRules.RotationalCheck check = BecSumRules.rotationalCheck(u);
            assertThat(check.fieldRows()).isLessThan(1e-7);
            assertThat(check.displacementRows()).isGreaterThan(1e-2);
            assertThat(check.fits()).isEqualTo("field");
        }
        // stored transposed (as a displacement-row file read with field rows) the check names that reading
        double[] bt = bec.clone();
        org.zstar.io.BecRows.DISPLACEMENT.toFieldRows(bt);
        Structure swapped = s.toBuilder().bec(bt).build();
        assertThat(BecSumRules.rotationalCheck(swapped).fits()).isEqualTo("displacement");
    }

    @Test
    void antisymmetricFractionOfKnownTensors() {
        double[] sym = {1, 2, 0, 2, 1, 0, 0, 0, 3};
        double[] anti = {0, 1, 0, -1, 0, 0, 0, 0, 0};
        assertThat(BecSumRules.antisymmetricFraction(sym)).isEqualTo(0.0);
        assertThat(BecSumRules.antisymmetricFraction(anti)).isCloseTo(1.0, within(1e-15));
        double[] mix = new double[9];
        for (int k = 0; k < 9; k++) {
            mix[k] = sym[k] + anti[k];
        }
        // ||A||^2 = 2, ||S||^2 = 1+4+4+1+9 = 19, and S, A are orthogonal: fraction = sqrt(2/21)
        assertThat(BecSumRules.antisymmetricFraction(mix)).isCloseTo(Math.sqrt(2.0 / 21.0), within(1e-15));
    }

    @Test
    void summaryAggregatesOverFrames() {
        BecSummary sum = new BecSummary();
        double[] b1 = {2, 0, 0, 0, 2, 0, 0, 0, 2, -2, 0, 0, 0, -2, 0, 0, 0, -2.001};
        double[] b2 = {1, 0, 0, 0, 1, 0, 0, 0, 1, -1, 0, 0, 0, -1, 0, 0, 0, -1};
        sum.accept(Structure.builder().symbols("Na", "Cl").positions(new double[6]).bec(b1).build());
        sum.accept(Structure.builder().symbols("Na", "Cl").positions(new double[6]).bec(b2).energy(1.0).build());
        assertThat(sum.frames()).isEqualTo(2);
        assertThat(sum.asrMax()).isCloseTo(0.001, within(1e-12));
        assertThat(sum.meanCharge().get("Na")).isCloseTo(1.5, within(1e-12));
        assertThat(sum.meanCharge().get("Cl")).isCloseTo(-(2 + 2 + 2.001) / 6 - 0.5, within(1e-12));
        assertThat(sum.quantities()).containsEntry("bec", 2L).containsEntry("energy", 1L);
        assertThat(sum.rotationalFrames()).isZero(); // no dipole
    }
}
