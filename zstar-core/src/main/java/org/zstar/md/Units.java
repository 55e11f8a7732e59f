package org.zstar.md;

/**
 * MD units: Angstrom, fs, eV, amu, K (docs/THEORY.md, "Force field and MD", (MD1)).
 */
public final class Units {
    /** Acceleration of 1 eV/(A amu) in A/fs^2. */
    public static final double ACCEL = 0.0096485332;
    /** Energy of 1 amu A^2/fs^2 in eV. */
    public static final double AMU_A2_FS2_IN_EV = 103.6427;
    /** Boltzmann constant in eV/K. */
    public static final double KB = 8.617333262e-5;

    private Units() {
    }
}
