package org.zstar.structure;

import java.util.Arrays;

/**
 * A simulation cell: three lattice vectors (rows of a 3x3 matrix, Angstrom) and a periodicity flag per
 * axis. Immutable. Triclinic cells are supported everywhere.
 */
public final class Cell {
    private final double[] lattice; // row-major 3x3: lattice[3*i + k] = component k of vector a_i
    private final boolean[] pbc;
    private final double[] inverse; // inverse of the lattice matrix, row-major
    private final double volume;

    /**
     * A cell from its three lattice vectors.
     *
     * @param vectors a, b, c (A)
     * @param pbc periodicity along a, b, c
     */
    public Cell(double[][] vectors, boolean[] pbc) {
        this(flatten(vectors), pbc);
    }

    /**
     * A cell from its lattice matrix.
     *
     * @param lattice row-major 3x3, rows are lattice vectors (A)
     * @param pbc periodicity along a, b, c
     */
    public Cell(double[] lattice, boolean[] pbc) {
        if (lattice.length != 9) {
            throw new IllegalArgumentException("a cell needs 9 numbers, got " + lattice.length);
        }
        if (pbc.length != 3) {
            throw new IllegalArgumentException("periodicity needs 3 flags, got " + pbc.length);
        }
        for (double v : lattice) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("cell contains a non-finite number");
            }
        }
        this.lattice = lattice.clone();
        this.pbc = pbc.clone();
        this.volume = Mat3.det(this.lattice);
        if (Math.abs(volume) < 1e-10) {
            throw new IllegalArgumentException("cell is singular (volume " + volume + " A^3)");
        }
        this.inverse = Mat3.inverse(this.lattice);
    }

    /**
     * A fully periodic cell.
     *
     * @param vectors a, b, c (A)
     * @return the cell
     */
    public static Cell periodic(double[][] vectors) {
        return new Cell(vectors, new boolean[] {true, true, true});
    }

    /**
     * A fully periodic orthorhombic cell.
     *
     * @param a length along x (A)
     * @param b length along y (A)
     * @param c length along z (A)
     * @return the cell
     */
    public static Cell orthorhombic(double a, double b, double c) {
        return periodic(new double[][] {{a, 0, 0}, {0, b, 0}, {0, 0, c}});
    }

    private static double[] flatten(double[][] v) {
        if (v.length != 3) {
            throw new IllegalArgumentException("a cell needs 3 vectors");
        }
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            if (v[i].length != 3) {
                throw new IllegalArgumentException("a lattice vector needs 3 components");
            }
            System.arraycopy(v[i], 0, out, 3 * i, 3);
        }
        return out;
    }

    /** {@return row-major copy of the lattice matrix (rows are the lattice vectors)} */
    public double[] lattice() {
        return lattice.clone();
    }

    /**
     * Component k of lattice vector i.
     *
     * @param i 0, 1, 2 for a, b, c
     * @param k 0, 1, 2 for x, y, z
     * @return the component (A)
     */
    public double vector(int i, int k) {
        return lattice[3 * i + k];
    }

    /**
     * Length of lattice vector i.
     *
     * @param i 0, 1, 2 for a, b, c
     * @return the length (A)
     */
    public double length(int i) {
        double x = lattice[3 * i], y = lattice[3 * i + 1], z = lattice[3 * i + 2];
        return Math.sqrt(x * x + y * y + z * z);
    }

    /**
     * Whether the cell is periodic along a lattice vector.
     *
     * @param axis 0, 1, 2 for a, b, c
     * @return true when periodic
     */
    public boolean periodic(int axis) {
        return pbc[axis];
    }

    /** {@return a copy of the periodicity along a, b, c} */
    public boolean[] pbc() {
        return pbc.clone();
    }

    /** {@return whether the cell is periodic along some axis} */
    public boolean anyPeriodic() {
        return pbc[0] || pbc[1] || pbc[2];
    }

    /** {@return absolute volume in A^3} */
    public double volume() {
        return Math.abs(volume);
    }

    /**
     * Distance between the two lattice planes spanned by the other two vectors, for each axis: the
     * thickness of the cell along a_i's plane normal. Sets how many images a cutoff needs.
     *
     * @param axis the lattice vector index, 0..2
     * @return the spacing (A)
     */
    public double planeSpacing(int axis) {
        // |a_j x a_k| / V = |row axis of the inverse-transpose|; spacing = 1 / |b_axis| with b = rows of inv^T
        double bx = inverse[axis], by = inverse[3 + axis], bz = inverse[6 + axis];
        return 1.0 / Math.sqrt(bx * bx + by * by + bz * bz);
    }

    /**
     * Fractional coordinates f with r = f . lattice (f as a row vector).
     *
     * @param cartesian r (A)
     * @return f
     */
    public double[] toFractional(double[] cartesian) {
        double[] f = new double[3];
        toFractional(cartesian, 0, f, 0);
        return f;
    }

    /**
     * Cartesian to fractional coordinates, f = r L^-1 (L the lattice, vectors as rows).
     *
     * @param r the array of the Cartesian position (A)
     * @param rOff its offset
     * @param f the array of the result
     * @param fOff its offset
     */
    public void toFractional(double[] r, int rOff, double[] f, int fOff) {
        double x = r[rOff], y = r[rOff + 1], z = r[rOff + 2];
        for (int k = 0; k < 3; k++) {
            f[fOff + k] = x * inverse[k] + y * inverse[3 + k] + z * inverse[6 + k];
        }
    }

    /**
     * Cartesian coordinates of fractional f: r = sum_i f_i a_i.
     *
     * @param fractional f
     * @return r (A)
     */
    public double[] toCartesian(double[] fractional) {
        double[] r = new double[3];
        toCartesian(fractional, 0, r, 0);
        return r;
    }

    /**
     * Fractional to Cartesian coordinates, r = f L.
     *
     * @param f the array of the fractional position
     * @param fOff its offset
     * @param r the array of the result (A)
     * @param rOff its offset
     */
    public void toCartesian(double[] f, int fOff, double[] r, int rOff) {
        double a = f[fOff], b = f[fOff + 1], c = f[fOff + 2];
        for (int k = 0; k < 3; k++) {
            r[rOff + k] = a * lattice[k] + b * lattice[3 + k] + c * lattice[6 + k];
        }
    }

    /**
     * Wraps a Cartesian position into the cell along periodic axes (fractional coordinates in [0,1)).
     *
     * @param cartesian r (A)
     * @return the wrapped position (A)
     */
    public double[] wrap(double[] cartesian) {
        double[] f = toFractional(cartesian);
        for (int k = 0; k < 3; k++) {
            if (pbc[k]) {
                f[k] -= Math.floor(f[k]);
                if (f[k] >= 1.0) {
                    f[k] = 0.0;
                }
            }
        }
        return toCartesian(f);
    }

    /**
     * Minimum-image version of a displacement vector d: the shortest d + T over lattice translations T
     * along periodic axes. Exact for triclinic cells (searches the neighbouring images after reduction).
     *
     * @param d the displacement (A), 3 values
     * @return the minimum-image displacement (a new array)
     */
    public double[] minimumImage(double[] d) {
        double[] f = toFractional(d);
        for (int k = 0; k < 3; k++) {
            if (pbc[k]) {
                f[k] -= Math.rint(f[k]);
            }
        }
        double[] base = toCartesian(f);
        double[] best = base.clone();
        double bestLen = Mat3.dot(base, base);
        int ra = pbc[0] ? 1 : 0, rb = pbc[1] ? 1 : 0, rc = pbc[2] ? 1 : 0;
        double[] t = new double[3];
        for (int i = -ra; i <= ra; i++) {
            for (int j = -rb; j <= rb; j++) {
                for (int k = -rc; k <= rc; k++) {
                    for (int c = 0; c < 3; c++) {
                        t[c] = base[c] + i * lattice[c] + j * lattice[3 + c] + k * lattice[6 + c];
                    }
                    double len = Mat3.dot(t, t);
                    if (len < bestLen - 1e-14) {
                        bestLen = len;
                        System.arraycopy(t, 0, best, 0, 3);
                    }
                }
            }
        }
        return best;
    }

    /**
     * A cell with the same periodicity whose vectors are R applied to these (rotation of a structure).
     *
     * @param rotation the rotation R, row-major 3x3
     * @return the rotated cell
     */
    public Cell transformed(double[] rotation) {
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int a = 0; a < 3; a++) {
                double s = 0;
                for (int b = 0; b < 3; b++) {
                    s += rotation[3 * a + b] * lattice[3 * i + b];
                }
                out[3 * i + a] = s;
            }
        }
        return new Cell(out, pbc);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cell c && Arrays.equals(lattice, c.lattice) && Arrays.equals(pbc, c.pbc);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lattice) + Arrays.hashCode(pbc);
    }

    @Override
    public String toString() {
        return String.format("Cell[a=(%.4f %.4f %.4f) b=(%.4f %.4f %.4f) c=(%.4f %.4f %.4f) pbc=%s]",
                lattice[0], lattice[1], lattice[2], lattice[3], lattice[4], lattice[5], lattice[6], lattice[7],
                lattice[8], Arrays.toString(pbc));
    }
}
