package org.zstar.engines.ipi;

import java.util.Locale;
import org.zstar.util.UserInputException;

/**
 * Atomic units (Bohr, Hartree, atomic time) in zstar's units (Angstrom, eV, fs), as the i-PI protocol needs them
 * (docs/THEORY.md, "i-PI coupling", (IPI1)). Two CODATA adjustments are offered because servers differ: 2018 is
 * the current one; 2014 is what ASE's {@code ase.units} uses, so choosing it makes an ASE round trip exact to
 * about 2e-10 relative (ASE derives its Bohr and Hartree from the fundamental constants; those derived values
 * differ from the tabulated ones below by that much).
 */
public enum AtomicUnits {
    /** CODATA 2018: a0 = 0.529177210903 A, Eh = 27.211386245988 eV, hbar/Eh = 2.4188843265857e-17 s. */
    CODATA_2018(0.529177210903, 27.211386245988, 2.4188843265857e-2),
    /** CODATA 2014: a0 = 0.52917721067 A, Eh = 27.21138602 eV, hbar/Eh = 2.418884326509e-17 s. */
    CODATA_2014(0.52917721067, 27.21138602, 2.418884326509e-2);

    private final double bohr;
    private final double hartree;
    private final double time;

    AtomicUnits(double bohrInAngstrom, double hartreeInEv, double timeInFs) {
        this.bohr = bohrInAngstrom;
        this.hartree = hartreeInEv;
        this.time = timeInFs;
    }

    /** {@return the Bohr radius in Angstrom} */
    public double bohr() {
        return bohr;
    }

    /** {@return the Hartree energy in eV} */
    public double hartree() {
        return hartree;
    }

    /**
     * The atomic unit of time, hbar / Eh, in fs (no time crosses the socket; for converting i-PI time steps).
     *
     * @return hbar / Eh (fs)
     */
    public double time() {
        return time;
    }

    /** {@return the force unit Eh / a0 in eV/A} */
    public double force() {
        return hartree / bohr;
    }

    /**
     * "2018" or "2014" (also accepts "codata2018" and the like).
     *
     * @param text the CODATA edition, e.g. "2018"
     * @return the atomic units of that edition
     */
    public static AtomicUnits parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("codata", "").replace("-", "").replace("_", "");
        return switch (t) {
            case "2018" -> CODATA_2018;
            case "2014" -> CODATA_2014;
            default -> throw new UserInputException("unknown CODATA set '" + text + "': use 2018 or 2014");
        };
    }

    /** {@return the year, as the command line takes it} */
    public String year() {
        return this == CODATA_2018 ? "2018" : "2014";
    }
}
