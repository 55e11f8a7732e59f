package org.zstar.descriptors;

/**
 * Result of a reverse-mode contraction: per-centre function values f_i and, for every neighbour-image entry e
 * of centre i (the layout of {@link DescriptorSet}), the three numbers
 * {@code gradients[3e + b] = d f_i / d (r_ij^T)_b = sum_c (df_i/dX_ic) dX_ic/d(r_ij^T)_b}.
 * This is what energies-and-forces and charge models need, at a small fraction of the memory of the full
 * derivative blocks (3 numbers per entry instead of 3 x components).
 */
public final class PairGradients {
    public final int atoms;
    /** f_i per centre. */
    public final double[] values;
    /** Length atoms + 1. */
    public final int[] offsets;
    public final int[] neighbours;
    public final double[] pairVectors;
    public final double[] gradients;

    PairGradients(int atoms, double[] values, int[] offsets, int[] neighbours, double[] pairVectors,
            double[] gradients) {
        this.atoms = atoms;
        this.values = values;
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.pairVectors = pairVectors;
        this.gradients = gradients;
    }

    public int entries() {
        return offsets[atoms];
    }
}
