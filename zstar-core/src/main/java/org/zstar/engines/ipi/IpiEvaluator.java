package org.zstar.engines.ipi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.zstar.md.ForceField;
import org.zstar.md.ForceResult;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Turns one i-PI position message into zstar's structure and zstar's answer into i-PI's units and layouts
 * (docs/THEORY.md, "i-PI coupling", (IPI1)-(IPI5)). Species come from a template structure, because the
 * protocol sends none. Immutable; the force field and BEC model it wraps are thread-safe.
 */
public final class IpiEvaluator {
    /** Thinnest periodic cell accepted (A): thinner ones are not physical and would need huge image lists. */
    public static final double MIN_PLANE_SPACING = 0.5;
    /** Highest atom density accepted (atoms / A^3; water has 0.1, diamond 0.18). Bounds the neighbour lists. */
    public static final double MAX_DENSITY = 1.0;

    private final String[] symbols;
    private final ForceField forceField;
    private final BecModel becModel;
    private final AtomicUnits units;
    private final boolean[] pbc;

    /**
     * An evaluator of one structure per position message.
     *
     * @param template species and atom count (its positions and cell are not used)
     * @param becModel null for energy, forces and virial only
     * @param pbc periodicity flags, or null for "auto": an all-zero cell is an isolated molecule, any other
     *     cell is periodic along all three vectors
     * @param forceField the force field giving energies, forces and virials
     * @param units the atomic units of i-PI's CODATA edition
     */
    public IpiEvaluator(Structure template, ForceField forceField, BecModel becModel, AtomicUnits units,
            boolean[] pbc) {
        if (template.size() == 0) {
            throw new UserInputException("the template structure has no atoms");
        }
        this.symbols = template.symbols();
        this.forceField = forceField;
        this.becModel = becModel;
        this.units = units;
        this.pbc = pbc == null ? null : pbc.clone();
        requireKnown("force field", forceField.species());
        if (becModel != null) {
            requireKnown("BEC model", becModel.species());
        }
    }

    private void requireKnown(String what, List<String> known) {
        if (known.isEmpty()) {
            return;
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String s : symbols) {
            if (!known.contains(s)) {
                unknown.add(s);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UserInputException("the structure has species " + unknown + " that the " + what
                    + " does not know (it knows " + known + ")");
        }
    }

    /**
     * Parses --pbc: "auto" (null), "none", or three letters T/F such as TTF.
     *
     * @param text the --pbc value
     * @return null for "auto", else the periodicity of the three lattice vectors
     */
    public static boolean[] parsePbc(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("AUTO")) {
            return null;
        }
        if (t.equals("NONE")) {
            return new boolean[3];
        }
        if (t.length() == 3 && t.chars().allMatch(c -> c == 'T' || c == 'F')) {
            return new boolean[] {t.charAt(0) == 'T', t.charAt(1) == 'T', t.charAt(2) == 'T'};
        }
        throw new UserInputException("--pbc must be auto, none or three letters T/F such as TTF, got '" + text + "'");
    }

    /** {@return the number of atoms of every position message} */
    public int atoms() {
        return symbols.length;
    }

    /** {@return whether a BEC model adds BECs and dipoles to the extras} */
    public boolean hasBecModel() {
        return becModel != null;
    }

    /** {@return the atomic units of the messages} */
    public AtomicUnits units() {
        return units;
    }

