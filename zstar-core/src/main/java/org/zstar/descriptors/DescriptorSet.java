package org.zstar.descriptors;

/**
 * Values and exact position derivatives of one descriptor for every atom of one frame, in a flat,
 * cache-friendly layout that models contract against without forming (atoms x atoms x features) arrays.
 *
 * <p><b>Values.</b> Atom i has {@link #components} numbers at {@code values[i*components ...]}. For a scalar
 * (invariant) descriptor {@code components = features}; for a lambda = 1 (vector) descriptor
 * {@code components = 3 * features}, row-major {@code [a][f]} with a = Cartesian x, y, z.
 *
 * <p><b>Derivatives.</b> The values of atom i depend only on its neighbour-image vectors
 * {@code r_ij^T = r_j + T - r_i} (|r_ij^T| &lt; cutoff, j may equal i through a periodic image). Entry e
 * in {@code [offsets[i], offsets[i+1])} is one neighbour image of centre i: {@code neighbours[e] = j},
 * {@code pairVectors[3e..3e+2] = r_ij^T}, and the block
 * {@code derivatives[(3e + b) * components + c] = d values_{i,c} / d (r_ij^T)_b}, the derivative with
 * respect to the neighbour-image position at fixed centre. The derivative with respect to atom k follows
 * by accumulation: {@code dX_i/dr_k = sum_{e: neighbours[e]=k} D_e - delta_ik sum_e D_e}. Keeping the
 * per-image blocks (rather than only per-atom sums) lets models weight each image by its own vector,
 * which the local charge-redistribution term of the monopole model needs in small periodic cells.
 *
 * <p>The derivative array is one row-major matrix of shape {@code (3 * entries) x components}, so a
 * model can contract all of it against reference environments with one GEMM.
 */
public final class DescriptorSet {
    /** Atoms of the frame (centres i = 0 .. atoms-1). */
    public final int atoms;
    /** Numbers per atom (features for rank 0, 3 * features for rank 1). */
    public final int components;
    /** 0 for invariant (scalar) descriptors, 1 for lambda = 1 (vector) descriptors. */
    public final int rank;
    /**
     * {@code values[i * components + c]}: component c of atom i; for rank 1, {@code c = a * features + f} with a
     * the Cartesian row x, y, z.
     */
    public final double[] values;
    /**
     * Length atoms + 1: the entries of centre i are {@code [offsets[i], offsets[i+1])}; null when derivatives
     * were not requested.
     */
    public final int[] offsets;
    /** Atom index j of the neighbour image of entry e; null without derivatives. */
    public final int[] neighbours;
    /** {@code pairVectors[3e .. 3e+2] = r_ij^T} (Angstrom) of entry e; null without derivatives. */
    public final double[] pairVectors;
    /**
     * {@code derivatives[(3e + b) * components + c] = d values_{i,c} / d (r_ij^T)_b} (per Angstrom) for entry e
     * of centre i; null without derivatives.
     */
    public final double[] derivatives;

    /**
     * Wraps arrays in the layout of the class comment (not copied). The four neighbour arrays are all null (values
     * only) or all given.
     *
     * @param atoms atoms of the frame
     * @param components numbers per atom (a multiple of 3 for rank 1)
     * @param rank 0 (invariant) or 1 (lambda = 1)
     * @param values length atoms x components
     * @param offsets length atoms + 1, or null for values only
     * @param neighbours neighbour atom j per entry, length offsets[atoms]
     * @param pairVectors r_ij^T per entry (Angstrom), length 3 x entries
     * @param derivatives derivative blocks, length 3 x entries x components
     * @throws IllegalArgumentException when the rank or an array length is inconsistent
     */
    public DescriptorSet(int atoms, int components, int rank, double[] values, int[] offsets, int[] neighbours,
            double[] pairVectors, double[] derivatives) {
        if (rank != 0 && rank != 1) {
            throw new IllegalArgumentException("rank must be 0 or 1");
        }
        if (rank == 1 && components % 3 != 0) {
            throw new IllegalArgumentException("a vector descriptor needs 3 * features components");
        }
        if (values.length != atoms * components) {
            throw new IllegalArgumentException("values: expected " + atoms * components + ", got " + values.length);
        }
        if (offsets != null) {
            int entries = offsets[atoms];
            if (offsets.length != atoms + 1 || neighbours.length != entries || pairVectors.length != 3 * entries
                    || derivatives.length != (long) 3 * entries * components) {
                throw new IllegalArgumentException("inconsistent derivative arrays");
            }
        }
        this.atoms = atoms;
        this.components = components;
        this.rank = rank;
        this.values = values;
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.pairVectors = pairVectors;
        this.derivatives = derivatives;
    }

    /**
     * Whether the neighbour entries and derivative blocks are present.
     *
     * @return true when {@link #offsets} (and the other neighbour arrays) are not null
     */
    public boolean hasDerivatives() {
        return offsets != null;
    }

    /**
     * The same set restricted to the centres [from, to): their values and neighbour entries (with derivatives),
     * every other atom with zero values and no entries. Needs derivatives.
     *
     * @param from first centre of the block
     * @param to one past the last centre of the block
     * @return a new set over all atoms (copied arrays) whose entries are those of the block alone
     * @throws IllegalArgumentException when this set has no derivatives or [from, to) is not a range of atoms
     */
    public DescriptorSet centres(int from, int to) {
        if (offsets == null || from < 0 || to > atoms || from > to) {
            throw new IllegalArgumentException("centres [" + from + ", " + to + ") of " + atoms + " atoms"
                    + (offsets == null ? " without derivatives" : ""));
        }
        int e0 = offsets[from];
        int e1 = offsets[to];
        int[] off = new int[atoms + 1];
        for (int i = 0; i <= atoms; i++) {
            off[i] = Math.min(Math.max(offsets[i], e0), e1) - e0;
        }
        double[] v = new double[values.length];
        System.arraycopy(values, from * components, v, from * components, (to - from) * components);
        return new DescriptorSet(atoms, components, rank, v, off, java.util.Arrays.copyOfRange(neighbours, e0, e1),
                java.util.Arrays.copyOfRange(pairVectors, 3 * e0, 3 * e1),
                java.util.Arrays.copyOfRange(derivatives, 3 * e0 * components, 3 * e1 * components));
    }

    /**
     * The number of neighbour-image entries.
     *
     * @return entries over all centres, 0 without derivatives
     */
    public int entries() {
        return offsets == null ? 0 : offsets[atoms];
    }

    /**
     * The number of features per Cartesian row.
     *
     * @return components for rank 0, components / 3 for rank 1
     */
    public int features() {
        return rank == 0 ? components : components / 3;
    }
}
