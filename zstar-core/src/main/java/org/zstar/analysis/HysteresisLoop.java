package org.zstar.analysis;

import org.zstar.util.UserInputException;

/**
 * Remanent polarisation and coercive field of the last cycle of a P(E) loop (docs/THEORY.md, "MD in an applied
 * electric field", (EF4)). Input: samples of the field component {@code E(t)} along the field direction (V/A) and
 * of the polarisation component {@code P(t)} along it (e*A, any offset: P of unwrapped positions is defined up to a
 * constant), equally spaced in time, with the period in samples. Over the last {@code period} samples, P is
 * centred on its mean; {@code P_r} is half the difference of the centred P at the two zero crossings of E, and
 * {@code E_c} half the difference of E at the two zero crossings of the centred P (linear interpolation between
 * samples, the cycle closed on itself). Both are reported as magnitudes; a loop that does not open gives values near zero.
 */
public final class HysteresisLoop {
    /** e/A^2 in uC/cm^2. */
    public static final double E_PER_A2_IN_UC_PER_CM2 = 1.602176634e-19 / 1e-16 * 1e6;
    /** V/A in MV/cm. */
    public static final double V_PER_A_IN_MV_PER_CM = 100.0;

    /**
     * The loop quantities of one cycle.
     *
     * @param remanentPolarization P_r (e*A; divide by the volume for a density)
     * @param coerciveField E_c (V/A)
     * @param fieldCrossings zero crossings of E found in the last cycle (2 for a clean sinusoid)
     * @param polarizationCrossings zero crossings of the centred P found in the last cycle
     */
    public record Result(double remanentPolarization, double coerciveField, int fieldCrossings,
            int polarizationCrossings) {
        /**
         * P_r / V in uC/cm^2.
         *
         * @param volumeA3 the cell volume (A^3)
         * @return the remanent polarisation density (uC/cm^2)
         */
        public double remanentDensityMicroCoulombPerCm2(double volumeA3) {
            return remanentPolarization / volumeA3 * E_PER_A2_IN_UC_PER_CM2;
        }

        /** {@return the coercive field E_c in MV/cm} */
        public double coerciveFieldMvPerCm() {
            return coerciveField * V_PER_A_IN_MV_PER_CM;
        }
    }

    private HysteresisLoop() {
    }

    /**
     * The loop quantities of the last {@code periodSamples} samples.
     *
     * @param field the applied field E per sample (V/A), equally spaced in time
     * @param polarization the polarisation P per sample along the field (e A)
     * @param periodSamples the number of samples of one field period
     * @return P_r, E_c and the zero crossings found
     */
    public static Result lastCycle(double[] field, double[] polarization, int periodSamples) {
        int n = field.length;
        if (polarization.length != n) {
            throw new UserInputException("field and polarisation series differ in length");
        }
        if (periodSamples < 4 || periodSamples > n) {
            throw new UserInputException("a cycle needs between 4 and " + n + " samples, got " + periodSamples);
        }
        int start = n - periodSamples;
        double mean = 0;
        for (int i = start; i < n; i++) {
            mean += polarization[i];
        }
        mean /= periodSamples;
        double[] e = java.util.Arrays.copyOfRange(field, start, n);
        double[] p = new double[periodSamples];
        for (int i = 0; i < periodSamples; i++) {
            p[i] = polarization[start + i] - mean;
        }
        double[] pAtFieldZero = crossings(e, p);
        double[] eAtPolZero = crossings(p, e);
        return new Result(halfSpread(pAtFieldZero), halfSpread(eAtPolZero), pAtFieldZero.length, eAtPolZero.length);
    }

    /**
     * Values of {@code other} where {@code s} changes sign, by linear interpolation; the cycle is closed (the last
     * sample is followed by the first), as a steady loop is periodic.
     */
    private static double[] crossings(double[] s, double[] other) {
        int n = s.length;
        double[] out = new double[n];
        int k = 0;
        for (int i = 1; i <= n; i++) {
            double a = s[i - 1];
            double b = s[i % n];
            if ((a < 0 && b >= 0) || (a > 0 && b <= 0)) {
                double w = a / (a - b);
                out[k++] = other[i - 1] + w * (other[i % n] - other[i - 1]);
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** Half of max - min (0 for fewer than two values). */
    private static double halfSpread(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return 0.5 * (hi - lo);
    }
}
