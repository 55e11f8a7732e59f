package org.zstar.spectra;

import java.util.List;
import org.zstar.util.UserInputException;

/**
 * Mean spectrum of n independent estimates with a 95 % confidence band per frequency (docs/THEORY.md,
 * "Statistics", (S7)). With m the mean, {@code se = s / sqrt(n)} its standard error (s the sample standard
 * deviation, n - 1 in the denominator) and f the half-width factor, the band is symmetric on a log scale:
 * {@code r = 1 + f se / m}, {@code [m / r, m r]}. Its upper end is the usual {@code m + f se}; its lower end mirrors
 * it on the log scale, so that it stays positive like n alpha itself (the normal band {@code m - f se} goes below
 * zero whenever f se > m, common with 2-4 estimates and f = t_{0.975, n-1}), and equals {@code m - f se} to first
 * order in se/m. Where m &lt;= 0 (noise around an empty region) the band is {@code [m, m + f se]}. The factor f is 2
 * (the usual "two standard errors") or, for small n, the Student t quantile t_{0.975, n-1}. With n = 1 there is no band (lower = upper = mean).
 *
 * @param wavenumbers the grid (cm^-1)
 * @param mean the mean m of the estimates
 * @param lower the lower end of the band
 * @param upper the upper end of the band
 * @param count the number n of estimates
 * @param factor the half-width factor f
 * @param method how f was chosen
 */
public record SpectrumBand(double[] wavenumbers, double[] mean, double[] lower, double[] upper, int count,
        double factor, Method method) {

    /** How the half-width factor is chosen. */
    public enum Method {
        /** f = 2. */
        TWO_SE,
        /** f = t_{0.975, n-1}. */
        STUDENT_T,
        /** Student t below 10 estimates, 2 from 10 on. */
        AUTO;

        /**
         * {@return the factor f of the half-width f SE for n estimates (0 below 2)}
         *
         * @param n the number of estimates
         */
        public double factor(int n) {
            if (n < 2) {
                return 0.0;
            }
            return switch (this) {
                case TWO_SE -> 2.0;
                case STUDENT_T -> studentT975(n - 1);
                case AUTO -> n < 10 ? studentT975(n - 1) : 2.0;
            };
        }

        /**
         * A method by its command-line name, case-insensitive.
         *
         * @param s the name
         * @return the method
         */
        public static Method parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "two-se", "2se", "two_se" -> TWO_SE;
                case "student-t", "student", "t" -> STUDENT_T;
                case "auto" -> AUTO;
                default -> throw new UserInputException("unknown interval method '" + s
                        + "' (use auto, two-se or student-t)");
            };
        }
    }

    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /**
     * Two-sided 95 % Student t quantile t_{0.975, dof}: table for dof &lt;= 30, Cornish-Fisher expansion
     * {@code z + (z^3 + z)/(4 dof) + (5z^5 + 16z^3 + 3z)/(96 dof^2)} with z = 1.959964 beyond.
     *
     * @param dof the degrees of freedom
     * @return the quantile
     */
    public static double studentT975(int dof) {
        if (dof < 1) {
            throw new UserInputException("degrees of freedom must be >= 1");
        }
        if (dof <= T975.length) {
            return T975[dof - 1];
        }
        double z = 1.959963985, z3 = z * z * z, z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * dof) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * dof * dof);
    }

    /**
     * Mean and band of spectra on one grid.
     *
     * @param spectra the estimates, on one grid
     * @param method how the band is computed
     * @return the band
     */
    public static SpectrumBand of(List<Spectrum> spectra, Method method) {
        if (spectra.isEmpty()) {
            throw new IllegalArgumentException("no spectra to average");
        }
        int n = spectra.size();
        int len = spectra.get(0).size();
        double[] nu = spectra.get(0).wavenumbers().clone();
        double[] mean = new double[len];
        double[] lo = new double[len];
        double[] hi = new double[len];
        for (Spectrum s : spectra) {
            if (s.size() != len) {
                throw new IllegalArgumentException("spectra are on different grids");
            }
            for (int i = 0; i < len; i++) {
                mean[i] += s.values()[i] / n;
            }
        }
        double f = method.factor(n);
        for (int i = 0; i < len; i++) {
            double ss = 0;
            for (Spectrum s : spectra) {
                double d = s.values()[i] - mean[i];
                ss += d * d;
            }
            double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0.0; // s / sqrt(n)
            double m = mean[i];
            if (m > 0) {
                // (S7) r = 1 + f se / m, band [m / r, m r]
                double r = 1 + f * se / m;
                lo[i] = m / r;
                hi[i] = m * r;
            } else {
                lo[i] = m;
                hi[i] = m + f * se;
            }
        }
        return new SpectrumBand(nu, mean, lo, hi, n, f, method);
    }

    /** {@return the mean as a spectrum} */
    public Spectrum meanSpectrum() {
        return new Spectrum(wavenumbers, mean);
    }
}
