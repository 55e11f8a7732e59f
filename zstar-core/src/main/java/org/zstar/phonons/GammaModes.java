package org.zstar.phonons;

import org.zstar.linalg.Backends;
import org.zstar.linalg.SymmetricEigen;
import org.zstar.md.Units;
import org.zstar.util.UserInputException;

/**
 * Gamma-point normal modes of a harmonic crystal (or molecule) from its force constants, their effective charges
 * and infrared intensities, and, given the high-frequency dielectric tensor, the non-analytic (LO-TO) term along a
 * direction (docs/THEORY.md, "Phonons at Gamma", (PH3)-(PH6)).
 */
public final class GammaModes {
    /** {@code e^2 / (4 pi eps0)} in eV*A. */
    public static final double COULOMB_EV_A = 14.399645478;
    /** One e^2/amu of IR intensity in km/mol: {@code N_A e^2 / (12 eps0 c^2 amu)} (PH5). */
    public static final double KM_PER_MOL_PER_E2_AMU = 6.02214076e23 * 1.602176634e-19 * 1.602176634e-19
            / (12 * 8.8541878128e-12 * 299792458.0 * 299792458.0 * 1.66053906660e-27) / 1000;

    /**
     * The modes, ascending in frequency.
     *
     * @param frequencies cm^-1; an imaginary frequency is written as a negative number
     * @param vectors mass-weighted eigenvectors, row-major 3N x 3N, mode m in column m (unit norm)
     * @param acoustic true for the three modes that are the uniform translations (periodic or free systems)
     * @param modeCharges {@code Z~_{m,a}} flat [3m + a] (e/sqrt(amu)); null without BECs
     * @param intensities {@code I_m = sum_a Z~_{m,a}^2} (e^2/amu); null without BECs
     * @param loFrequencies frequencies with the non-analytic term along q-hat (cm^-1, ascending); null without it
     * @param translationFrequency the largest {@code |t^T D t|} of the unprojected dynamical matrix over the three
     *     translations t, as a frequency (cm^-1): how far the force constants miss the acoustic sum rule
     * @param becSumRuleViolation {@code max_ab |sum_j Z_j - Q I|} (e) before the correction (PH5a)
     */
    public record Result(double[] frequencies, double[] vectors, boolean[] acoustic, double[] modeCharges,
            double[] intensities, double[] loFrequencies, double translationFrequency, double becSumRuleViolation) {
        /** {@return the number of modes, 3N} */
        public int modes() {
            return frequencies.length;
        }
    }

    /**
     * Non-analytic term input: {@code eps_inf} (3x3 row-major), the direction q-hat and the cell volume (A^3).
     *
     * @param epsilonInfinity the high-frequency dielectric tensor, row-major 3x3
     * @param direction the direction q-hat of the LO-TO limit
     * @param volume the cell volume (A^3)
     */
    public record NonAnalytic(double[] epsilonInfinity, double[] direction, double volume) {
        /**
         * Checks the inputs.
         *
         * @param epsilonInfinity the high-frequency dielectric tensor, row-major 3x3
         * @param direction the direction q-hat of the LO-TO limit (normalised here)
         * @param volume the cell volume (A^3)
         */
        public NonAnalytic {
            if (epsilonInfinity.length != 9 || direction.length != 3) {
                throw new UserInputException("the LO-TO term needs a 3x3 dielectric tensor and a 3-vector");
            }
            double norm = Math.sqrt(direction[0] * direction[0] + direction[1] * direction[1]
                    + direction[2] * direction[2]);
            if (!(norm > 0)) {
                throw new UserInputException("the LO-TO direction must not be zero");
            }
            direction = new double[] {direction[0] / norm, direction[1] / norm, direction[2] / norm};
            epsilonInfinity = epsilonInfinity.clone();
            if (!(volume > 0)) {
                throw new UserInputException("the LO-TO term needs a positive cell volume, got " + volume);
            }
        }
    }

    private GammaModes() {
    }

