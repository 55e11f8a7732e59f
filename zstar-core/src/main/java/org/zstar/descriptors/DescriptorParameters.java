package org.zstar.descriptors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.structure.Element;
import org.zstar.util.UserInputException;

/**
 * Hyper-parameters of the VASP-MLFF-style descriptors (THEORY.md, "Descriptors").
 *
 * @param species neighbour species resolved by the descriptor (canonical symbols, in feature order)
 * @param r2 two-body cutoff R2 (Angstrom)
 * @param r3 three-body cutoff R3 (Angstrom)
 * @param sigma Gaussian width of the neighbour density (Angstrom)
 * @param n2 radial basis size of the two-body part
 * @param n3 radial basis size of the three-body part
 * @param lmax largest angular momentum of the three-body part
 * @param beta weight of the two-body block: X = [sqrt(beta) X2 ; sqrt(1-beta) X3]
 * @param gridStep spacing (Angstrom) of the spline grid of the radial functions (at most; the grid has
 *     ceil(R / gridStep) intervals)
 */
public record DescriptorParameters(List<String> species, double r2, double r3, double sigma, int n2, int n3,
        int lmax, double beta, double gridStep) {

    /** Default two-body cutoff R2 (Angstrom). */
    public static final double DEFAULT_R2 = 6.0;
    /** Default three-body cutoff R3 (Angstrom). */
    public static final double DEFAULT_R3 = 5.0;
    /** Default Gaussian width sigma of the neighbour density (Angstrom). */
    public static final double DEFAULT_SIGMA = 0.5;
    /** Default radial basis size of the two-body part. */
    public static final int DEFAULT_N2 = 12;
    /** Default radial basis size of the three-body part. */
    public static final int DEFAULT_N3 = 8;
    /** Default largest angular momentum of the three-body part. */
    public static final int DEFAULT_LMAX = 4;
    /** Default weight of the two-body block (THEORY.md 3.7). */
    public static final double DEFAULT_BETA = 0.1;
    /** Default spacing (Angstrom) of the spline grid of the radial functions (THEORY.md 3.3). */
    public static final double DEFAULT_GRID_STEP = 0.01;

    /**
     * Validates the parameters and puts the species in canonical form.
     *
     * @param species neighbour species (any case), in feature order
     * @param r2 two-body cutoff R2 (Angstrom)
     * @param r3 three-body cutoff R3 (Angstrom)
     * @param sigma Gaussian width of the neighbour density (Angstrom)
     * @param n2 radial basis size of the two-body part
     * @param n3 radial basis size of the three-body part
     * @param lmax largest angular momentum of the three-body part
     * @param beta weight of the two-body block
     * @param gridStep largest spacing of the spline grid (Angstrom)
     * @throws UserInputException when a species is unknown or listed twice, or a number is out of its range:
     *     cutoffs and sigma positive and finite, n2 and n3 in 1..100, lmax in 0..20, beta in [0, 1], gridStep in
     *     (0, 0.2] Angstrom
     */
    public DescriptorParameters {
        if (species == null || species.isEmpty()) {
            throw new UserInputException("a descriptor needs at least one species");
        }
        List<String> canon = new ArrayList<>();
        for (String s : species) {
            String c = Element.canonicalSymbol(s);
            if (canon.contains(c)) {
                throw new UserInputException("species " + c + " listed twice");
            }
            canon.add(c);
        }
        species = List.copyOf(canon);
        if (!(r2 > 0) || !(r3 > 0) || !Double.isFinite(r2) || !Double.isFinite(r3)) {
            throw new UserInputException("cutoffs must be positive, got R2 = " + r2 + ", R3 = " + r3);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new UserInputException("sigma must be positive, got " + sigma);
        }
        if (n2 < 1 || n3 < 1 || n2 > 100 || n3 > 100) {
            throw new UserInputException("radial basis sizes must be in 1..100, got " + n2 + ", " + n3);
        }
        if (lmax < 0 || lmax > 20) {
            throw new UserInputException("lmax must be in 0..20, got " + lmax);
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new UserInputException("beta must be in [0, 1], got " + beta);
        }
        if (!(gridStep > 0) || gridStep > 0.2) {
            throw new UserInputException("spline grid step must be in (0, 0.2] A, got " + gridStep);
        }
    }

    /**
     * VASP-like defaults for the given species.
     *
     * @param species neighbour species (any case; canonicalised), in feature order
     * @return the parameters with every number at its DEFAULT_ value
     */
    public static DescriptorParameters defaults(List<String> species) {
        return new DescriptorParameters(species, DEFAULT_R2, DEFAULT_R3, DEFAULT_SIGMA, DEFAULT_N2, DEFAULT_N3,
                DEFAULT_LMAX, DEFAULT_BETA, DEFAULT_GRID_STEP);
    }

    /**
     * VASP-like defaults for the given species.
     *
     * @param species neighbour species (any case; canonicalised), in feature order
     * @return the parameters with every number at its DEFAULT_ value
     */
    public static DescriptorParameters defaults(String... species) {
        return defaults(List.of(species));
    }

    /**
     * A copy with other species.
     *
     * @param s neighbour species, in feature order
     * @return these parameters with the species replaced
     */
    public DescriptorParameters withSpecies(List<String> s) {
        return new DescriptorParameters(s, r2, r3, sigma, n2, n3, lmax, beta, gridStep);
    }

    /**
     * A copy with other cutoffs.
     *
     * @param newR2 two-body cutoff (Angstrom)
     * @param newR3 three-body cutoff (Angstrom)
     * @return these parameters with R2 and R3 replaced
     */
    public DescriptorParameters withCutoffs(double newR2, double newR3) {
        return new DescriptorParameters(species, newR2, newR3, sigma, n2, n3, lmax, beta, gridStep);
    }

    /**
     * A copy with other basis sizes.
     *
     * @param newN2 radial basis size of the two-body part
     * @param newN3 radial basis size of the three-body part
     * @param newLmax largest angular momentum of the three-body part
     * @return these parameters with N2, N3 and Lmax replaced
     */
    public DescriptorParameters withBasis(int newN2, int newN3, int newLmax) {
        return new DescriptorParameters(species, r2, r3, sigma, newN2, newN3, newLmax, beta, gridStep);
    }

    /**
     * A copy with another Gaussian width.
     *
     * @param s Gaussian width of the neighbour density (Angstrom)
     * @return these parameters with sigma replaced
     */
    public DescriptorParameters withSigma(double s) {
        return new DescriptorParameters(species, r2, r3, s, n2, n3, lmax, beta, gridStep);
    }

    /**
     * A copy with another two-body weight.
     *
     * @param b weight of the two-body block, in [0, 1] (THEORY.md 3.7)
     * @return these parameters with beta replaced
     */
    public DescriptorParameters withBeta(double b) {
        return new DescriptorParameters(species, r2, r3, sigma, n2, n3, lmax, b, gridStep);
    }

    /**
     * All parameters, to be saved with a model.
     *
     * @return an ordered, JSON-friendly map (strings, numbers, list of strings) keyed by the record component
     *     names
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("species", new ArrayList<>(species));
        m.put("r2", r2);
        m.put("r3", r3);
        m.put("sigma", sigma);
        m.put("n2", n2);
        m.put("n3", n3);
        m.put("lmax", lmax);
        m.put("beta", beta);
        m.put("gridStep", gridStep);
        return m;
    }

    /**
     * Inverse of {@link #toMap}; missing numeric keys take the defaults, species are required.
     *
     * @param m keys of {@link #toMap} (and optionally "type"); species as a list, an array or a string separated
     *     by commas or spaces; numbers as numbers or strings
     * @return the parameters
     * @throws UserInputException when species are missing, a key is unknown, a value is not a number or a
     *     value is out of range
     */
    public static DescriptorParameters fromMap(Map<String, ?> m) {
        Object sp = m.get("species");
        List<String> species = new ArrayList<>();
        if (sp instanceof List<?> list) {
            for (Object o : list) {
                species.add(String.valueOf(o));
            }
        } else if (sp instanceof String[] arr) {
            species.addAll(List.of(arr));
        } else if (sp instanceof String s) {
            for (String t : s.split("[,\\s]+")) {
                if (!t.isEmpty()) {
                    species.add(t);
                }
            }
        } else {
            throw new UserInputException("descriptor parameters need 'species'");
        }
        HashSet<String> known = new HashSet<>(List.of("species", "r2", "r3", "sigma", "n2", "n3", "lmax", "beta",
                "gridStep", "type"));
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new UserInputException("unknown descriptor parameter '" + k + "'");
            }
        }
        return new DescriptorParameters(species, num(m, "r2", DEFAULT_R2), num(m, "r3", DEFAULT_R3),
                num(m, "sigma", DEFAULT_SIGMA), (int) num(m, "n2", DEFAULT_N2), (int) num(m, "n3", DEFAULT_N3),
                (int) num(m, "lmax", DEFAULT_LMAX), num(m, "beta", DEFAULT_BETA),
                num(m, "gridStep", DEFAULT_GRID_STEP));
    }

    private static double num(Map<String, ?> m, String key, double dflt) {
        Object o = m.get(key);
        if (o == null) {
            return dflt;
        }
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(o.toString().trim());
        } catch (NumberFormatException ex) {
            throw new UserInputException("descriptor parameter '" + key + "' is not a number: " + o);
        }
    }
}
