package org.zstar.spectra;

import org.zstar.util.UserInputException;

/**
 * Physical constants (SI, exact values of the 2019 SI where they exist, CODATA 2018 otherwise) and the unit
 * conversions of the IR code. Internally dM/dt is in e*A/fs, time in fs, volume in A^3, temperature in K,
 * wavenumbers in cm^-1. See docs/THEORY.md ("IR spectra").
 */
public final class IrUnits {
    private IrUnits() {
    }

    /** Elementary charge, C (exact). */
    public static final double E = 1.602176634e-19;
    /** Vacuum permittivity, F/m (CODATA 2018). */
    public static final double EPS0 = 8.8541878128e-12;
    /** Speed of light, m/s (exact). */
    public static final double C = 299792458.0;
    /** Speed of light in cm/fs: 2.99792458e10 cm/s * 1e-15 s/fs. */
    public static final double C_CM_PER_FS = 2.99792458e-5;
    /** Boltzmann constant, J/K (exact). */
    public static final double KB = 1.380649e-23;
    /** Second radiation constant h c / k_B in cm K: 6.62607015e-34 * 2.99792458e10 / 1.380649e-23. */
    public static final double HC_OVER_KB_CM_K = 6.62607015e-34 * 2.99792458e10 / 1.380649e-23;
    /** 1 e*A/fs in C*m/s: 1.602176634e-19 C * 1e-10 m / 1e-15 s = 1.602176634e-14. */
    public static final double E_A_PER_FS_IN_SI = E * 1e-10 / 1e-15;
    /** 1 fs in s. */
    public static final double FS = 1e-15;
    /** 1 A^3 in m^3. */
    public static final double A3 = 1e-30;

    /**
     * (U1) Factor turning {@code I = Int dt e^{-iwt} <dM/dt(0).dM/dt(t)>} in (e*A/fs)^2*fs into {@code n alpha} in
     * cm^-1: {@code n alpha = I / (6 eps0 c V k_B T)} in SI (1/m), times 0.01 m/cm.
     *
     * @param volumeA3     V in A^3
     * @param temperatureK T in K
     * @return the factor (cm^-1 per (e A/fs)^2 fs)
     */
    public static double prefactorPerCm(double volumeA3, double temperatureK) {
        if (!(volumeA3 > 0) || !Double.isFinite(volumeA3)) {
            throw new UserInputException("volume must be positive, got " + volumeA3 + " A^3");
        }
        if (!(temperatureK > 0) || !Double.isFinite(temperatureK)) {
            throw new UserInputException("temperature must be positive, got " + temperatureK + " K");
        }
        double unitI = E_A_PER_FS_IN_SI * E_A_PER_FS_IN_SI * FS; // (C m/s)^2 s per (e A/fs)^2 fs
        double denom = 6.0 * EPS0 * C * (volumeA3 * A3) * (KB * temperatureK); // C^2 m^3 / s
        return unitI / denom * 0.01; // 1/m to 1/cm
    }

    /**
     * Wavenumber (cm^-1) of the angular frequency omega (rad/fs): nu = omega / (2 pi c).
     *
     * @param omegaRadPerFs omega (rad/fs)
     * @return the wavenumber (cm^-1)
     */
    public static double wavenumberOfOmega(double omegaRadPerFs) {
        return omegaRadPerFs / (2 * Math.PI * C_CM_PER_FS);
    }

    /**
     * Angular frequency (rad/fs) of a wavenumber (cm^-1): omega = 2 pi c nu.
     *
     * @param wavenumber the wavenumber (cm^-1)
     * @return omega (rad/fs)
     */
    public static double omegaOfWavenumber(double wavenumber) {
        return 2 * Math.PI * C_CM_PER_FS * wavenumber;
    }
}
