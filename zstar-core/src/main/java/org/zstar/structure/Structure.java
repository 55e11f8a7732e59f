package org.zstar.structure;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One immutable atomic structure (a frame): species, Cartesian positions (Angstrom), an optional cell,
 * optional per-atom arrays and per-frame values.
 *
 * <p>Per-atom arrays are flat primitive arrays of {@code width * atoms} numbers, atom-major. Well-known
 * names are constants of this class. Born effective charges use the project convention
 * {@code Z[j][a][b] = dP_a / dr_{j,b}} (row a = polarisation / field direction, column b = displacement),
 * stored at {@code bec[9*j + 3*a + b]}.
 *
 * <p>Arrays handed in are copied; arrays handed out are copies too, except through the
 * {@code ...View} accessors that hot loops may use and must not modify.
 */
public final class Structure {
    /** Per-atom array name of the forces (eV/A, 3 per atom). */
    public static final String FORCES = "forces";          // eV/A, width 3
    /** Per-atom array name of the velocities (A/fs, 3 per atom). */
    public static final String VELOCITIES = "velocities";  // A/fs, width 3
    /** Per-atom array name of the Born effective charges (e, 9 per atom, row = field). */
    public static final String BEC = "bec";                // e, width 9, row = field
    /** Per-atom array name of the charges (e, 1 per atom). */
    public static final String CHARGES = "charges";        // e, width 1
    /** Per-atom array name of the atomic dipoles (e*A, 3 per atom). */
    public static final String DIPOLES = "dipoles";        // e*A, width 3

    private final String[] symbols;
    private final int[] atomicNumbers;
    private final double[] positions;
    private final Cell cell; // null for an isolated molecule
    private final Map<String, double[]> atomArrays;
    private final Map<String, Integer> atomWidths;
    private final Double energy;          // eV
    private final double[] stress;        // eV/A^3, 3x3 row-major, or null
    private final double[] dipole;        // e*A: molecular dipole or cell polarisation times volume, or null
    private final double[] dielectric;    // 3x3 high-frequency dielectric tensor, or null
    private final double totalCharge;     // e
    private final Map<String, Object> info;

