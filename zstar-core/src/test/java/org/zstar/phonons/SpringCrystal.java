package org.zstar.phonons;

import java.util.ArrayList;
import java.util.List;
import org.zstar.md.ForceField;
import org.zstar.md.ForceResult;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Structure;

/**
 * A harmonic model crystal for exact tests: bonds {@code (i, j, n)} between atom i and the image of atom j shifted by
 * the lattice vector {@code n . cell}, {@code E = sum_bonds (d - d0)^T K (d - d0) / 2} with {@code d = r_j + n.L - r_i}.
 * Analytic force constants: {@code Phi_ii += K, Phi_jj += K, Phi_ij -= K, Phi_ji -= K} per bond.
 */
public final class SpringCrystal implements ForceField {
    /** One spring: K symmetric 3x3 row-major (eV/A^2), rest vector d0 (A). */
    public record Bond(int i, int j, int[] shift, double[] k, double[] d0) {
    }

    private final List<Bond> bonds = new ArrayList<>();

    public SpringCrystal bond(int i, int j, int[] shift, double[] k, double[] d0) {
        bonds.add(new Bond(i, j, shift.clone(), k.clone(), d0.clone()));
        return this;
    }

    @Override
    public ForceResult compute(Structure s) {
        int n = s.size();
        double[] x = s.positionsView();
        double[] lat = s.cell() == null ? new double[9] : s.cell().lattice();
        double[] f = new double[3 * n];
        double[] vir = new double[9];
        double e = 0;
        for (Bond b : bonds) {
            double[] d = new double[3];
            for (int k = 0; k < 3; k++) {
                d[k] = x[3 * b.j() + k] - x[3 * b.i() + k];
                for (int l = 0; l < 3; l++) {
                    d[k] += b.shift()[l] * lat[3 * l + k];
                }
            }
            double[] u = {d[0] - b.d0()[0], d[1] - b.d0()[1], d[2] - b.d0()[2]};
            for (int a = 0; a < 3; a++) {
                double g = 0; // dE/dd_a = (K u)_a
                for (int c = 0; c < 3; c++) {
                    g += b.k()[3 * a + c] * u[c];
                }
                e += 0.5 * u[a] * g;
                f[3 * b.j() + a] -= g;
                f[3 * b.i() + a] += g;
                for (int c = 0; c < 3; c++) {
                    vir[3 * a + c] += g * d[c];
                }
            }
        }
        if (s.isPeriodic()) {
            double v = s.cell().volume();
            double[] st = new double[9];
            for (int k = 0; k < 9; k++) {
                st[k] = vir[k] / v;
            }
            return new ForceResult(e, f, vir, st);
        }
        return new ForceResult(e, f, null, null);
    }

    /** The analytic force constants (3N x 3N row-major). */
    public double[] analyticForceConstants(int atoms) {
        int d = 3 * atoms;
        double[] phi = new double[d * d];
        for (Bond b : bonds) {
            for (int a = 0; a < 3; a++) {
                for (int c = 0; c < 3; c++) {
                    double k = b.k()[3 * a + c];
                    phi[(3 * b.i() + a) * d + 3 * b.i() + c] += k;
                    phi[(3 * b.j() + a) * d + 3 * b.j() + c] += k;
                    phi[(3 * b.i() + a) * d + 3 * b.j() + c] -= k;
                    phi[(3 * b.j() + a) * d + 3 * b.i() + c] -= k;
                }
            }
        }
        return phi;
    }

    /** A BEC model with a fixed tensor per atom: {@code Z_j} as given, {@code P = sum_j Z_j r_j} (so Z = dP/dr). */
    public static BecModel fixedTensors(double[] bec) {
        return new BecModel() {
            @Override
            public List<String> species() {
                return List.of();
            }

            @Override
            public BecPrediction predict(Structure s) {
                int n = s.size();
                double[] r = s.positionsView();
                double[] p = new double[3];
                for (int j = 0; j < n; j++) {
                    for (int a = 0; a < 3; a++) {
                        for (int b = 0; b < 3; b++) {
                            p[a] += bec[9 * j + 3 * a + b] * r[3 * j + b];
                        }
                    }
                }
                return new BecPrediction(null, null, bec.clone(), bec.clone(), new double[9 * n], new double[9 * n], p);
            }
        };
    }
}
