package org.zstar.models;

import org.zstar.util.UserInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zstar.util.UserInputException;

/**
 * Everything that controls fitting a BEC model besides the data.
 *
 * @param spec model form and kernel powers
 * @param chargeRefs reference environments per species for the charge block (symbol to count; key "*" = default)
 * @param dipoleRefs reference environments per species for the dipole block
 * @param selection "cur" or "fps"
 * @param lambdaW Tikhonov strength, relative to the mean diagonal of the Gram matrix of the BEC rows
 * @param lambdaQ charge regularisation: rows {@code lambdaQ (q_j - tr(Z_j)/3)} (0 = off)
 * @param fixedCharges for the dipole model: symbol to fixed charge; empty = training mean of tr(Z)/3
 * @param projectAsr project reference BECs onto the acoustic sum rule before training
 * @param threads worker threads (>= 1)
 * @param seed seed for anything random
 * @param dipoleModulators feature dipoles only: modulator environments per species (symbol to count; key "*" =
 *     default; empty = none), docs/THEORY.md (D4); ignored by a model without dipoles
 */
public record TrainingOptions(BecModelSpec spec, Map<String, Integer> chargeRefs, Map<String, Integer> dipoleRefs,
        String selection, double lambdaW, double lambdaQ, Map<String, Double> fixedCharges, boolean projectAsr,
        int threads, long seed, Map<String, Integer> dipoleModulators) {

    /** Options without dipole modulators. */
    public TrainingOptions(BecModelSpec spec, Map<String, Integer> chargeRefs, Map<String, Integer> dipoleRefs,
            String selection, double lambdaW, double lambdaQ, Map<String, Double> fixedCharges, boolean projectAsr,
            int threads, long seed) {
        this(spec, chargeRefs, dipoleRefs, selection, lambdaW, lambdaQ, fixedCharges, projectAsr, threads, seed,
                Map.of());
    }

    public TrainingOptions {
        chargeRefs = Map.copyOf(chargeRefs);
        dipoleRefs = Map.copyOf(dipoleRefs);
        dipoleModulators = dipoleModulators == null ? Map.of() : Map.copyOf(dipoleModulators);
        if (dipoleModulators.values().stream().anyMatch(v -> v < 0)) {
            throw new UserInputException("dipole modulator counts must be >= 0");
        }
        // a model without dipoles ignores them (learning curves run every kind with one set of options)
        if (spec.kind().hasDipoles() && dipoleModulators.values().stream().anyMatch(v -> v > 0)) {
            if (spec.dipoleKernel() != BecModelSpec.DipoleKernel.FEATURES) {
                throw new UserInputException("dipole modulators need a model with feature dipoles "
                        + "(--dipole-kernel features)");
            }
            if (spec.dipoleZeta() < 2) {
                throw new UserInputException("dipole modulators need a dipole kernel power >= 2 "
                        + "(modulator (x_i.x_M)^(zeta_p-1)), got " + spec.dipoleZeta());
            }
        }
        fixedCharges = fixedCharges == null ? Map.of() : Map.copyOf(fixedCharges);
        if (!selection.equals("cur") && !selection.equals("fps")) {
            throw new UserInputException("selection must be cur or fps, got " + selection);
        }
        if (!(lambdaW >= 0) || !(lambdaQ >= 0)) {
            throw new UserInputException("regularisation strengths must be >= 0");
        }
        if (threads < 1) {
            throw new UserInputException("threads must be >= 1");
        }
    }

    public static TrainingOptions defaults(ModelKind kind) {
        return new TrainingOptions(BecModelSpec.defaults(kind), Map.of("*", 100), Map.of("*", 60), "fps", 1e-8, 0.0,
                Map.of(), false, Runtime.getRuntime().availableProcessors(), 42L);
    }

    public int chargeRefs(String symbol) {
        return chargeRefs.getOrDefault(symbol, chargeRefs.getOrDefault("*", 100));
    }

    public int dipoleRefs(String symbol) {
        return dipoleRefs.getOrDefault(symbol, dipoleRefs.getOrDefault("*", 60));
    }

    /** Modulator environments of the feature dipoles of a species (0 = none). */
    public int dipoleModulators(String symbol) {
        return dipoleModulators.getOrDefault(symbol, dipoleModulators.getOrDefault("*", 0));
    }

    public TrainingOptions withSpec(BecModelSpec s) {
        return new TrainingOptions(s, chargeRefs, dipoleRefs, selection, lambdaW, lambdaQ, fixedCharges, projectAsr,
                threads, seed, dipoleModulators);
    }

    public TrainingOptions withRegularisation(double w, double q) {
        return new TrainingOptions(spec, chargeRefs, dipoleRefs, selection, w, q, fixedCharges, projectAsr, threads,
                seed, dipoleModulators);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("charge_refs", new java.util.TreeMap<>(chargeRefs));
        m.put("dipole_refs", new java.util.TreeMap<>(dipoleRefs));
        m.put("selection", selection);
        m.put("lambda_w", lambdaW);
        m.put("lambda_q", lambdaQ);
        m.put("fixed_charges", new java.util.TreeMap<>(fixedCharges));
        m.put("project_asr", projectAsr);
        m.put("seed", seed);
        if (!dipoleModulators.isEmpty()) {
            m.put("dipole_modulators", new java.util.TreeMap<>(dipoleModulators));
        }
        return m;
    }
}
