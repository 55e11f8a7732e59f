package org.zstar.descriptors;

/**
 * Result of a reverse-mode contraction: per-centre function values f_ik (k = 0..outputs-1) at
 * {@code values[i * outputs + k]} and, for every neighbour-image entry e of centre i (the layout of
 * {@link DescriptorSet}), {@code gradients[(e * outputs + k) * 3 + b] = d f_ik / d (r_ij^T)_b
 * = sum_c (df_ik/dX_ic) dX_ic/d(r_ij^T)_b} (for one output simply {@code gradients[3e + b]}).
 * This is what energies-and-forces and charge models need, at a small fraction of the memory of the full
 * derivative blocks (3 numbers per entry instead of 3 x components).
 */
public final class PairGradients {
    /** Atoms of the frame (centres i = 0 .. atoms-1). */
    public final int atoms;
    /** Functions per centre. */
    public final int outputs;
    /** f_ik per centre and output. */
    public final double[] values;
    /** Length atoms + 1: the entries of centre i are {@code [offsets[i], offsets[i+1])}. */
    public final int[] offsets;
    /** Atom index j of the neighbour image of entry e. */
    public final int[] neighbours;
    /** {@code pairVectors[3e .. 3e+2] = r_ij^T = r_j + T - r_i} (Angstrom) of entry e. */
    public final double[] pairVectors;
    /**
     * {@code gradients[(e * outputs + k) * 3 + b] = d f_ik / d (r_ij^T)_b} (units of f per Angstrom); the
     * derivative with respect to an atom follows by the accumulation of THEORY.md 3.10.
     */
    public final double[] gradients;

    PairGradients(int atoms, int outputs, double[] values, int[] offsets, int[] neighbours, double[] pairVectors,
            double[] gradients) {
        this.atoms = atoms;
        this.outputs = outputs;
        this.values = values;
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.pairVectors = pairVectors;
        this.gradients = gradients;
    }

    /**
     * The number of neighbour-image entries.
     *
     * @return entries over all centres, {@code offsets[atoms]}
     */
    public int entries() {
        return offsets[atoms];
    }
}