    private Structure(Builder b) {
        int n = b.symbols.length;
        this.symbols = b.symbols;
        this.atomicNumbers = b.atomicNumbers;
        this.positions = b.positions;
        this.cell = b.cell;
        Map<String, double[]> arrays = new LinkedHashMap<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : b.atomArrays.entrySet()) {
            double[] a = e.getValue();
            if (a.length % Math.max(n, 1) != 0 || (n == 0 && a.length != 0)) {
                throw new IllegalArgumentException("per-atom array '" + e.getKey() + "' has " + a.length
                        + " numbers, not a multiple of " + n + " atoms");
            }
            arrays.put(e.getKey(), a);
            widths.put(e.getKey(), n == 0 ? 0 : a.length / n);
        }
        this.atomArrays = Collections.unmodifiableMap(arrays);
        this.atomWidths = Collections.unmodifiableMap(widths);
        this.energy = b.energy;
        this.stress = b.stress;
        this.dipole = b.dipole;
        this.dielectric = b.dielectric;
        this.totalCharge = b.totalCharge;
        this.info = Collections.unmodifiableMap(new LinkedHashMap<>(b.info));
    }

    /** {@return an empty builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder pre-filled with everything of this structure, to derive a modified copy} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.symbols = symbols;
        b.atomicNumbers = atomicNumbers;
        b.positions = positions;
        b.cell = cell;
        b.atomArrays.putAll(atomArrays);
        b.energy = energy;
        b.stress = stress;
        b.dipole = dipole;
        b.dielectric = dielectric;
        b.totalCharge = totalCharge;
        b.info.putAll(info);
        return b;
    }

    /** {@return the number of atoms} */
    public int size() {
        return symbols.length;
    }

    /**
     * The element of an atom.
     *
     * @param i atom index
     * @return its canonical symbol
     */
    public String symbol(int i) {
        return symbols[i];
    }

    /** {@return a copy of the element symbols, one per atom} */
    public String[] symbols() {
        return symbols.clone();
    }

    /**
     * The atomic number of an atom.
     *
     * @param i atom index
     * @return its atomic number
     */
    public int atomicNumber(int i) {
        return atomicNumbers[i];
    }

    /** {@return the atomic numbers, one per atom} */
    public int[] atomicNumbers() {
        return atomicNumbers.clone();
    }

    /** {@return flat copy of positions, 3N numbers} */
    public double[] positions() {
        return positions.clone();
    }

    /** {@return the internal flat position array; callers must not modify it} */
    public double[] positionsView() {
        return positions;
    }

    /**
     * One coordinate.
     *
     * @param i atom index
     * @param k 0, 1 or 2 for x, y, z
     * @return the coordinate (A)
     */
    public double x(int i, int k) {
        return positions[3 * i + k];
    }

    /** {@return the cell, or null for an isolated molecule} */
    public Cell cell() {
        return cell;
    }

    /** {@return whether the frame has a cell periodic along some axis} */
    public boolean isPeriodic() {
        return cell != null && cell.anyPeriodic();
    }

    /**
     * Whether a per-atom array is present.
     *
     * @param atomArray its name, e.g. {@link #FORCES}
     * @return true when the frame has it
     */
    public boolean has(String atomArray) {
        return atomArrays.containsKey(atomArray);
    }

    /**
     * Copy of a per-atom array.
     *
     * @param name its name
     * @return the numbers, or null if absent
     */
    public double[] atomArray(String name) {
        double[] a = atomArrays.get(name);
        return a == null ? null : a.clone();
    }

    /**
     * The internal per-atom array; callers must not modify it.
     *
     * @param name its name
     * @return the numbers, or null if absent
     */
    public double[] atomArrayView(String name) {
        return atomArrays.get(name);
    }

    /**
     * The numbers per atom of a per-atom array.
     *
     * @param name its name
     * @return its width
     */
    public int atomArrayWidth(String name) {
        Integer w = atomWidths.get(name);
        return w == null ? 0 : w;
    }

    /** {@return the names of the per-atom arrays the frame has} */
    public java.util.Set<String> atomArrayNames() {
        return atomArrays.keySet();
    }

    /** {@return whether the frame has BECs} */
    public boolean hasBec() {
        return atomArrays.containsKey(BEC);
    }

    /** {@return copy of the BECs, 9N numbers, {@code bec[9j+3a+b] = dP_a/dr_{j,b}}, or null} */
    public double[] bec() {
        return atomArray(BEC);
    }

    /** {@return a copy of the forces (eV/A, 3N numbers), or null} */
    public double[] forces() {
        return atomArray(FORCES);
    }

    /** {@return a copy of the velocities (A/fs, 3N numbers), or null} */
    public double[] velocities() {
        return atomArray(VELOCITIES);
    }

    /** {@return the potential energy (eV), or null} */
    public Double energy() {
        return energy;
    }

    /** {@return the stress (eV/A^3, 9 numbers row-major), or null} */
    public double[] stress() {
        return stress == null ? null : stress.clone();
    }

    /** {@return molecular dipole, or for periodic cells the polarisation times the volume (e*A); null if absent} */
    public double[] dipole() {
        return dipole == null ? null : dipole.clone();
    }

    /** {@return the electronic dielectric tensor (9 numbers row-major), or null} */
    public double[] dielectric() {
        return dielectric == null ? null : dielectric.clone();
    }

    /** {@return the total charge of the frame (e; 0 unless given)} */
    public double totalCharge() {
        return totalCharge;
    }

    /** {@return other per-frame key/values read from a file (strings, numbers, booleans, arrays as double[])} */
    public Map<String, Object> info() {
        return info;
    }

    /** {@return species symbol to count, in order of first appearance} */
    public Map<String, Integer> speciesCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : symbols) {
            counts.merge(s, 1, Integer::sum);
        }
        return counts;
    }

    /** {@return distinct species sorted by atomic number} */
    public String[] speciesSorted() {
        TreeMap<Integer, String> m = new TreeMap<>();
        for (int i = 0; i < symbols.length; i++) {
            m.put(atomicNumbers[i], symbols[i]);
        }
        return m.values().toArray(new String[0]);
    }

    /**
     * A copy with positions r' = R r + t (and the cell, BECs, forces, velocities, dipoles rotated too).
     *
     * @param rotation the rotation R, row-major 3x3
     * @param translation the translation t (A)
     * @return the transformed copy
     */
    public Structure transformed(double[] rotation, double[] translation) {
        int n = size();
        double[] p = new double[3 * n];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                double s = translation[a];
                for (int b = 0; b < 3; b++) {
                    s += rotation[3 * a + b] * positions[3 * i + b];
                }
                p[3 * i + a] = s;
            }
        }
        Builder b = toBuilder().positions(p);
        if (cell != null) {
            b.cell(cell.transformed(rotation));
        }
        for (Map.Entry<String, double[]> e : atomArrays.entrySet()) {
            int w = atomWidths.get(e.getKey());
            double[] src = e.getValue();
            if (w == 3 && !e.getKey().equals("species_index")) {
                double[] out = new double[src.length];
                for (int i = 0; i < n; i++) {
                    for (int a = 0; a < 3; a++) {
                        double s = 0;
                        for (int c = 0; c < 3; c++) {
                            s += rotation[3 * a + c] * src[3 * i + c];
                        }
                        out[3 * i + a] = s;
                    }
                }
                b.atomArray(e.getKey(), out);
            } else if (w == 9) {
                double[] out = new double[src.length];
                for (int i = 0; i < n; i++) {
                    double[] rz = Mat3.rotateTensor(rotation, Arrays.copyOfRange(src, 9 * i, 9 * i + 9));
                    System.arraycopy(rz, 0, out, 9 * i, 9);
                }
                b.atomArray(e.getKey(), out);
            }
        }
        if (dipole != null) {
            double[] d = new double[3];
            for (int a = 0; a < 3; a++) {
                d[a] = rotation[3 * a] * dipole[0] + rotation[3 * a + 1] * dipole[1] + rotation[3 * a + 2] * dipole[2];
            }
            b.dipole(d);
        }
        if (stress != null) {
            b.stress(Mat3.rotateTensor(rotation, stress));
        }
        if (dielectric != null) {
            b.dielectric(Mat3.rotateTensor(rotation, dielectric));
        }
        return b.build();
    }

    /** Builder for {@link Structure}; validates shapes and finiteness on {@link #build()}. */
    public static final class Builder {
        private String[] symbols;
        private int[] atomicNumbers;
        private double[] positions;
        private Cell cell;
        private final Map<String, double[]> atomArrays = new LinkedHashMap<>();
        private Double energy;
        private double[] stress;
        private double[] dipole;
        private double[] dielectric;
        private double totalCharge;
        private final Map<String, Object> info = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Species by symbol; symbols are canonicalised ("ZR" to "Zr"); unknown ones are rejected.
         *
         * @param symbols the symbols
         * @return this builder
         */
        public Builder symbols(String... symbols) {
            String[] s = new String[symbols.length];
            int[] z = new int[symbols.length];
            for (int i = 0; i < symbols.length; i++) {
                z[i] = Element.atomicNumber(symbols[i]);
                s[i] = Element.symbol(z[i]);
            }
            this.symbols = s;
            this.atomicNumbers = z;
            return this;
        }

        /**
         * Species by atomic number.
         *
         * @param z the atomic numbers
         * @return this builder
         */
        public Builder atomicNumbers(int... z) {
            String[] s = new String[z.length];
            for (int i = 0; i < z.length; i++) {
                s[i] = Element.symbol(z[i]);
            }
            this.symbols = s;
            this.atomicNumbers = z.clone();
            return this;
        }

        /**
         * Positions, 3N values (A).
         *
         * @param flat the positions
         * @return this builder
         */
        public Builder positions(double[] flat) {
            this.positions = flat.clone();
            return this;
        }

        /**
         * Positions, one row of 3 per atom (A).
         *
         * @param xyz the positions
         * @return this builder
         */
        public Builder positions(double[][] xyz) {
            double[] p = new double[3 * xyz.length];
            for (int i = 0; i < xyz.length; i++) {
                if (xyz[i].length != 3) {
                    throw new IllegalArgumentException("position " + i + " needs 3 components");
                }
                System.arraycopy(xyz[i], 0, p, 3 * i, 3);
            }
            this.positions = p;
            return this;
        }

        /**
         * The cell, or null for an isolated molecule.
         *
         * @param cell the cell
         * @return this builder
         */
        public Builder cell(Cell cell) {
            this.cell = cell;
            return this;
        }

        /**
         * Sets (or, with null, removes) a per-atom array.
         *
         * @param name the array's name
         * @param values the values, a multiple of N
         * @return this builder
         */
        public Builder atomArray(String name, double[] values) {
            if (values == null) {
                atomArrays.remove(name);
            } else {
                atomArrays.put(name, values.clone());
            }
            return this;
        }

        /**
         * The BECs, 9N values (Z[j][a][b] = dP_a/dr_{j,b}, e).
         *
         * @param bec the BECs
         * @return this builder
         */
        public Builder bec(double[] bec) {
            return atomArray(BEC, bec);
        }

        /**
         * The forces, 3N values (eV/A).
         *
         * @param f the forces
         * @return this builder
         */
        public Builder forces(double[] f) {
            return atomArray(FORCES, f);
        }

        /**
         * The velocities, 3N values (A/fs).
         *
         * @param v the velocities
         * @return this builder
         */
        public Builder velocities(double[] v) {
            return atomArray(VELOCITIES, v);
        }

        /**
         * The energy (eV), or null.
         *
         * @param e the energy
         * @return this builder
         */
        public Builder energy(Double e) {
            this.energy = e;
            return this;
        }

        /**
         * The stress, row-major 3x3 (eV/A^3).
         *
         * @param s the stress
         * @return this builder
         */
        public Builder stress(double[] s) {
            this.stress = s == null ? null : s.clone();
            return this;
        }

        /**
         * The dipole (e A), 3 values.
         *
         * @param d the dipole
         * @return this builder
         */
        public Builder dipole(double[] d) {
            this.dipole = d == null ? null : d.clone();
            return this;
        }

        /**
         * The high-frequency dielectric tensor, row-major 3x3.
         *
         * @param eps the tensor
         * @return this builder
         */
        public Builder dielectric(double[] eps) {
            this.dielectric = eps == null ? null : eps.clone();
            return this;
        }

        /**
         * The total charge (e).
         *
         * @param q the charge
         * @return this builder
         */
        public Builder totalCharge(double q) {
            this.totalCharge = q;
            return this;
        }

        /**
         * One info entry (stored in the extended XYZ comment line).
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder info(String key, Object value) {
            info.put(key, value);
            return this;
        }

        /** {@return the structure} */
        public Structure build() {
            Objects.requireNonNull(symbols, "species are required");
            Objects.requireNonNull(positions, "positions are required");
            int n = symbols.length;
            if (positions.length != 3 * n) {
                throw new IllegalArgumentException("expected " + 3 * n + " position components for " + n
                        + " atoms, got " + positions.length);
            }
            requireFinite("positions", positions);
            for (Map.Entry<String, double[]> e : atomArrays.entrySet()) {
                requireFinite(e.getKey(), e.getValue());
            }
            requireFixed("stress", stress, 9);
            requireFixed("dipole", dipole, 3);
            requireFixed("dielectric tensor", dielectric, 9);
            if (energy != null && !Double.isFinite(energy)) {
                throw new IllegalArgumentException("energy is not finite");
            }
            if (!Double.isFinite(totalCharge)) {
                throw new IllegalArgumentException("total charge is not finite");
            }
            double[] bec = atomArrays.get(BEC);
            if (bec != null && bec.length != 9 * n) {
                throw new IllegalArgumentException("BEC array needs " + 9 * n + " numbers for " + n
                        + " atoms, got " + bec.length);
            }
            return new Structure(this);
        }

        private static void requireFixed(String what, double[] a, int len) {
            if (a == null) {
                return;
            }
            if (a.length != len) {
                throw new IllegalArgumentException(what + " needs " + len + " numbers, got " + a.length);
            }
            requireFinite(what, a);
        }

        private static void requireFinite(String what, double[] a) {
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) {
                    throw new IllegalArgumentException(what + " contains a non-finite number (" + a[i]
                            + ") at index " + i);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Structure[" + size() + " atoms " + speciesCounts() + (cell == null ? ", molecule" : ", " + cell) + "]";
    }
}
