package org.zstar.analysis;

import org.zstar.structure.Structure;

/**
 * Sum rules of Born effective charges {@code Z[j][a][b] = dP_a/dr_{j,b}} (flat {@code bec[9j+3a+b]}); see
 * docs/THEORY.md, "Data and conventions".
 *
 * <ul>
 *   <li>Acoustic (translational) sum rule: a rigid translation moves the total charge Q, so
 *       {@code sum_j Z[j][a][b] = Q delta_ab}.</li>
 *   <li>Rotational sum rule for an isolated molecule with dipole mu: a rigid rotation
 *       {@code delta r_j = theta n x r_j} turns the dipole, {@code delta mu = theta n x mu}, so
 *       {@code sum_j sum_{b,e} Z[j][a][b] eps_{bde} r_{j,e} = sum_f eps_{adf} mu_f} for every a, d.
 *       Only the field-row orientation of Z satisfies it in general, which tells the row convention of
 *       a file apart.</li>
 * </ul>
 */
public final class BecSumRules {
    private BecSumRules() {
    }

    /**
     * {@code S[a][b] = sum_j Z[j][a][b]} (row-major 3x3).
     *
     * @param bec the BECs of one frame, 9N values, Z[j][a][b] = dP_a/dr_{j,b} row-major per atom
     * @return the 3x3 sum S, row-major
     */
    public static double[] chargeSum(double[] bec) {
        double[] s = new double[9];
        for (int off = 0; off + 9 <= bec.length; off += 9) {
            for (int k = 0; k < 9; k++) {
                s[k] += bec[off + k];
            }
        }
        return s;
    }

