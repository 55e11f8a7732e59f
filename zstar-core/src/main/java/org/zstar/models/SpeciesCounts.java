package org.zstar.models;

import java.util.Map;
import java.util.TreeMap;

/**
 * A whole number per species: explicit counts for some symbols and one count for every other species.
 *
 * @param others the count of every species not named in {@code perSpecies}
 * @param perSpecies symbol to count
 */
public record SpeciesCounts(int others, Map<String, Integer> perSpecies) {
    /**
     * Copies the map.
     *
     * @param others the count of every species not named in {@code perSpecies}
     * @param perSpecies symbol to count
     */
    public SpeciesCounts {
        perSpecies = Map.copyOf(perSpecies);
        if (others < 0 || perSpecies.values().stream().anyMatch(v -> v < 0)) {
            throw new IllegalArgumentException("counts per species must be >= 0, got " + others + " and " + perSpecies);
        }
    }

    /**
     * The same count for every species.
     *
     * @param count the count
     * @return the counts
     */
    public static SpeciesCounts of(int count) {
        return new SpeciesCounts(count, Map.of());
    }

    /**
     * Counts per symbol, {@code others} for the rest.
     *
     * @param others the count of species not in the map
     * @param perSpecies symbol to count
     * @return the counts
     */
    public static SpeciesCounts of(int others, Map<String, Integer> perSpecies) {
        return new SpeciesCounts(others, perSpecies);
    }

    /**
     * The count of a species.
     *
     * @param symbol the element symbol
     * @return its count
     */
    public int get(String symbol) {
        return perSpecies.getOrDefault(symbol, others);
    }

    /** {@return whether some species has a count above zero} */
    public boolean anyPositive() {
        return others > 0 || perSpecies.values().stream().anyMatch(v -> v > 0);
    }

    /** {@return plain map for summaries: the named species and {@code "others"}} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new TreeMap<>(perSpecies);
        m.put("others", others);
        return m;
    }
}
