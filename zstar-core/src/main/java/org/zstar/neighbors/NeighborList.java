package org.zstar.neighbors;

import java.util.Arrays;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Full (both directions) neighbour list with every periodic image inside a cutoff, in flat primitive
 * arrays. Entry e in {@code [offsets[i], offsets[i+1])} is one neighbour image of centre i:
 * {@code neighbours[e] = j} and {@code vectors[3e..3e+2] = r_ij^T = r_j + T - r_i} with T a lattice
 * translation along periodic axes, {@code |r_ij^T| < cutoff} (strict). The centre itself is excluded only
 * for T = 0: an atom is its own neighbour through its images when the cell is thin, and several images of
 * one atom appear as separate entries.
 *
 * <p>Linked-cell search (THEORY.md, "Neighbour lists"): positions are taken to fractional coordinates
 * f = r L^{-1}; periodic axes are wrapped to [0,1). Along axis a the cell is cut into
 * {@code nb_a = floor(w_a / cutoff)} bins (at least 1), w_a being the plane spacing (for non-periodic
 * axes, the extent of the atoms along the plane normal). A bin is then at least the cutoff thick along the
 * normal unless the cell itself is thinner, and a centre in bin b needs the bins b + d with
 * {@code |d| <= ceil(cutoff / binThickness)}. Bins outside [0, nb_a) along a periodic axis are images
 * of bin (b + d) mod nb_a shifted by the lattice vector floor((b + d) / nb_a) a_a, so each (atom, image)
 * pair is visited once. The work is linear in the number of atoms at fixed density.
 */
public final class NeighborList {
    /** Number of atoms. */
    public final int atoms;
    /** The cutoff radius (A). */
    public final double cutoff;
    /** Length atoms + 1. */
    public final int[] offsets;
    /** Neighbour index of every entry, grouped by centre (see offsets). */
    public final int[] neighbours;
    /** 3 * entries: r_ij^T per entry. */
    public final double[] vectors;

    private NeighborList(int atoms, double cutoff, int[] offsets, int[] neighbours, double[] vectors) {
        this.atoms = atoms;
        this.cutoff = cutoff;
        this.offsets = offsets;
        this.neighbours = neighbours;
        this.vectors = vectors;
    }

    /**
     * The same list keeping only the entries of centres [from, to) (other centres have none).
     *
     * @param from the first centre kept
     * @param to one past the last centre kept
     * @return the list
     */
    public NeighborList centres(int from, int to) {
        if (from < 0 || to > atoms || from > to) {
            throw new IllegalArgumentException("centres [" + from + ", " + to + ") of " + atoms + " atoms");
        }
        int e0 = offsets[from];
        int e1 = offsets[to];
        int[] off = new int[atoms + 1];
        for (int i = 0; i <= atoms; i++) {
            off[i] = Math.min(Math.max(offsets[i], e0), e1) - e0;
        }
        return new NeighborList(atoms, cutoff, off, java.util.Arrays.copyOfRange(neighbours, e0, e1),
                java.util.Arrays.copyOfRange(vectors, 3 * e0, 3 * e1));
    }

    /** {@return number of entries over all centres} */
    public int entries() {
        return offsets[atoms];
    }

    /**
     * Neighbour list of a structure (its cell may be null: an isolated molecule).
     *
     * @param structure the structure
     * @param cutoff the cutoff radius (A), positive
     * @return the list
     */
    public static NeighborList build(Structure structure, double cutoff) {
        return build(structure.positionsView(), structure.cell(), cutoff);
    }

