package org.zstar.forcefield;

import org.zstar.util.UserInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.zstar.util.UserInputException;

/**
 * Everything that controls fitting a kernel force field besides the data.
 *
 * @param zeta kernel exponent of {@code K = (x . x_B)^zeta}
 * @param references reference environments per species (symbol to count; key "*" = default)
 * @param selection "cur" or "fps"
 * @param lambda Tikhonov strength relative to the mean diagonal of the weighted Gram matrix
 * @param energyWeight weight of the per-atom energy rows (1/eV-per-atom); NaN = 1/std of the per-atom energies
 * @param forceWeight weight of the force rows (A/eV); NaN = 1/std of the force components
 * @param stressWeight weight of the stress rows (A^3/eV); NaN = 1/std of the stress components; 0 = ignore stress
 * @param threads worker threads (>= 1)
 */
public record ForceFieldTrainingOptions(int zeta, Map<String, Integer> references, String selection, double lambda,
        double energyWeight, double forceWeight, double stressWeight, int threads) {

    public ForceFieldTrainingOptions {
        references = Map.copyOf(references);
        if (zeta < 1) {
            throw new UserInputException("zeta must be >= 1, got " + zeta);
        }
        if (!selection.equals("cur") && !selection.equals("fps")) {
            throw new UserInputException("selection must be cur or fps, got " + selection);
        }
        if (!(lambda >= 0)) {
            throw new UserInputException("regularisation must be >= 0, got " + lambda);
        }
        for (double w : new double[] {energyWeight, forceWeight, stressWeight}) {
            if (w < 0 || Double.isInfinite(w)) {
                throw new UserInputException("quantity weights must be >= 0 and finite (or NaN = default)");
            }
        }
        if (threads < 1) {
            throw new UserInputException("threads must be >= 1");
        }
        for (int m : references.values()) {
            if (m < 1) {
                throw new UserInputException("reference counts must be >= 1");
            }
        }
    }

    public static ForceFieldTrainingOptions defaults() {
        return new ForceFieldTrainingOptions(4, Map.of("*", 300), "cur", 1e-9, Double.NaN, Double.NaN, Double.NaN,
                Runtime.getRuntime().availableProcessors());
    }

    public int references(String symbol) {
        return references.getOrDefault(symbol, references.getOrDefault("*", 300));
    }

    public ForceFieldTrainingOptions withReferences(Map<String, Integer> r) {
        return new ForceFieldTrainingOptions(zeta, r, selection, lambda, energyWeight, forceWeight, stressWeight,
                threads);
    }

    public ForceFieldTrainingOptions withThreads(int t) {
        return new ForceFieldTrainingOptions(zeta, references, selection, lambda, energyWeight, forceWeight,
                stressWeight, t);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", zeta);
        m.put("references", new TreeMap<>(references));
        m.put("selection", selection);
        m.put("lambda", lambda);
        m.put("energy_weight", Double.isNaN(energyWeight) ? "auto" : energyWeight);
        m.put("force_weight", Double.isNaN(forceWeight) ? "auto" : forceWeight);
        m.put("stress_weight", Double.isNaN(stressWeight) ? "auto" : stressWeight);
        return m;
    }
}
