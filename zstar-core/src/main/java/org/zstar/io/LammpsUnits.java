package org.zstar.io;

import java.util.Locale;
import org.zstar.util.UserInputException;

/** LAMMPS unit styles as far as a dump reader needs them: the unit of the velocity columns. */
public enum LammpsUnits {
    /** {@code units metal}: velocities in A/ps. */
    METAL(1e-3),
    /** {@code units real}: velocities in A/fs. */
    REAL(1.0);

    private final double velocityToAngstromPerFs;

    LammpsUnits(double velocityToAngstromPerFs) {
        this.velocityToAngstromPerFs = velocityToAngstromPerFs;
    }

    /**
     * Multiplies dump velocities to give A/fs.
     *
     * @return the factor (1e-3 for metal, whose velocities are A/ps; 1 for real, A/fs)
     */
    public double velocityToAngstromPerFs() {
        return velocityToAngstromPerFs;
    }

    /**
     * A units style by its LAMMPS name ("metal" or "real"), case-insensitive.
     *
     * @param s the name
     * @return the units style
     */
    public static LammpsUnits parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("LAMMPS units must be metal or real, not '" + s + "'");
        }
    }
}
