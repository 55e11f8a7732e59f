package org.zstar.io;

import java.nio.file.Path;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * Quantum ESPRESSO ph.x output (at Gamma with epsil=.true.): one frame with the cell ("crystal axes" in
 * units of alat), the positions ("positions (alat units)"), the dielectric tensor ("Dielectric constant in
 * cartesian axis") and the Born effective charges. ph.x prints
 * {@code Effective charges (d Force / dE) in cartesian axis without acoustic sum rule applied (asr)} and
 * then {@code ... with asr applied:}; each atom has rows {@code Ex}, {@code Ey}, {@code Ez} (with asr:
 * {@code E*x}...), the row being the field direction a and the columns the force direction b:
 * {@code Z[j][a][b] = dF_{j,b}/dE_a}, zstar's convention, stored as printed. zstar takes the raw block
 * (without asr) as the DFT data, since the acoustic sum rule residual is itself a useful diagnostic; the
 * option {@link ReadOptions#phononAsr()} selects the asr-applied block. Older versions print only
 * {@code Effective charges (d Force / dE) in cartesian axis}, which is the raw block.
 */
public final class QePhOutputReader implements FrameReader {
    private final Path path;
    private final ReadOptions options;
    private boolean done;

    /**
     * A reader of a ph.x output.
     *
     * @param path the file
     * @param options the reading options
     */
    public QePhOutputReader(Path path, ReadOptions options) {
        this.path = path;
        this.options = options;
    }

    /** What a ph.x output holds. */
    record Result(String[] symbols, double[] positions, double[] lattice, double[] bec, double[] dielectric) {
    }

    static Result parse(Path path, ReadOptions options) {
        try (LineReader in = new LineReader(path)) {
            double alat = Double.NaN;
            int nat = -1;
            double[] lattice = null;
            String[] symbols = null;
            double[] pos = null;
            double[] eps = null;
            double[] raw = null;
            double[] asr = null;
            String l;
            while ((l = in.next()) != null) {
                if (l.contains("lattice parameter (alat)")) {
                    alat = QeOutputs.valueAfterEquals(in, l, "alat");
                } else if (l.trim().startsWith("celldm(1)=")) {
                    alat = QeOutputs.celldm1(in, l, alat);
                } else if (l.contains("number of atoms/cell")) {
                    nat = (int) QeOutputs.valueAfterEquals(in, l, "the number of atoms");
                } else if (l.contains("crystal axes: (cart. coord. in units of alat)")) {
                    requireHeader(in, alat, nat);
                    lattice = QeOutputs.crystalAxes(in, alat);
                } else if (l.contains("positions (alat units)")) {
                    requireHeader(in, alat, nat);
                    symbols = new String[nat];
                    pos = new double[3 * nat];
                    QeOutputs.sitePositions(in, nat, alat, symbols, pos);
                } else if (l.contains("Dielectric constant in cartesian axis")) {
                    eps = new double[9];
                    int row = 0;
                    while (row < 3) {
                        String r = in.require("row " + (row + 1) + " of the dielectric tensor");
                        if (r.isBlank()) {
                            continue;
                        }
                        System.arraycopy(QeOutputs.parenNumbers(in, r, 3, "the dielectric tensor"), 0, eps, 3 * row, 3);
                        row++;
                    }
                } else if (l.contains("Effective charges (d Force / dE) in cartesian axis")) {
                    requireHeader(in, alat, nat);
                    double[] z = readCharges(in, nat, l.contains("with asr applied"), symbols);
                    if (l.contains("with asr applied")) {
                        asr = z;
                    } else {
                        raw = z;
                    }
                }
            }
            if (in.line() == 0) {
                throw in.error(1, "file is empty");
            }
            if (lattice == null || pos == null) {
                throw in.error(in.line(), "no cell and positions: not a ph.x output, or truncated");
            }
            double[] bec = options.phononAsr() ? asr : raw;
            if (options.phononAsr() && asr == null) {
                throw in.error(in.line(), "no 'with asr applied' effective charges in this ph.x output");
            }
            return new Result(symbols, pos, lattice, bec, eps);
        }
    }

    private static void checkAtomLine(LineReader in, String t, int atom, int nat, String[] symbols) {
        String[] tok = LineReader.tokens(t);
        if (atom >= nat) {
            throw in.error("BEC block of wrong shape: more than the " + nat + " atoms of the cell");
        }
        if (tok.length < 3 || !tok[1].equals(Integer.toString(atom + 1))) {
            throw in.error("BEC block of wrong shape: expected 'atom " + (atom + 1) + " SPECIES', got '"
                    + ExtXyzReader.abbreviate(t) + "'");
        }
        if (symbols != null && symbols[atom] != null && !tok[2].equals(symbols[atom])) {
            throw in.error("atom " + (atom + 1) + " is " + symbols[atom] + " in the positions but " + tok[2]
                    + " in the effective charges");
        }
    }

    private static void requireHeader(LineReader in, double alat, int nat) {
        if (Double.isNaN(alat) || nat < 1) {
            throw in.error("geometry before the 'lattice parameter (alat)' and 'number of atoms/cell' lines");
        }
    }

    /** The effective-charge block; each "atom  i  SYM" line must name atom i (1-based) with its species. */
    private static double[] readCharges(LineReader in, int nat, boolean withAsr, String[] symbols) {
        double[] z = new double[9 * nat];
        long start = in.line();
        int atom = -1;
        int row = 3;
        while (atom < nat - 1 || row < 3) {
            String l = in.next();
            if (l == null) {
                throw in.error(in.line() + 1, "truncated ph.x output: the effective charges at line " + start
                        + " end after " + Math.max(atom, 0) + " of " + nat + " atoms");
            }
            String t = l.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("atom")) {
                if (row != 3) {
                    throw in.error("BEC block of wrong shape: atom " + (atom + 1) + " has " + row + " rows, expected 3");
                }
                atom++;
                row = 0;
                checkAtomLine(in, t, atom, nat, symbols);
                continue;
            }
            String label = row < 3 ? (withAsr ? "E*" : "E") + "xyz".charAt(row) : "";
            if (atom < 0 || row >= 3 || !(t.startsWith(label + " ") || t.startsWith(label + "("))) {
                throw in.error("BEC block of wrong shape: expected " + (atom < 0 ? "an 'atom' line" : "row '"
                        + label + " ( Zx Zy Zz )' of atom " + (atom + 1)) + ", got '" + ExtXyzReader.abbreviate(t)
                        + "' (the cell has " + nat + " atoms)");
            }
            // row Ex/Ey/Ez = field direction a; columns = force direction b: Z[j][a][b] = dF_{j,b}/dE_a
            double[] v = QeOutputs.parenNumbers(in, l, 3, "the effective charge of atom " + (atom + 1));
            System.arraycopy(v, 0, z, 9 * atom + 3 * row, 3);
            row++;
        }
        return z;
    }

    @Override
    public Structure readNext() {
        if (done) {
            return null;
        }
        done = true;
        Result r = parse(path, options);
        try {
            return Structure.builder().symbols(r.symbols()).positions(r.positions())
                    .cell(new Cell(r.lattice(), new boolean[] {true, true, true})).bec(r.bec())
                    .dielectric(r.dielectric()).build();
        } catch (InputFormatException e) {
            throw e; // already names its file and line
        } catch (IllegalArgumentException e) {
            throw new InputFormatException(path, 0, "inconsistent ph.x output: " + e.getMessage());
        }
    }

    @Override
    public String source() {
        return path.toString();
    }

    @Override
    public void close() {
    }
}
