package org.zstar.md;

import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/** Analytic force fields for integrator tests. */
final class TestForceFields {
    private TestForceFields() {
    }

    /**
     * Lennard-Jones {@code E = sum_{i<j} 4 eps [(s/r)^12 - (s/r)^6]} shifted to zero at the cutoff, minimum image
     * in periodic cells (cutoff below half the cell), virial {@code sum_pairs g (x) r_ij}.
     */
    static ForceField lennardJones(double eps, double sigma, double cutoff) {
        double sr = sigma / cutoff;
        double shift = 4 * eps * (Math.pow(sr, 12) - Math.pow(sr, 6));
        return s -> {
            int n = s.size();
            double[] x = s.positionsView();
            Cell cell = s.cell();
            double e = 0;
            double[] f = new double[3 * n];
            double[] vir = new double[9];
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double[] d = {x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]};
                    if (cell != null) {
                        d = cell.minimumImage(d);
                    }
                    double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
                    if (r2 >= cutoff * cutoff) {
                        continue;
                    }
                    double s6 = Math.pow(sigma * sigma / r2, 3);
                    e += 4 * eps * (s6 * s6 - s6) - shift;
                    double dEdrOverR = 4 * eps * (-12 * s6 * s6 + 6 * s6) / r2;
                    for (int k = 0; k < 3; k++) {
                        double g = dEdrOverR * d[k]; // dE/d(r_ij)_k
                        f[3 * j + k] -= g;
                        f[3 * i + k] += g;
                        for (int l = 0; l < 3; l++) {
                            vir[3 * k + l] += g * d[l];
                        }
                    }
                }
            }
            if (s.isPeriodic()) {
                double[] st = new double[9];
                for (int k = 0; k < 9; k++) {
                    st[k] = vir[k] / cell.volume();
                }
                return new ForceResult(e, f, vir, st);
            }
            return new ForceResult(e, f, null, null);
        };
    }

    /** Independent isotropic harmonic wells {@code E = sum_i k/2 |r_i - r0_i|^2}. */
    static ForceField harmonicWells(double k, double[] r0) {
        return s -> {
            double[] x = s.positionsView();
            double e = 0;
            double[] f = new double[x.length];
            for (int c = 0; c < x.length; c++) {
                double d = x[c] - r0[c];
                e += 0.5 * k * d * d;
                f[c] = -k * d;
            }
            return new ForceResult(e, f, null, null);
        };
    }

    /** An argon cluster: n atoms on a jittered fcc-like grid with spacing a. */
    static Structure argon(int n, double a, long seed, Cell cell) {
        java.util.Random rnd = new java.util.Random(seed);
        String[] sym = new String[n];
        double[] p = new double[3 * n];
        int side = (int) Math.ceil(Math.cbrt(n));
        for (int i = 0; i < n; i++) {
            sym[i] = "Ar";
            p[3 * i] = a * (i % side) + 0.05 * rnd.nextGaussian();
            p[3 * i + 1] = a * ((i / side) % side) + 0.05 * rnd.nextGaussian();
            p[3 * i + 2] = a * (i / (side * side)) + 0.05 * rnd.nextGaussian();
        }
        return Structure.builder().symbols(sym).positions(p).cell(cell).build();
    }
}