    /**
     * Neighbour list of flat positions.
     *
     * @param positions flat Cartesian positions, 3N numbers
     * @param cell the cell, or null for an isolated system (no periodicity)
     * @param cutoff strictly positive cutoff radius (Angstrom)
     * @return the list
     */
    public static NeighborList build(double[] positions, Cell cell, double cutoff) {
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
            throw new UserInputException("neighbour cutoff must be positive and finite, got " + cutoff);
        }
        if (positions.length % 3 != 0) {
            throw new IllegalArgumentException("positions must have 3N numbers");
        }
        int n = positions.length / 3;
        if (n == 0) {
            return new NeighborList(0, cutoff, new int[1], new int[0], new double[0]);
        }
        // An isolated system gets an identity frame without periodicity.
        Cell frame = cell == null ? new Cell(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new boolean[3]) : cell;
        double[] frac = wrappedFractional(positions, frame);
        BinGrid grid = BinGrid.of(frac, frame, cutoff);
        // Wrapped Cartesian positions: r_ij^T = w_j + T' - w_i equals the true image vector.
        double[] w = new double[3 * n];
        for (int i = 0; i < n; i++) {
            frame.toCartesian(frac, 3 * i, w, 3 * i);
        }
        Entries entries = new Entries(Math.max(16, n * 32));
        int[] offsets = new int[n + 1];
        double[] lat = frame.lattice();
        for (int i = 0; i < n; i++) {
            offsets[i] = entries.count;
            grid.collect(i, w, lat, cutoff * cutoff, entries);
        }
        offsets[n] = entries.count;
        return new NeighborList(n, cutoff, offsets, Arrays.copyOf(entries.nbr, entries.count),
                Arrays.copyOf(entries.vec, 3 * entries.count));
    }

    /** Fractional coordinates f = r L^{-1}, wrapped to [0, 1) along periodic axes. */
    private static double[] wrappedFractional(double[] positions, Cell frame) {
        int n = positions.length / 3;
        boolean[] pbc = frame.pbc();
        double[] frac = new double[3 * n];
        for (int i = 0; i < n; i++) {
            frame.toFractional(positions, 3 * i, frac, 3 * i);
            for (int a = 0; a < 3; a++) {
                if (pbc[a]) {
                    double f = frac[3 * i + a] - Math.floor(frac[3 * i + a]);
                    frac[3 * i + a] = f >= 1.0 ? 0.0 : f;
                }
            }
        }
        return frac;
    }

    /** Growable neighbour entries (index and vector). */
    private static final class Entries {
        int[] nbr;
        double[] vec;
        int count;

        Entries(int capacity) {
            nbr = new int[capacity];
            vec = new double[3 * capacity];
        }

        void add(int j, double dx, double dy, double dz) {
            if (count == nbr.length) {
                int cap = nbr.length * 2;
                nbr = Arrays.copyOf(nbr, cap);
                vec = Arrays.copyOf(vec, 3 * cap);
            }
            nbr[count] = j;
            vec[3 * count] = dx;
            vec[3 * count + 1] = dy;
            vec[3 * count + 2] = dz;
            count++;
        }
    }

    /**
     * The linked cells: per axis the origin and width (fractional) of the binned range, the number of bins and how
     * many bins a centre must look at on either side; the atoms sorted by bin.
     */
    private static final class BinGrid {
        final boolean[] pbc;
        final int[] nb;
        final int[] reach;
        final int[] binOf;
        final int[] binStart;
        final int[] binAtoms;

        private BinGrid(boolean[] pbc, int[] nb, int[] reach, int[] binOf, int[] binStart, int[] binAtoms) {
            this.pbc = pbc;
            this.nb = nb;
            this.reach = reach;
            this.binOf = binOf;
            this.binStart = binStart;
            this.binAtoms = binAtoms;
        }

        static BinGrid of(double[] frac, Cell frame, double cutoff) {
            int n = frac.length / 3;
            boolean[] pbc = frame.pbc();
            double[] lo = new double[3];
            double[] span = new double[3];
            int[] nb = new int[3];
            for (int a = 0; a < 3; a++) {
                if (pbc[a]) {
                    lo[a] = 0.0;
                    span[a] = 1.0;
                } else {
                    double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        mn = Math.min(mn, frac[3 * i + a]);
                        mx = Math.max(mx, frac[3 * i + a]);
                    }
                    lo[a] = mn;
                    span[a] = Math.max(mx - mn, 1e-12);
                }
                double thickness = span[a] * frame.planeSpacing(a);
                nb[a] = (int) Math.max(1, Math.min(Math.floor(thickness / cutoff), 1 << 20));
            }
            limitBins(nb, n);
            int[] reach = new int[3];
            for (int a = 0; a < 3; a++) {
                double binThickness = span[a] * frame.planeSpacing(a) / nb[a];
                reach[a] = (int) Math.ceil(cutoff / binThickness);
                if (!pbc[a]) {
                    reach[a] = Math.min(reach[a], nb[a] - 1);
                }
            }
            int totalBins = nb[0] * nb[1] * nb[2];
            int[] binOf = new int[n];
            int[] binStart = new int[totalBins + 1];
            for (int i = 0; i < n; i++) {
                int b = 0;
                for (int a = 0; a < 3; a++) {
                    int k = (int) Math.floor((frac[3 * i + a] - lo[a]) / span[a] * nb[a]);
                    k = Math.max(0, Math.min(nb[a] - 1, k));
                    b = b * nb[a] + k;
                }
                binOf[i] = b;
                binStart[b + 1]++;
            }
            for (int b = 0; b < totalBins; b++) {
                binStart[b + 1] += binStart[b];
            }
            int[] binAtoms = new int[n];
            int[] fill = Arrays.copyOf(binStart, totalBins);
            for (int i = 0; i < n; i++) {
                binAtoms[fill[binOf[i]]++] = i;
            }
            return new BinGrid(pbc, nb, reach, binOf, binStart, binAtoms);
        }

        /** Keeps the number of bins linear in the number of atoms (sparse molecules): halves the largest axis. */
        private static void limitBins(int[] nb, int n) {
            long maxBins = Math.max(27L, 4L * n);
            while ((long) nb[0] * nb[1] * nb[2] > maxBins) {
                int big = 0;
                for (int a = 1; a < 3; a++) {
                    if (nb[a] > nb[big]) {
                        big = a;
                    }
                }
                nb[big] = Math.max(1, nb[big] / 2);
            }
        }

        /** Adds every image of every atom within the cutoff of centre i (wrapped positions w, lattice rows). */
        void collect(int i, double[] w, double[] lat, double cut2, Entries out) {
            int bi = binOf[i];
            int c2 = bi % nb[2];
            int c1 = (bi / nb[2]) % nb[1];
            int c0 = bi / (nb[1] * nb[2]);
            for (int d0 = -reach[0]; d0 <= reach[0]; d0++) {
                int s0 = Math.floorDiv(c0 + d0, nb[0]);
                if (s0 != 0 && !pbc[0]) {
                    continue;
                }
                int b0 = c0 + d0 - s0 * nb[0];
                for (int d1 = -reach[1]; d1 <= reach[1]; d1++) {
                    int s1 = Math.floorDiv(c1 + d1, nb[1]);
                    if (s1 != 0 && !pbc[1]) {
                        continue;
                    }
                    int b1 = c1 + d1 - s1 * nb[1];
                    for (int d2 = -reach[2]; d2 <= reach[2]; d2++) {
                        int s2 = Math.floorDiv(c2 + d2, nb[2]);
                        if (s2 != 0 && !pbc[2]) {
                            continue;
                        }
                        int b2 = c2 + d2 - s2 * nb[2];
                        scanBin(i, (b0 * nb[1] + b1) * nb[2] + b2, s0, s1, s2, w, lat, cut2, out);
                    }
                }
            }
        }

        /** The atoms of one bin seen from centre i through the lattice translation T = s0 a_0 + s1 a_1 + s2 a_2. */
        private void scanBin(int i, int bin, int s0, int s1, int s2, double[] w, double[] lat, double cut2,
                Entries out) {
            double tx = s0 * lat[0] + s1 * lat[3] + s2 * lat[6];
            double ty = s0 * lat[1] + s1 * lat[4] + s2 * lat[7];
            double tz = s0 * lat[2] + s1 * lat[5] + s2 * lat[8];
            double xi = w[3 * i], yi = w[3 * i + 1], zi = w[3 * i + 2];
            boolean zeroShift = s0 == 0 && s1 == 0 && s2 == 0;
            for (int p = binStart[bin], end = binStart[bin + 1]; p < end; p++) {
                int j = binAtoms[p];
                if (zeroShift && j == i) {
                    continue;
                }
                double dx = w[3 * j] + tx - xi;
                double dy = w[3 * j + 1] + ty - yi;
                double dz = w[3 * j + 2] + tz - zi;
                if (dx * dx + dy * dy + dz * dz < cut2) {
                    out.add(j, dx, dy, dz);
                }
            }
        }
    }
}
