package org.zstar.experiments;

import java.util.Map;

/**
 * Nominal (formal oxidation-state) charges of common elements in their usual ionic compounds. Elements whose
 * oxidation state depends on the compound (C, N, transition metals not listed, ...) have none.
 */
public final class NominalCharges {
    private static final Map<String, Double> TABLE = Map.ofEntries(Map.entry("H", 1.0), Map.entry("O", -2.0),
            Map.entry("Zr", 4.0), Map.entry("Si", 4.0), Map.entry("Ti", 4.0), Map.entry("Ba", 2.0),
            Map.entry("Li", 1.0), Map.entry("Na", 1.0), Map.entry("Mg", 2.0), Map.entry("Al", 3.0),
            Map.entry("Cl", -1.0), Map.entry("F", -1.0), Map.entry("Zn", 2.0), Map.entry("Sn", 4.0),
            Map.entry("Pb", 2.0), Map.entry("I", -1.0), Map.entry("K", 1.0), Map.entry("Ca", 2.0),
            Map.entry("Sr", 2.0), Map.entry("Br", -1.0), Map.entry("S", -2.0), Map.entry("Hf", 4.0));

    private NominalCharges() {
    }

    /**
     * The nominal charge of an element symbol, or null when it depends on the compound (reported "n/a").
     *
     * @param symbol the element symbol
     * @return the nominal charge (e), or null
     */
    public static Double of(String symbol) {
        return TABLE.get(symbol);
    }
}