    /** The matrix transpose of a row-major 3x3; the wire holds cell and virial column-major (IPI2, IPI4). */
    static double[] transpose(double[] m) {
        double[] t = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                t[3 * k + i] = m[3 * i + k];
            }
        }
        return t;
    }

    /**
     * The structure for one position message: positions r = a0 r_wire (IPI1); lattice vectors are the columns
     * of the wire's matrix h, so zstar's row-major lattice is a0 h^T (IPI2). Refuses cells it cannot handle.
     *
     * @param cellWire the cell matrix h of the message, as sent (Bohr)
     * @param positionsBohr the positions of the message, 3N values (Bohr)
     * @return the structure in A
     */
    public Structure structure(double[] cellWire, double[] positionsBohr) {
        double a0 = units.bohr();
        double[] r = new double[positionsBohr.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = a0 * positionsBohr[k];
            if (!Double.isFinite(positionsBohr[k])) {
                throw new IpiProtocolException("the server sent a non-finite coordinate (atom " + k / 3 + ")");
            }
        }
        Structure.Builder b = Structure.builder().symbols(symbols).positions(r);
        Cell cell = cell(cellWire);
        if (cell != null) {
            b.cell(cell);
        }
        return b.build();
    }

    private Cell cell(double[] cellWire) {
        boolean allZero = true;
        for (double v : cellWire) {
            if (!Double.isFinite(v)) {
                throw new IpiProtocolException("the server sent a cell with non-finite numbers");
            }
            allZero &= v == 0.0;
        }
        boolean[] flags = pbc != null ? pbc : new boolean[] {!allZero, !allZero, !allZero};
        if (!(flags[0] || flags[1] || flags[2])) {
            return null;
        }
        double[] lattice = transpose(cellWire);
        for (int k = 0; k < 9; k++) {
            lattice[k] *= units.bohr();
        }
        Cell cell;
        try {
            cell = new Cell(lattice, flags);
        } catch (IllegalArgumentException e) {
            throw new IpiProtocolException("cannot use the cell the server sent (" + e.getMessage() + "): zstar needs"
                    + " three independent lattice vectors, or an all-zero cell (or --pbc none) for a molecule");
        }
        for (int axis = 0; axis < 3; axis++) {
            if (flags[axis] && cell.planeSpacing(axis) < MIN_PLANE_SPACING) {
                throw new IpiProtocolException(String.format(Locale.ROOT, "refusing a periodic cell %.3g A thin"
                        + " along lattice vector %d (less than %.2g A)", cell.planeSpacing(axis), axis + 1,
                        MIN_PLANE_SPACING));
            }
        }
        double density = symbols.length / cell.volume();
        if (density > MAX_DENSITY) {
            throw new IpiProtocolException(String.format(Locale.ROOT, "refusing a cell of %.4g A^3 for %d atoms"
                    + " (%.3g atoms/A^3, more than %.2g)", cell.volume(), symbols.length, density, MAX_DENSITY));
        }
        return cell;
    }

    /**
     * What goes back to the server for one structure: energy (Ha), forces (Ha/Bohr), virial (Ha), extras.
     *
     * @param energy the energy (Ha)
     * @param forces the forces (Ha/Bohr), 3N values
     * @param virialWire the virial (Ha), 3x3 in the wire's layout
     * @param extras the JSON extras string (dipole, BECs), or "" without a BEC model
     */
    public record Answer(double energy, double[] forces, double[] virialWire, String extras) {
    }

    /**
     * Evaluates the structure of one position message.
     *
     * @param cellWire the cell matrix h of the message, as sent (Bohr)
     * @param positionsBohr the positions of the message, 3N values (Bohr)
     * @return the answer in i-PI's units
     */
    public Answer evaluate(double[] cellWire, double[] positionsBohr) {
        return answer(structure(cellWire, positionsBohr));
    }

    /**
     * Energy, forces, virial and extras of a structure, in i-PI's units and layouts (IPI3-IPI5).
     *
     * @param s the structure
     * @return the energy (Hartree), forces (Hartree/Bohr), virial (Hartree) and extras
     */
    public Answer answer(Structure s) {
        ForceResult res = forceField.compute(s);
        double eh = units.hartree();
        double a0 = units.bohr();
        double[] forces = new double[res.forces().length];
        for (int k = 0; k < forces.length; k++) {
            forces[k] = res.forces()[k] * a0 / eh;
        }
        double[] dEdStrain = res.virial() != null ? res.virial() : moleculeStrainDerivative(s, res.forces());
        // (IPI4) i-PI's virial is -dE/d epsilon (ASE: virial = -V sigma), sent column-major
        double[] virialWire = transpose(dEdStrain);
        for (int k = 0; k < 9; k++) {
            virialWire[k] = -virialWire[k] / eh;
        }
        double energy = res.energy() / eh;
        requireFinite(energy, forces, virialWire);
        // no extras at all without a BEC model: ASE 3.22's SocketIOCalculator fails on extras longer than one byte
        String extras = becModel == null ? "" : extras(becModel.predict(s), a0);
        return new Answer(energy, forces, virialWire, extras);
    }

    /** (IPI3) dE/d epsilon_ab = sum_i (dE/dr_i)_a r_ib = -sum_i F_ia r_ib for a structure without a cell. */
    static double[] moleculeStrainDerivative(Structure s, double[] forces) {
        double[] x = s.positionsView();
        double[] d = new double[9];
        for (int i = 0; i < s.size(); i++) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    d[3 * a + b] -= forces[3 * i + a] * x[3 * i + b];
                }
            }
        }
        return d;
    }

    private static void requireFinite(double energy, double[] forces, double[] virial) {
        boolean ok = Double.isFinite(energy);
        for (double f : forces) {
            ok &= Double.isFinite(f);
        }
        for (double v : virial) {
            ok &= Double.isFinite(v);
        }
        if (!ok) {
            throw new UserInputException("the force field gave a non-finite energy, force or virial for the"
                    + " positions the server sent (atoms on top of each other?)");
        }
    }

    /**
     * (IPI5) The extras JSON: "dipole" = P / a0 (e*Bohr) for the positions exactly as sent, and "BEC" with 3N rows
     * (R1x, R1y, R1z, R2x, ...) and 3 columns over the dipole component: BEC[3j+b][a] = Z[j][a][b].
     */
    static String extras(BecPrediction p, double a0) {
        double[] z = p.bec();
        double[] pol = p.polarization();
        boolean finite = true;
        StringBuilder sb = new StringBuilder(64 + 80 * z.length / 3);
        sb.append("{\"dipole\": [");
        for (int a = 0; a < 3; a++) {
            double v = pol[a] / a0;
            finite &= Double.isFinite(v);
            sb.append(a > 0 ? ", " : "").append(v);
        }
        sb.append("], \"BEC\": [");
        int n = z.length / 9;
        for (int j = 0; j < n; j++) {
            for (int b = 0; b < 3; b++) {
                sb.append(j + b > 0 ? ", [" : "[");
                for (int a = 0; a < 3; a++) {
                    double v = z[9 * j + 3 * a + b];
                    finite &= Double.isFinite(v);
                    sb.append(a > 0 ? ", " : "").append(v);
                }
                sb.append(']');
            }
        }
        sb.append("]}");
        if (!finite) {
            throw new UserInputException("the BEC model gave a non-finite dipole or BEC for the positions the"
                    + " server sent");
        }
        return sb.toString();
    }
}
