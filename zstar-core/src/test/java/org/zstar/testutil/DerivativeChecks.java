package org.zstar.testutil;

import java.util.Random;
import java.util.function.Function;
import org.zstar.md.ForceField;
import org.zstar.md.ForceResult;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;

/**
 * One finite-difference and symmetry harness for everything zstar differentiates (in the spirit of featomic's
 * {@code tests_utils}): descriptor values against their gradients, the polarisation against the predicted BECs
 * ({@code Z_j,ab = dP_a/dr_j,b}), the energy against the forces ({@code F = -dE/dr}), and the transformation laws
 * {@code Z(Rr + t) = R Z(r) R^T}, {@code F(Rr + t) = R F(r)}, {@code E(Rr + t) = E(r)}, permutations. Each check
 * returns the largest absolute deviation, so a test states its own tolerance; a sign or transposition error
 * gives a deviation of the size of the quantity itself.
 */
public final class DerivativeChecks {
    private DerivativeChecks() {
    }

    /** A copy of {@code s} with coordinate b of atom j moved by h (A). */
    public static Structure displaced(Structure s, int j, int b, double h) {
        double[] r = s.positions();
        r[3 * j + b] += h;
        return s.toBuilder().positions(r).build();
    }

    /**
     * Largest |analytic - central difference| over every output k and coordinate (j, b): {@code values} maps a
     * frame to K numbers, {@code analytic[k][3j + b]} is their derivative at {@code s}.
     */
    public static double jacobianError(Structure s, Function<Structure, double[]> values, double[][] analytic,
            double h) {
        double worst = 0;
        for (int c = 0; c < 3 * s.size(); c++) {
            double[] plus = values.apply(displaced(s, c / 3, c % 3, h));
            double[] minus = values.apply(displaced(s, c / 3, c % 3, -h));
            for (int k = 0; k < plus.length; k++) {
                double fd = (plus[k] - minus[k]) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - analytic[k][c]));
            }
        }
        return worst;
    }

    /** Largest |Z_j,ab - dP_a/dr_j,b| with P from the model's own prediction (unwrapped positions). */
    public static double becVersusPolarisation(BecModel model, Structure s, double h) {
        double[] z = model.predict(s).bec();
        double worst = 0;
        for (int j = 0; j < s.size(); j++) {
            for (int b = 0; b < 3; b++) {
                double[] pp = model.predict(displaced(s, j, b, h)).polarization();
                double[] pm = model.predict(displaced(s, j, b, -h)).polarization();
                for (int a = 0; a < 3; a++) {
                    double fd = (pp[a] - pm[a]) / (2 * h);
                    worst = Math.max(worst, Math.abs(fd - z[9 * j + 3 * a + b]));
                }
            }
        }
        return worst;
    }

    /** Largest |F + dE/dr| of a force field. */
    public static double forcesVersusEnergy(ForceField ff, Structure s, double h) {
        double[] f = ff.compute(s).forces();
        double worst = 0;
        for (int c = 0; c < 3 * s.size(); c++) {
            double ep = ff.compute(displaced(s, c / 3, c % 3, h)).energy();
            double em = ff.compute(displaced(s, c / 3, c % 3, -h)).energy();
            worst = Math.max(worst, Math.abs(f[c] + (ep - em) / (2 * h)));
        }
        return worst;
    }

    /** A random proper rotation (row-major 3x3), from a seeded random unit quaternion. */
    public static double[] randomRotation(long seed) {
        Random r = new Random(seed);
        double w = r.nextGaussian(), x = r.nextGaussian(), y = r.nextGaussian(), z = r.nextGaussian();
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
            2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
            2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
    }

    /** Largest |Z_j(Rr + t) - R Z_j(r) R^T| over atoms and components. */
    public static double becCovariance(BecModel model, Structure s, double[] rot, double[] shift) {
        double[] z = model.predict(s).bec();
        double[] zr = model.predict(s.transformed(rot, shift)).bec();
        double worst = 0;
        for (int j = 0; j < s.size(); j++) {
            double[] expected = Mat3.rotateTensor(rot, java.util.Arrays.copyOfRange(z, 9 * j, 9 * j + 9));
            for (int k = 0; k < 9; k++) {
                worst = Math.max(worst, Math.abs(zr[9 * j + k] - expected[k]));
            }
        }
        return worst;
    }

    /** Largest deviation of E (per structure) and F_j(Rr + t) - R F_j(r) under a rotation and translation. */
    public static double forceFieldCovariance(ForceField ff, Structure s, double[] rot, double[] shift) {
        ForceResult a = ff.compute(s);
        ForceResult b = ff.compute(s.transformed(rot, shift));
        double worst = Math.abs(a.energy() - b.energy());
        for (int j = 0; j < s.size(); j++) {
            for (int i = 0; i < 3; i++) {
                double expected = 0;
                for (int k = 0; k < 3; k++) {
                    expected += rot[3 * i + k] * a.forces()[3 * j + k];
                }
                worst = Math.max(worst, Math.abs(b.forces()[3 * j + i] - expected));
            }
        }
        return worst;
    }

    /** A copy with atoms reordered: atom i of the result is atom perm[i] of {@code s}. */
    public static Structure permuted(Structure s, int[] perm) {
        int n = s.size();
        String[] sym = new String[n];
        double[] r = new double[3 * n];
        double[] src = s.positionsView();
        for (int i = 0; i < n; i++) {
            sym[i] = s.symbol(perm[i]);
            System.arraycopy(src, 3 * perm[i], r, 3 * i, 3);
        }
        return Structure.builder().symbols(sym).positions(r).cell(s.cell()).build();
    }

    /** Largest |Z_i(permuted) - Z_perm[i](original)|: BECs follow their atoms. */
    public static double becPermutation(BecModel model, Structure s, int[] perm) {
        BecPrediction a = model.predict(s);
        BecPrediction b = model.predict(permuted(s, perm));
        double worst = 0;
        for (int i = 0; i < s.size(); i++) {
            for (int k = 0; k < 9; k++) {
                worst = Math.max(worst, Math.abs(b.bec()[9 * i + k] - a.bec()[9 * perm[i] + k]));
            }
        }
        return worst;
    }

    /** A seeded random permutation of 0..n-1. */
    public static int[] randomPermutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
