package org.zstar.spectra;

import java.util.Locale;

/**
 * Quantum correction factors, with {@code x = beta hbar w = h c nu / (k_B T)} (nu in cm^-1; h c / k_B =
 * 1.438777 cm K).
 *
 * <p>A QCF {@code Q(w)} approximates the quantum dipole line shape from the classical one,
 * {@code G_qm(w) ~ Q(w) G_cl(w)} with {@code G(w) = Int dt e^{-iwt} <M(0).M(t)>}. The exact quantum absorption
 * is {@code n alpha = w (1 - e^{-x}) G_qm(w) / (6 eps0 c V hbar)}, while the classical formula used here is
 * {@code n alpha_cl = beta w^2 G_cl(w) / (6 eps0 c V)} (the dM/dt form). Hence the corrected spectrum is
 * {@code n alpha = M(w) n alpha_cl} with the multiplier {@code M = Q (1 - e^{-x}) / x}:
 * <ul>
 * <li>NONE: M = 1, the classical formula as is;</li>
 * <li>HARMONIC: Q = x / (1 - e^{-x}), so M = 1 exactly: the classical dM/dt formula already is the
 * harmonic-corrected spectrum (exact for harmonic oscillators with linear dipoles);</li>
 * <li>STANDARD: Q = 2 / (1 + e^{-x}), M = 2 tanh(x/2) / x;</li>
 * <li>SCHOFIELD: Q = e^{x/2}, M = 2 sinh(x/2) / x (grows exponentially at high frequency).</li>
 * </ul>
 * See docs/THEORY.md ("IR spectra").
 */
public enum QuantumCorrection {
    /** M = 1: the classical formula as is. */
    NONE,
    /** Q = x / (1 - e^{-x}), M = 1 exactly. */
    HARMONIC,
    /** Q = 2 / (1 + e^{-x}), M = 2 tanh(x/2) / x. */
    STANDARD,
    /** Q = e^{x/2}, M = 2 sinh(x/2) / x. */
    SCHOFIELD;

    /**
     * x = h c nu / (k_B T).
     *
     * @param wavenumber the wavenumber (cm^-1)
     * @param temperatureK the temperature (K)
     * @return x
     */
    public static double x(double wavenumber, double temperatureK) {
        return IrUnits.HC_OVER_KB_CM_K * wavenumber / temperatureK;
    }

    /**
     * The line-shape factor Q(w) (1 for NONE).
     *
     * @param wavenumber the wavenumber (cm^-1)
     * @param temperatureK the temperature (K)
     * @return Q
     */
    public double lineShapeFactor(double wavenumber, double temperatureK) {
        double x = x(wavenumber, temperatureK);
        return switch (this) {
            case NONE -> 1.0;
            // x / (1 - e^{-x}) = x / (-expm1(-x)); its limit at x = 0 is 1
            case HARMONIC -> Math.abs(x) < 1e-12 ? 1.0 : x / -Math.expm1(-x);
            case STANDARD -> 2.0 / (1.0 + Math.exp(-x));
            case SCHOFIELD -> Math.exp(0.5 * x);
        };
    }

    /**
     * The multiplier M(w) = Q(w) (1 - e^{-x}) / x applied to the classical n alpha (1 for NONE).
     *
     * @param wavenumber the wavenumber (cm^-1)
     * @param temperatureK the temperature (K)
     * @return M
     */
    public double factor(double wavenumber, double temperatureK) {
        double x = x(wavenumber, temperatureK);
        if (this == NONE || this == HARMONIC) {
            return 1.0;
        }
        if (Math.abs(x) < 1e-8) {
            return 1.0; // both tend to 1 as x -> 0
        }
        return switch (this) {
            case STANDARD -> 2.0 * Math.tanh(0.5 * x) / x;
            case SCHOFIELD -> 2.0 * Math.sinh(0.5 * x) / x;
            default -> 1.0;
        };
    }

    /**
     * A correction by its command-line name, case-insensitive.
     *
     * @param s the name
     * @return the correction
     */
    public static QuantumCorrection parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.equals("CLASSICAL")) {
            return NONE;
        }
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new org.zstar.util.UserInputException("unknown quantum correction '" + s
                    + "' (use none, harmonic, standard or schofield)");
        }
    }
}