    /**
     * Modes, mode charges and intensities.
     *
     * @param masses amu, one per atom
     * @param bec flat {@code Z[9j + 3a + b] = dP_a/dr_{j,b}} (e), or null
     * @param totalCharge Q of the cell (e), for the sum rule (PH5a)
     * @param nonAnalytic the LO-TO input, or null
     * @param fc the force constants
     * @return the result
     */
    public static Result compute(ForceConstants fc, double[] masses, double[] bec, double totalCharge,
            NonAnalytic nonAnalytic) {
        int n = fc.atoms();
        int d = 3 * n;
        if (masses.length != n || (bec != null && bec.length != 9 * n)) {
            throw new UserInputException("masses or BECs do not match the " + n + " atoms");
        }
        double[] t = translations(masses);
        double[] dyn = dynamicalMatrix(fc.matrix(), masses);
        double translation = 0;
        for (int k = 0; k < 3; k++) {
            translation = Math.max(translation, Math.abs(quadratic(dyn, t, k, d)));
        }
        project(dyn, t, d);
        SymmetricEigen eig = Backends.get().symmetricEigen(dyn, d);
        double[] freq = new double[d];
        for (int m = 0; m < d; m++) {
            freq[m] = wavenumber(eig.values()[m]);
        }
        boolean[] acoustic = acousticModes(eig.vectors(), t, d);
        double[] z = bec == null ? null : bec.clone();
        double violation = z == null ? 0 : imposeSumRule(z, totalCharge);
        double[] charges = z == null ? null : modeCharges(z, eig.vectors(), masses);
        double[] intensities = charges == null ? null : intensities(charges);
        double[] lo = null;
        if (nonAnalytic != null) {
            if (z == null) {
                throw new UserInputException("the LO-TO term needs Born effective charges");
            }
            double[] full = fc.matrix().clone();
            addNonAnalytic(full, z, nonAnalytic);
            double[] dynLo = dynamicalMatrix(full, masses);
            project(dynLo, t, d);
            double[] values = Backends.get().symmetricEigen(dynLo, d).values();
            lo = new double[d];
            for (int m = 0; m < d; m++) {
                lo[m] = wavenumber(values[m]);
            }
        }
        return new Result(freq, eig.vectors(), acoustic, charges, intensities, lo, wavenumber(translation),
                violation);
    }

    /**
     * (PH4) {@code nu = sqrt(lambda * 0.0096485332) / (2 pi c)} cm^-1, negative for lambda &lt; 0.
     *
     * @param eigenvalue the eigenvalue lambda of the mass-weighted matrix (eV/(A^2 amu))
     * @return the wavenumber (cm^-1)
     */
    public static double wavenumber(double eigenvalue) {
        double omega = Math.sqrt(Math.abs(eigenvalue) * Units.ACCEL); // rad/fs
        double nu = omega / (2 * Math.PI * 2.99792458e-5);
        return eigenvalue < 0 ? -nu : nu;
    }

