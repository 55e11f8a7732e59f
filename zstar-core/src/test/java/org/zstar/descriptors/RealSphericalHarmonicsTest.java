package org.zstar.descriptors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RealSphericalHarmonicsTest {
    static final int L = 6;

    @Test
    void orthonormalOnTheSphere() {
        RealSphericalHarmonics sh = new RealSphericalHarmonics(L);
        int nf = sh.size();
        double[] y = new double[nf], g = new double[3 * nf], w = new double[sh.workSize()];
        double[][] gl = SpecialFunctions.gaussLegendre(L + 2);
        int nphi = 2 * L + 3;
        double[][] overlap = new double[nf][nf];
        for (int a = 0; a < gl[0].length; a++) {
            double z = gl[0][a], st = Math.sqrt(1 - z * z);
            for (int p = 0; p < nphi; p++) {
                double phi = 2 * Math.PI * p / nphi;
                sh.solid(st * Math.cos(phi), st * Math.sin(phi), z, y, g, w);
                double wt = gl[1][a] * 2 * Math.PI / nphi;
                for (int i = 0; i < nf; i++) {
                    for (int j = 0; j < nf; j++) {
                        overlap[i][j] += wt * y[i] * y[j];
                    }
                }
            }
        }
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < nf; j++) {
                assertThat(overlap[i][j]).as("%d %d", i, j).isCloseTo(i == j ? 1.0 : 0.0, within(1e-13));
            }
        }
    }

    @Test
    void lOneIsYZXAndAdditionTheoremHolds() {
        RealSphericalHarmonics sh = new RealSphericalHarmonics(L);
        int nf = sh.size();
        double[] y = new double[nf], y2 = new double[nf], g = new double[3 * nf], w = new double[sh.workSize()];
        Random rnd = new Random(1);
        for (int t = 0; t < 20; t++) {
            double[] u = unit(rnd), v = unit(rnd);
            sh.solid(u[0], u[1], u[2], y, g, w);
            double c = Math.sqrt(3 / (4 * Math.PI));
            assertThat(y[0]).isCloseTo(0.5 / Math.sqrt(Math.PI), within(1e-15));
            assertThat(new double[] {y[1], y[2], y[3]}).containsExactly(new double[] {c * u[1], c * u[2], c * u[0]}, within(1e-14));
            sh.solid(v[0], v[1], v[2], y2, g, w);
            double cosg = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
            double p0 = 1, p1 = cosg;
            for (int l = 0; l <= L; l++) {
                double pl = l == 0 ? 1 : p1;
                if (l >= 2) {
                    double p2 = ((2 * l - 1) * cosg * p1 - (l - 1) * p0) / l;
                    p0 = p1;
                    p1 = p2;
                    pl = p2;
                }
                double s = 0;
                for (int m = -l; m <= l; m++) {
                    s += y[l * (l + 1) + m] * y2[l * (l + 1) + m];
                }
                assertThat(s).isCloseTo((2 * l + 1) / (4 * Math.PI) * pl, within(1e-13));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        RealSphericalHarmonics sh = new RealSphericalHarmonics(L);
        int nf = sh.size();
        double[] y = new double[nf], g = new double[3 * nf], w = new double[sh.workSize()];
        double[] yp = new double[nf], ym = new double[nf], gt = new double[3 * nf];
        Random rnd = new Random(2);
        for (int t = 0; t < 20; t++) {
            double[] r = {3 * rnd.nextGaussian(), 3 * rnd.nextGaussian(), 3 * rnd.nextGaussian()};
            double len = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
            sh.evaluate(r[0], r[1], r[2], len, y, g, w);
            double eps = 1e-6;
            for (int a = 0; a < 3; a++) {
                double[] rp = r.clone(), rm = r.clone();
                rp[a] += eps;
                rm[a] -= eps;
                sh.evaluate(rp[0], rp[1], rp[2], norm(rp), yp, gt, w);
                sh.evaluate(rm[0], rm[1], rm[2], norm(rm), ym, gt, w);
                for (int k = 0; k < nf; k++) {
                    assertThat(g[3 * k + a]).isCloseTo((yp[k] - ym[k]) / (2 * eps), within(1e-7));
                }
            }
            // the gradient of a function of r/|r| is orthogonal to r
            for (int k = 0; k < nf; k++) {
                assertThat(g[3 * k] * r[0] + g[3 * k + 1] * r[1] + g[3 * k + 2] * r[2]).isCloseTo(0.0, within(1e-12));
            }
        }
    }

    static double norm(double[] r) {
        return Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
    }

    static double[] unit(Random rnd) {
        double[] u = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double n = norm(u);
        return new double[] {u[0] / n, u[1] / n, u[2] / n};
    }
}
