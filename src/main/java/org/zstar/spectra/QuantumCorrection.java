package org.zstar.spectra;

import java.util.Locale;

/**
 * Quantum correction factors Q(w) multiplying the classical spectrum, with {@code x = beta hbar w = h c nu
 * / (k_B T)} (nu in cm^-1; h c / k_B = 1.438777 cm K). All tend to 1 as x goes to 0.
 */
public enum QuantumCorrection {
    /** Classical: Q = 1. */
    NONE,
    /** Harmonic: Q = x / (1 - e^{-x}). */
    HARMONIC,
    /** Standard (Schofield): Q = e^{x/2}. */
    SCHOFIELD;

    /** Q at wavenumber nu (cm^-1) and temperature T (K). */
    public double factor(double wavenumber, double temperatureK) {
        double x = IrUnits.HC_OVER_KB_CM_K * wavenumber / temperatureK;
        return switch (this) {
            case NONE -> 1.0;
            // x / (1 - e^{-x}) = x / (-expm1(-x)); its limit at x = 0 is 1
            case HARMONIC -> Math.abs(x) < 1e-12 ? 1.0 : x / -Math.expm1(-x);
            case SCHOFIELD -> Math.exp(0.5 * x);
        };
    }

    public static QuantumCorrection parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.equals("CLASSICAL")) {
            return NONE;
        }
        if (t.equals("STANDARD")) {
            return SCHOFIELD;
        }
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown quantum correction '" + s
                    + "' (use none, harmonic or schofield)");
        }
    }
}