    /**
     * Acoustic sum rule residual {@code max_{a,b} |sum_j Z[j][a][b] - Q delta_ab|}.
     *
     * @param bec the BECs of one frame, 9N values (Z[j][a][b] = dP_a/dr_{j,b})
     * @param totalCharge the total charge Q of the frame (e)
     * @return the largest component of |S - Q I| (e)
     */
    public static double asrResidual(double[] bec, double totalCharge) {
        double[] s = chargeSum(bec);
        double m = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                m = Math.max(m, Math.abs(s[3 * a + b] - (a == b ? totalCharge : 0.0)));
            }
        }
        return m;
    }

    /**
     * {@code sum_j ||(Z_j - Z_j^T)/2||_F^2}, the squared norm of the antisymmetric parts.
     *
     * @param bec the BECs of one frame, 9N values
     * @return the squared Frobenius norm of the antisymmetric parts (e^2)
     */
    public static double antisymmetricNormSquared(double[] bec) {
        double s = 0;
        for (int off = 0; off + 9 <= bec.length; off += 9) {
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    double d = 0.5 * (bec[off + 3 * a + b] - bec[off + 3 * b + a]);
                    s += 2 * d * d; // (a,b) and (b,a) entries of the antisymmetric part
                }
            }
        }
        return s;
    }

    /**
     * {@code sum_j ||Z_j||_F^2}.
     *
     * @param bec the BECs of one frame, 9N values
     * @return the squared Frobenius norm of all blocks (e^2)
     */
    public static double normSquared(double[] bec) {
        double s = 0;
        for (double v : bec) {
            s += v * v;
        }
        return s;
    }

    /**
     * Antisymmetric fraction {@code sqrt(sum_j ||A_j||^2 / sum_j ||Z_j||^2)} with {@code A = (Z - Z^T)/2}:
     * 0 for symmetric tensors, 1 for purely antisymmetric ones.
     *
     * @param bec the BECs of one frame, 9N values
     * @return the fraction in [0, 1]; 0 when all blocks vanish
     */
    public static double antisymmetricFraction(double[] bec) {
        double z = normSquared(bec);
        return z == 0 ? 0 : Math.sqrt(antisymmetricNormSquared(bec) / z);
    }

    /**
     * Rotational sum rule residual, row-major 3x3 over (a, d):
     * {@code R[a][d] = sum_j sum_{b,e} Z[j][a][b] eps_{bde} r_{j,e} - sum_f eps_{adf} mu_f}.
     * Positions are taken relative to their centroid c and the dipole shifted consistently,
     * {@code mu' = mu - Q c}, so that the result does not grow with the distance to the origin when the
     * acoustic sum rule holds only approximately.
     *
     * @param transpose use {@code Z^T} for each atom (i.e. test the reading "rows are displacements")
     * @param bec the BECs of one frame, 9N values (Z[j][a][b] = dP_a/dr_{j,b})
     * @param positions the atomic positions, 3N values (A)
     * @param dipole the frame's dipole mu (e A)
     * @param totalCharge the total charge Q of the frame (e)
     * @return the residual R, row-major 3x3 (e A)
     */
    public static double[] rotationalResidual(double[] bec, double[] positions, double[] dipole, double totalCharge,
            boolean transpose) {
        int n = positions.length / 3;
        double[] c = new double[3];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < 3; k++) {
                c[k] += positions[3 * j + k] / n;
            }
        }
        double[] mu = {dipole[0] - totalCharge * c[0], dipole[1] - totalCharge * c[1], dipole[2] - totalCharge * c[2]};
        double[] r = new double[9];
        double[] x = new double[3];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < 3; k++) {
                x[k] = positions[3 * j + k] - c[k];
            }
            int off = 9 * j;
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double z = transpose ? bec[off + 3 * b + a] : bec[off + 3 * a + b];
                    if (z == 0) {
                        continue;
                    }
                    for (int d = 0; d < 3; d++) {
                        for (int e = 0; e < 3; e++) {
                            double eps = levi(b, d, e);
                            if (eps != 0) {
                                r[3 * a + d] += z * eps * x[e];
                            }
                        }
                    }
                }
            }
        }
        for (int a = 0; a < 3; a++) {
            for (int d = 0; d < 3; d++) {
                for (int f = 0; f < 3; f++) {
                    r[3 * a + d] -= levi(a, d, f) * mu[f];
                }
            }
        }
        return r;
    }

    /**
     * Largest absolute component of {@link #rotationalResidual}.
     *
     * @param bec the BECs of one frame, 9N values
     * @param positions the atomic positions, 3N values (A)
     * @param dipole the frame's dipole (e A)
     * @param totalCharge the total charge of the frame (e)
     * @param transpose read each block transposed (rows = displacement)
     * @return max_{a,d} |R[a][d]| (e A)
     */
    public static double rotationalResidualMax(double[] bec, double[] positions, double[] dipole, double totalCharge,
            boolean transpose) {
        double m = 0;
        for (double v : rotationalResidual(bec, positions, dipole, totalCharge, transpose)) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Rotational residuals of a structure in both readings; null unless it is an isolated molecule with BECs and a
     * dipole.
     *
     * @param s the structure
     * @return the residuals with rows = field and rows = displacement, or null
     */
    public static RotationalCheck rotationalCheck(Structure s) {
        if (s.isPeriodic() || s.dipole() == null || !s.has(Structure.BEC)) {
            return null;
        }
        double[] bec = s.atomArrayView(Structure.BEC);
        return new RotationalCheck(
                rotationalResidualMax(bec, s.positionsView(), s.dipole(), s.totalCharge(), false),
                rotationalResidualMax(bec, s.positionsView(), s.dipole(), s.totalCharge(), true));
    }

    /**
     * Rotational residuals (max abs component, e*A) with the BECs as stored (rows = field) and transposed
     * (as if the rows read were displacements).
     *
     * @param fieldRows the residual with the BECs as stored (rows = field) (e A)
     * @param displacementRows the residual with the blocks transposed (e A)
     */
    public record RotationalCheck(double fieldRows, double displacementRows) {
        /** {@return "field" or "displacement": the reading with the smaller residual} */
        public String fits() {
            return fieldRows <= displacementRows ? "field" : "displacement";
        }
    }

    /**
     * Levi-Civita symbol eps_{ijk}.
     *
     * @param i the first index, 0..2
     * @param j the second index, 0..2
     * @param k the third index, 0..2
     * @return +1 for an even permutation of (0, 1, 2), -1 for an odd one, 0 when two indices are equal
     */
    public static double levi(int i, int j, int k) {
        if (i == j || j == k || i == k) {
            return 0;
        }
        return ((j - i + 3) % 3 == 1) ? 1 : -1;
    }
}
