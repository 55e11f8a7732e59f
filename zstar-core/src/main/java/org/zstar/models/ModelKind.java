package org.zstar.models;

import org.zstar.util.UserInputException;
import java.util.Locale;
import org.zstar.util.UserInputException;

/** The three BEC model forms of the method. */
public enum ModelKind {
    /** Environment-dependent atomic charges from a scalar kernel; Z from dP/dr with P = sum q r. */
    MONOPOLE,
    /** Atomic dipoles from a lambda = 1 kernel plus fixed per-species charges. */
    DIPOLE,
    /** Both charges and dipoles, fitted jointly. */
    COMBINED;

    public boolean hasCharges() {
        return this != DIPOLE;
    }

    public boolean hasDipoles() {
        return this != MONOPOLE;
    }

    public static ModelKind parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "monopole", "q" -> {
                return MONOPOLE;
            }
            case "dipole", "p" -> {
                return DIPOLE;
            }
            case "combined", "q+p", "qp" -> {
                return COMBINED;
            }
            default -> throw new UserInputException("unknown model '" + s + "' (monopole, dipole or combined)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
