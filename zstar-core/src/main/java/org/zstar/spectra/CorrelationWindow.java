package org.zstar.spectra;

import java.util.Locale;

/**
 * (S3) Windows applied to the one-sided correlation function C(t_k), t_k = k dt, k = 0..K-1, before the
 * Fourier transform, with {@code T = K dt} the maximum correlation time. All equal 1 at t = 0, so the sum
 * rule {@code Int I(w) dw / 2pi = C(0)} is kept.
 */
public enum CorrelationWindow {
    /** w = 1. */
    NONE,
    /** Half Hann window: w(t) = (1 + cos(pi t / T)) / 2, reaching 0 at t = T. */
    HANN,
    /** Gaussian: w(t) = exp(-t^2 / (2 sigma^2)) with sigma = T / 3 (w(T) = e^{-4.5} ~ 0.011). */
    GAUSSIAN;

    /**
     * Window weights for lags 0..k-1.
     *
     * @param k the number of lags
     * @return the weights
     */
    public double[] weights(int k) {
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            double x = (double) i / k; // t / T
            w[i] = switch (this) {
                case NONE -> 1.0;
                case HANN -> 0.5 * (1.0 + Math.cos(Math.PI * x));
                case GAUSSIAN -> Math.exp(-0.5 * (3.0 * x) * (3.0 * x));
            };
        }
        return w;
    }

    /**
     * A window by its command-line name, case-insensitive.
     *
     * @param s the name
     * @return the window
     */
    public static CorrelationWindow parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.zstar.util.UserInputException("unknown window '" + s + "' (use hann, gaussian or none)");
        }
    }
}
