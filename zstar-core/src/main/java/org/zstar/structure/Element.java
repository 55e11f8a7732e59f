package org.zstar.structure;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.zstar.util.UserInputException;

/** Chemical elements: symbol, atomic number and standard atomic mass (u). */
public final class Element {
    private static final String[] SYMBOLS = {
        "X", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
        "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
        "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
        "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
        "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
        "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
        "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};

    /** Conventional standard atomic weights (IUPAC); mass number of the longest-lived isotope where none exists. */
    private static final double[] MASSES = {
        0.0, 1.008, 4.0026, 6.94, 9.0122, 10.81, 12.011, 14.007, 15.999, 18.998, 20.180, 22.990, 24.305, 26.982,
        28.085, 30.974, 32.06, 35.45, 39.948, 39.098, 40.078, 44.956, 47.867, 50.942, 51.996, 54.938, 55.845,
        58.933, 58.693, 63.546, 65.38, 69.723, 72.630, 74.922, 78.971, 79.904, 83.798, 85.468, 87.62, 88.906,
        91.224, 92.906, 95.95, 98.0, 101.07, 102.91, 106.42, 107.87, 112.41, 114.82, 118.71, 121.76, 127.60,
        126.90, 131.29, 132.91, 137.33, 138.91, 140.12, 140.91, 144.24, 145.0, 150.36, 151.96, 157.25, 158.93,
        162.50, 164.93, 167.26, 168.93, 173.05, 174.97, 178.49, 180.95, 183.84, 186.21, 190.23, 192.22, 195.08,
        196.97, 200.59, 204.38, 207.2, 208.98, 209.0, 210.0, 222.0, 223.0, 226.0, 227.0, 232.04, 231.04, 238.03,
        237.0, 244.0, 243.0, 247.0, 247.0, 251.0, 252.0, 257.0, 258.0, 259.0, 266.0, 267.0, 268.0, 269.0, 270.0,
        277.0, 278.0, 281.0, 282.0, 285.0, 286.0, 289.0, 290.0, 293.0, 294.0, 294.0};

    private static final Map<String, Integer> BY_SYMBOL = new HashMap<>();

    static {
        if (SYMBOLS.length != MASSES.length) {
            throw new ExceptionInInitializerError("element tables differ in length");
        }
        for (int z = 1; z < SYMBOLS.length; z++) {
            BY_SYMBOL.put(SYMBOLS[z].toLowerCase(Locale.ROOT), z);
        }
    }

    private Element() {
    }

    /** {@return largest atomic number known} */
    public static int maxAtomicNumber() {
        return SYMBOLS.length - 1;
    }

    /**
     * Atomic number of a symbol, case-insensitive ("O", "o", "Zr", "ZR"). Returns -1 when unknown.
     * VASP-style suffixes such as "Zr_sv" or "O_s" and trailing digits ("O1") are ignored.
     *
     * @param symbol the symbol
     * @return the atomic number, or -1
     */
    public static int atomicNumberOrMinusOne(String symbol) {
        if (symbol == null) {
            return -1;
        }
        String s = symbol.trim();
        int cut = s.length();
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (!Character.isLetter(c)) {
                cut = k;
                break;
            }
        }
        s = s.substring(0, cut);
        Integer z = BY_SYMBOL.get(s.toLowerCase(Locale.ROOT));
        return z == null ? -1 : z;
    }

    /**
     * Atomic number of a symbol; throws {@link IllegalArgumentException} for an unknown element.
     *
     * @param symbol the symbol
     * @return the atomic number
     */
    public static int atomicNumber(String symbol) {
        int z = atomicNumberOrMinusOne(symbol);
        if (z < 1) {
            throw new UserInputException("unknown element '" + symbol + "'");
        }
        return z;
    }

    /**
     * Canonical symbol ("Zr") of an atomic number.
     *
     * @param atomicNumber the atomic number
     * @return the symbol
     */
    public static String symbol(int atomicNumber) {
        check(atomicNumber);
        return SYMBOLS[atomicNumber];
    }

    /**
     * Canonical symbol of a possibly oddly cased or suffixed symbol ("ZR" or "Zr_sv" to "Zr").
     *
     * @param symbol the symbol
     * @return the canonical symbol
     */
    public static String canonicalSymbol(String symbol) {
        return symbol(atomicNumber(symbol));
    }

    /**
     * Standard atomic mass in atomic mass units.
     *
     * @param atomicNumber the atomic number
     * @return the mass (amu)
     */
    public static double mass(int atomicNumber) {
        check(atomicNumber);
        return MASSES[atomicNumber];
    }

    private static void check(int z) {
        if (z < 1 || z >= SYMBOLS.length) {
            throw new UserInputException("no element with atomic number " + z);
        }
    }
}
