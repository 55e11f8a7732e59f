package org.zstar.md;

import java.util.List;
import org.zstar.structure.Structure;

/**
 * A potential energy surface: energy, forces and, for periodic cells, the stress of one structure.
 * Implementations are immutable and thread-safe (one instance may evaluate several structures at once).
 * Units: eV, eV/A, eV/A^3 (docs/THEORY.md, "Force field and MD").
 */
public interface ForceField {

    /**
     * Energy, forces {@code F = -dE/dr} and (periodic cells) stress {@code sigma = (1/V) dE/d epsilon}.
     *
     * @param structure the structure
     * @return the energy (eV), forces (eV/A) and stress (eV/A^3)
     */
    ForceResult compute(Structure structure);

    /**
     * Species this force field knows (canonical symbols); empty when any species is accepted.
     *
     * @return the species symbols
     */
    default List<String> species() {
        return List.of();
    }
}
