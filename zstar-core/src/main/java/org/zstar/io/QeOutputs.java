package org.zstar.io;

import org.zstar.structure.Element;

/** Shared pieces of Quantum ESPRESSO pw.x / ph.x output parsing; units follow QE 7 (constants.f90). */
final class QeOutputs {
    /** Bohr radius in A (QE 7 BOHR_RADIUS_ANGS, CODATA 2018). */
    static final double BOHR = 0.529177210903;
    /** Rydberg in eV (QE 7 RYTOEV). */
    static final double RY = 13.605693122994;

    private QeOutputs() {
    }

    /** The numbers between the last '(' and the following ')' of a line, e.g. "tau( 1) = ( x y z )". */
    static double[] parenNumbers(LineReader in, String line, int n, String what) {
        int open = line.lastIndexOf('(');
        int close = line.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            throw in.error("expected '( ... )' with " + n + " numbers for " + what);
        }
        return in.numbers(LineReader.tokens(line.substring(open + 1, close)), 0, n, what);
    }

    /** The number after '=' (first token), e.g. "lattice parameter (alat)  =  10.2000  a.u.". */
    static double valueAfterEquals(LineReader in, String line, String what) {
        String[] t = LineReader.tokens(line.substring(line.indexOf('=') + 1));
        if (t.length == 0) {
            throw in.error("no value for " + what);
        }
        return in.number(t[0], what);
    }

    /**
     * alat from the header line "celldm(1)=   9.448631  celldm(2)= ...", printed with more digits (6 decimals by
     * pw.x, 5 by ph.x) than "lattice parameter (alat) = 9.4486 a.u." (4): with the latter, a 5 A cell comes
     * back as 4.99998 A. Falls back to the given value when celldm(1) is 0 or unreadable.
     */
    static double celldm1(LineReader in, String line, double fallback) {
        String[] t = LineReader.tokens(line.substring(line.indexOf('=') + 1));
        if (t.length == 0) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(t[0]);
            return v > 0 && (Double.isNaN(fallback) || Math.abs(v - fallback) < 1e-3 * fallback) ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A species label (QE allows "Fe1", "O_h") as an element symbol; unknown ones are errors. */
    static String species(LineReader in, String label) {
        if (Element.atomicNumberOrMinusOne(label) < 1) {
            throw in.error("unknown element '" + label + "'");
        }
        return label;
    }

    /** Reads the header geometry block: crystal axes (units of alat) into lattice (A). */
    static double[] crystalAxes(LineReader in, double alatBohr) {
        double[] lat = new double[9];
        for (int i = 0; i < 3; i++) {
            String l = in.require("crystal axis a(" + (i + 1) + ")");
            double[] v = parenNumbers(in, l, 3, "crystal axis a(" + (i + 1) + ")");
            for (int k = 0; k < 3; k++) {
                lat[3 * i + k] = v[k] * alatBohr * BOHR;
            }
        }
        return lat;
    }

    /**
     * Reads nat lines "  1  Si  [mass]  tau(  1) = ( x y z )" (alat units) into symbols and positions (A).
     */
    static void sitePositions(LineReader in, int nat, double alatBohr, String[] symbols, double[] pos) {
        for (int i = 0; i < nat; i++) {
            String l = in.require("the position of atom " + (i + 1) + " (of " + nat + ")");
            String[] t = LineReader.tokens(l);
            if (t.length < 3 || !l.contains("tau(")) {
                throw in.error("expected the position of atom " + (i + 1) + " of " + nat + " ('tau( i) = ( x y z )'), got '"
                        + ExtXyzReader.abbreviate(l.trim()) + "'");
            }
            symbols[i] = species(in, t[1]);
            double[] v = parenNumbers(in, l, 3, "the position of atom " + (i + 1));
            for (int k = 0; k < 3; k++) {
                pos[3 * i + k] = v[k] * alatBohr * BOHR;
            }
        }
    }
}
