package org.zstar.md;

import java.util.Locale;

/** Ensemble / thermostat of an MD run (docs/THEORY.md, "Force field and MD"). */
public enum Thermostat {
    /** Microcanonical: plain velocity Verlet. */
    NVE,
    /** Velocity Verlet followed each step by Bussi-Donadio-Parrinello stochastic velocity rescaling (MD4). */
    BUSSI,
    /** Langevin dynamics with the BAOAB splitting of Leimkuhler and Matthews (MD5). */
    LANGEVIN;

    /**
     * A thermostat by its command-line name, case-insensitive.
     *
     * @param s the name
     * @return the thermostat
     */
    public static Thermostat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.zstar.util.UserInputException("unknown thermostat '" + s + "' (use nve, bussi or langevin)");
        }
    }

    /** {@return whether the dynamics conserves the total momentum (so 3 degrees of freedom are removed)} */
    public boolean conservesMomentum() {
        return this != LANGEVIN;
    }
}
