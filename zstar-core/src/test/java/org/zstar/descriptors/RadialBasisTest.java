package org.zstar.descriptors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RadialBasisTest {

    @Test
    void besselZerosMatchTablesAndInterlace() {
        // reference zeros (Abramowitz & Stegun 10.1 / DLMF 10.21): j_1: 4.4934094579, 7.7252518369;
        // j_2: 5.7634591969, 9.0950113305; j_3: 6.9879320005
        assertThat(SpecialFunctions.sphericalJZeros(0, 3)).containsExactly(
                new double[] {Math.PI, 2 * Math.PI, 3 * Math.PI}, within(1e-14));
        double[] z1 = SpecialFunctions.sphericalJZeros(1, 2);
        assertThat(z1[0]).isCloseTo(4.493409457909064, within(1e-12));
        assertThat(z1[1]).isCloseTo(7.725251836937707, within(1e-12));
        double[] z2 = SpecialFunctions.sphericalJZeros(2, 2);
        assertThat(z2[0]).isCloseTo(5.763459196894550, within(1e-12));
        assertThat(z2[1]).isCloseTo(9.095011330476355, within(1e-12));
        assertThat(SpecialFunctions.sphericalJZeros(3, 1)[0]).isCloseTo(6.987932000500519, within(1e-12));
        for (int l = 0; l <= 8; l++) {
            double[] z = SpecialFunctions.sphericalJZeros(l, 14);
            for (int n = 0; n < z.length; n++) {
                assertThat(Math.abs(SpecialFunctions.sphericalJ(l, z[n]))).isLessThan(1e-13);
                if (n > 0) {
                    assertThat(z[n]).isGreaterThan(z[n - 1] + 1.0);
                }
            }
        }
    }

    @Test
    void sphericalBesselMatchesClosedFormsOnBothBranches() {
        for (double x : new double[] {1e-3, 0.3, 0.99, 1.5, 2.7, 4.0, 8.3, 20.0}) {
            double s = Math.sin(x), c = Math.cos(x);
            assertThat(SpecialFunctions.sphericalJ(0, x)).isCloseTo(s / x, within(1e-14));
            assertThat(SpecialFunctions.sphericalJ(1, x)).isCloseTo(s / (x * x) - c / x, within(1e-12));
            double j2 = (3 / (x * x) - 1) * s / x - 3 * c / (x * x);
            assertThat(SpecialFunctions.sphericalJ(2, x)).isCloseTo(j2, within(x < 0.1 ? 1e-9 : 1e-12));
        }
    }

    @Test
    void scaledModifiedBesselMatchesClosedFormsAndIsContinuousAcrossBranches() {
        double[] s = new double[4];
        for (double x : new double[] {0.5, 2.0, 7.5, 24.0, 26.0, 60.0}) {
            SpecialFunctions.scaledModifiedI(3, x, s);
            double e = Math.exp(-x), sh = Math.sinh(x) * e, ch = Math.cosh(x) * e;
            assertThat(s[0] / (sh / x)).isCloseTo(1.0, within(1e-13));
            assertThat(s[1] / (ch / x - sh / (x * x))).isCloseTo(1.0, within(1e-12));
            double i2 = (3 / (x * x) + 1) * sh / x - 3 * ch / (x * x);
            assertThat(s[2] / i2).isCloseTo(1.0, within(x < 1 ? 1e-9 : 1e-11)); // closed form cancels at small x
        }
        double[] a = new double[6], b = new double[6];
        SpecialFunctions.scaledModifiedI(5, 25.0 - 1e-9, a);
        SpecialFunctions.scaledModifiedI(5, 25.0 + 1e-9, b);
        for (int l = 0; l <= 5; l++) {
            assertThat(a[l] / b[l]).isCloseTo(1.0, within(5e-10)); // d ln s_l/dx ~ -1/x over 2e-9: ~1e-10 expected
            assertThat(a[l]).isNotNaN();
        }
        // large arguments: no overflow
        SpecialFunctions.scaledModifiedI(5, 800.0, b);
        assertThat(b[0]).isCloseTo(1.0 / 1600.0, within(1e-15));
    }

    @ParameterizedTest
    @CsvSource({"5.0, 8, 4", "6.0, 12, 1", "3.0, 5, 6"})
    void basisIsOrthonormalOnTheCutoffSphere(double rc, int nmax, int lmax) {
        RadialBasis b = new RadialBasis(rc, nmax, lmax, 0.5, 0.05);
        double[][] gl = SpecialFunctions.gaussLegendre(200);
        for (int l = 0; l <= lmax; l++) {
            for (int n = 0; n < nmax; n++) {
                for (int m = 0; m < nmax; m++) {
                    double s = 0;
                    for (int k = 0; k < 200; k++) {
                        double r = 0.5 * rc * (gl[0][k] + 1);
                        s += 0.5 * rc * gl[1][k] * r * r * b.chi(n, l, r) * b.chi(m, l, r);
                    }
                    assertThat(s).as("l=%d n=%d m=%d", l, n, m).isCloseTo(n == m ? 1.0 : 0.0, within(1e-11));
                }
                assertThat(Math.abs(b.chi(n, l, rc))).isLessThan(1e-12);
            }
        }
    }

    @Test
    void splineMatchesQuadratureAndItsDerivativeIsConsistent() {
        RadialBasis b = new RadialBasis(5.0, 8, 4, 0.5, 0.01);
        int nf = b.functions();
        double[] h = new double[nf], dh = new double[nf], he = new double[nf], dhe = new double[nf];
        double[] hp = new double[nf], hm = new double[nf], tmp = new double[nf];
        Random rnd = new Random(5);
        double scale = 0, dscale = 0;
        for (int t = 0; t < 60; t++) {
            b.exact(0.05 + 4.9 * rnd.nextDouble(), he, dhe);
            for (int f = 0; f < nf; f++) {
                scale = Math.max(scale, Math.abs(he[f]));
                dscale = Math.max(dscale, Math.abs(dhe[f]));
            }
        }
        assertThat(scale).isGreaterThan(1e-3);
        for (int t = 0; t < 60; t++) {
            double r = 0.02 + 4.96 * rnd.nextDouble();
            b.evaluate(r, h, dh);
            b.exact(r, he, dhe);
            double eps = 1e-5;
            b.evaluate(r + eps, hp, tmp);
            b.evaluate(r - eps, hm, tmp);
            for (int f = 0; f < nf; f++) {
                assertThat(h[f]).isCloseTo(he[f], within(1e-7 * scale));
                assertThat(dh[f]).isCloseTo(dhe[f], within(1e-5 * dscale));
                assertThat((hp[f] - hm[f]) / (2 * eps)).isCloseTo(dh[f], within(1e-8 * dscale));
            }
        }
    }

    @Test
    void exactDerivativeMatchesFiniteDifferenceOfQuadrature() {
        RadialBasis b = new RadialBasis(4.0, 4, 3, 0.4, 0.05);
        int nf = b.functions();
        double[] h = new double[nf], dh = new double[nf], hp = new double[nf], hm = new double[nf], t = new double[nf];
        for (double r : new double[] {0.0, 0.7, 1.9, 3.3, 3.99}) {
            b.exact(r, h, dh);
            double eps = 1e-5;
            b.exact(r + eps, hp, t);
            b.exact(Math.abs(r - eps), hm, t);
            for (int f = 0; f < nf; f++) {
                int l = f % 4;
                double fd = r == 0 ? (l == 1 ? hp[f] / eps : 0) : (hp[f] - hm[f]) / (2 * eps);
                assertThat(dh[f]).as("r=%f f=%d", r, f).isCloseTo(fd, within(1e-7));
            }
        }
    }

    @Test
    void radialFunctionsVanishSmoothlyAtTheCutoff() {
        RadialBasis b = new RadialBasis(5.0, 8, 4, 0.5, 0.01);
        int nf = b.functions();
        double[] h = new double[nf], dh = new double[nf];
        b.evaluate(5.0 - 1e-9, h, dh);
        for (int f = 0; f < nf; f++) {
            assertThat(Math.abs(h[f])).isLessThan(1e-12);
            assertThat(Math.abs(dh[f])).isLessThan(1e-8);
        }
        b.evaluate(5.0, h, dh);
        assertThat(h).containsOnly(0.0);
        // near the cutoff the values fall off like (R - r)^2 (f_cut ~ pi^2 (R-r)^2 / (4 R^2))
        b.evaluate(4.9, h, dh);
        double[] h2 = new double[nf];
        b.evaluate(4.95, h2, dh);
        for (int f = 0; f < nf; f++) {
            if (Math.abs(h[f]) > 1e-8) {
                assertThat(h2[f] / h[f]).isBetween(0.15, 0.35);
            }
        }
    }
}
