package org.zstar.md;

/**
 * Result of one force-field evaluation.
 *
 * @param energy potential energy E (eV)
 * @param forces {@code F = -dE/dr}, flat 3N (eV/A)
 * @param virial {@code dE/d epsilon_ab = sum_e (dE/dr_e)_a (r_e)_b} summed over pair (neighbour-image)
 *     vectors r_e, 3x3 row-major (eV); null for a structure without periodic axes
 * @param stress {@code sigma = (1/V) dE/d epsilon} (ASE sign: positive is tensile), 3x3 row-major (eV/A^3);
 *     null for a structure without periodic axes
 */
public record ForceResult(double energy, double[] forces, double[] virial, double[] stress) {
}