    /** (PH3) {@code D_{ia,jb} = Phi_{ia,jb} / sqrt(M_i M_j)} (eV/(A^2 amu)). */
    static double[] dynamicalMatrix(double[] phi, double[] masses) {
        int d = 3 * masses.length;
        double[] inv = new double[d];
        for (int i = 0; i < d; i++) {
            inv[i] = 1 / Math.sqrt(masses[i / 3]);
        }
        double[] dyn = new double[d * d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                dyn[r * d + c] = phi[r * d + c] * inv[r] * inv[c];
            }
        }
        return dyn;
    }

    /** (PH3) unit translations in mass-weighted space, {@code t_k[3j + b] = delta_kb sqrt(M_j / M)}; [k*d + i]. */
    static double[] translations(double[] masses) {
        int n = masses.length;
        double total = 0;
        for (double m : masses) {
            total += m;
        }
        double[] t = new double[3 * 3 * n];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < n; j++) {
                t[k * 3 * n + 3 * j + k] = Math.sqrt(masses[j] / total);
            }
        }
        return t;
    }

    private static double quadratic(double[] a, double[] t, int k, int d) {
        double s = 0;
        for (int r = 0; r < d; r++) {
            double tr = t[k * d + r];
            if (tr == 0) {
                continue;
            }
            for (int c = 0; c < d; c++) {
                s += tr * a[r * d + c] * t[k * d + c];
            }
        }
        return s;
    }

    /** (PH3) {@code D <- P D P}, {@code P = I - sum_k t_k t_k^T}: the translations become exact zero modes. */
    static void project(double[] a, double[] t, int d) {
        for (int pass = 0; pass < 2; pass++) {
            // left multiplication by P, then (a symmetric) transpose, twice: P A P
            for (int k = 0; k < 3; k++) {
                double[] tk = java.util.Arrays.copyOfRange(t, k * d, (k + 1) * d);
                double[] w = new double[d]; // w = t_k^T A (row vector)
                for (int r = 0; r < d; r++) {
                    if (tk[r] != 0) {
                        for (int c = 0; c < d; c++) {
                            w[c] += tk[r] * a[r * d + c];
                        }
                    }
                }
                for (int r = 0; r < d; r++) {
                    if (tk[r] != 0) {
                        for (int c = 0; c < d; c++) {
                            a[r * d + c] -= tk[r] * w[c];
                        }
                    }
                }
            }
            transposeInPlace(a, d);
        }
    }

    private static void transposeInPlace(double[] a, int d) {
        for (int r = 0; r < d; r++) {
            for (int c = r + 1; c < d; c++) {
                double x = a[r * d + c];
                a[r * d + c] = a[c * d + r];
                a[c * d + r] = x;
            }
        }
    }

    /** The three modes with the largest weight {@code sum_k (t_k . e_m)^2} in the translation space. */
    private static boolean[] acousticModes(double[] vectors, double[] t, int d) {
        double[] weight = new double[d];
        for (int m = 0; m < d; m++) {
            for (int k = 0; k < 3; k++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += t[k * d + i] * vectors[i * d + m];
                }
                weight[m] += s * s;
            }
        }
        boolean[] acoustic = new boolean[d];
        for (int pick = 0; pick < Math.min(3, d); pick++) {
            int best = -1;
            for (int m = 0; m < d; m++) {
                if (!acoustic[m] && (best < 0 || weight[m] > weight[best])) {
                    best = m;
                }
            }
            acoustic[best] = true;
        }
        return acoustic;
    }

    /** (PH5a) {@code Z_j <- Z_j - (sum_i Z_i - Q I) / N}; returns the violation before the correction. */
    static double imposeSumRule(double[] z, double totalCharge) {
        int n = z.length / 9;
        double[] sum = new double[9];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < 9; k++) {
                sum[k] += z[9 * j + k];
            }
        }
        double violation = 0;
        for (int k = 0; k < 9; k++) {
            if (k % 4 == 0) {
                sum[k] -= totalCharge;
            }
            violation = Math.max(violation, Math.abs(sum[k]));
        }
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < 9; k++) {
                z[9 * j + k] -= sum[k] / n;
            }
        }
        return violation;
    }

    /** (PH5) {@code Z~_{m,a} = sum_{j,b} Z_j[a][b] e_{m,jb} / sqrt(M_j)}, flat [3m + a]. */
    static double[] modeCharges(double[] z, double[] vectors, double[] masses) {
        int n = masses.length;
        int d = 3 * n;
        double[] out = new double[3 * d];
        for (int m = 0; m < d; m++) {
            for (int j = 0; j < n; j++) {
                double s = 1 / Math.sqrt(masses[j]);
                for (int a = 0; a < 3; a++) {
                    double acc = 0;
                    for (int b = 0; b < 3; b++) {
                        acc += z[9 * j + 3 * a + b] * vectors[(3 * j + b) * d + m];
                    }
                    out[3 * m + a] += acc * s;
                }
            }
        }
        return out;
    }

    private static double[] intensities(double[] charges) {
        int d = charges.length / 3;
        double[] out = new double[d];
        for (int m = 0; m < d; m++) {
            out[m] = charges[3 * m] * charges[3 * m] + charges[3 * m + 1] * charges[3 * m + 1]
                    + charges[3 * m + 2] * charges[3 * m + 2];
        }
        return out;
    }

    /**
     * (PH6) {@code Phi_{ia,jb} += (4 pi e^2/(4 pi eps0)) / V * (q.Z_i)_a (q.Z_j)_b / (q.eps_inf.q)} with
     * {@code (q.Z_i)_a = sum_c q_c Z_i[c][a]} (eV/A^2).
     */
    static void addNonAnalytic(double[] phi, double[] z, NonAnalytic na) {
        int n = z.length / 9;
        int d = 3 * n;
        double[] q = na.direction();
        double[] eps = na.epsilonInfinity();
        double qeq = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                qeq += q[a] * eps[3 * a + b] * q[b];
            }
        }
        if (!(qeq > 0)) {
            throw new UserInputException("q.eps_inf.q must be positive, got " + qeq);
        }
        double[] qz = new double[d];
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                for (int c = 0; c < 3; c++) {
                    qz[3 * j + a] += q[c] * z[9 * j + 3 * c + a];
                }
            }
        }
        double pre = 4 * Math.PI * COULOMB_EV_A / na.volume() / qeq;
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                phi[r * d + c] += pre * qz[r] * qz[c];
            }
        }
    }
}
