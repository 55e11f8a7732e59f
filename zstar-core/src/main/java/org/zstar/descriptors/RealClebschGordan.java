package org.zstar.descriptors;

/**
 * Real-harmonic coupling coefficients of (l, l+1) to total angular momentum 1 (THEORY.md, "Descriptors",
 * 3.9): C^l_{mu m m'} proportional to the real Gaunt integral G = int Y_{1 mu} Y_{l m} Y_{l+1, m'} dOmega,
 * normalised so that sum_{m m'} (C^l_{mu m m'})^2 = 1 for every mu. Because the triple integral is invariant
 * under any rotation acting on all three real harmonics (each transforms with its orthogonal Wigner matrix),
 * T_mu = sum_{m m'} C^l_{mu m m'} a_{lm} b_{l+1,m'} transforms like Y_{1 mu}, i.e. (T_1, T_-1, T_0) is a
 * Cartesian (x, y, z) vector. The integral is done exactly by Gauss-Legendre quadrature in cos(theta)
 * (lmax + 3 nodes) times the trapezoid rule in phi (2 lmax + 6 points): the integrand is a polynomial of
 * degree at most 2 lmax + 2 on the sphere. Real Gaunt coefficients are proportional to the real
 * Clebsch-Gordan coefficients because the reduced factor (l 0 l+1 0 | 1 0) is non-zero (l + l+1 + 1 even).
 */
final class RealClebschGordan {
    private RealClebschGordan() {
    }

    /**
     * Coefficients for l = 0..lmax-1: out[l][(mu * (2l+1) + (m+l)) * (2l+3) + (m'+l+1)], mu = 0, 1, 2 for
     * m_lambda = -1, 0, 1.
     */
    static double[][] lambdaOne(int lmax) {
        double[][] out = new double[Math.max(lmax, 0)][];
        if (lmax < 1) {
            return out;
        }
        RealSphericalHarmonics sh = new RealSphericalHarmonics(lmax);
        int nf = sh.size();
        int nz = lmax + 3, nphi = 2 * lmax + 6;
        double[][] gl = SpecialFunctions.gaussLegendre(nz);
        double[] y = new double[nf], g = new double[3 * nf], work = new double[sh.workSize()];
        for (int l = 0; l < lmax; l++) {
            out[l] = new double[3 * (2 * l + 1) * (2 * l + 3)];
        }
        for (int a = 0; a < nz; a++) {
            double z = gl[0][a], st = Math.sqrt(1 - z * z);
            for (int p = 0; p < nphi; p++) {
                double phi = 2 * Math.PI * p / nphi;
                sh.solid(st * Math.cos(phi), st * Math.sin(phi), z, y, g, work);
                double wt = gl[1][a] * 2 * Math.PI / nphi;
                for (int l = 0; l < lmax; l++) {
                    int w1 = 2 * l + 1, w2 = 2 * l + 3;
                    for (int mu = 0; mu < 3; mu++) {
                        double y1 = y[1 + mu] * wt;
                        for (int m = 0; m < w1; m++) {
                            double ym = y1 * y[l * l + m];
                            for (int mp = 0; mp < w2; mp++) {
                                out[l][(mu * w1 + m) * w2 + mp] += ym * y[(l + 1) * (l + 1) + mp];
                            }
                        }
                    }
                }
            }
        }
        for (int l = 0; l < lmax; l++) {
            int w = (2 * l + 1) * (2 * l + 3);
            double n2 = 0;
            for (int k = 0; k < w; k++) {
                n2 += out[l][k] * out[l][k];
            }
            double inv = 1.0 / Math.sqrt(n2);
            for (int k = 0; k < out[l].length; k++) {
                out[l][k] *= inv;
                if (Math.abs(out[l][k]) < 1e-15) {
                    out[l][k] = 0.0; // exact zeros of the coupling, cleaned of quadrature round-off
                }
            }
        }
        return out;
    }
}
