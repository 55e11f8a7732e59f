package org.zstar.io;

import java.nio.file.Path;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * Quantum ESPRESSO pw.x output, streaming: one frame per converged SCF ({@code !    total energy}, Ry to
 * eV) with its forces ({@code Forces acting on atoms (cartesian axes, Ry/au)}, to eV/A) and stress
 * ({@code total   stress  (Ry/bohr**3)}, sign flipped to ASE's convention, to eV/A^3). The first geometry
 * comes from the header (crystal axes and positions in alat units); relaxations update it with
 * {@code CELL_PARAMETERS} and {@code ATOMIC_POSITIONS} blocks in any unit (alat, bohr, angstrom, crystal).
 * A geometry without a following energy (the repeated "final coordinates" of a relax) is not a frame.
 */
public final class QePwOutputReader implements FrameReader {
    private final LineReader in;
    private double alat = Double.NaN;
    private int nat = -1;
    private double[] lattice;
    private String[] symbols;
    private double[] positions;
    private Double energy;
    private double[] forces;
    private double[] stress;
    private boolean any;
    private boolean eof;
    private long scfFailedLine; // line of "convergence NOT achieved", 0 if none

    /**
     * A reader of a pw.x output.
     *
     * @param path the file
     * @param options the reading options
     */
    public QePwOutputReader(Path path, ReadOptions options) {
        this.in = new LineReader(path);
    }

    @Override
    public Structure readNext() {
        if (eof) {
            return null;
        }
        String l;
        while ((l = in.next()) != null) {
            if (l.contains("lattice parameter (alat)")) {
                alat = QeOutputs.valueAfterEquals(in, l, "alat");
            } else if (l.trim().startsWith("celldm(1)=")) {
                alat = QeOutputs.celldm1(in, l, alat);
            } else if (l.contains("number of atoms/cell")) {
                nat = (int) QeOutputs.valueAfterEquals(in, l, "the number of atoms");
            } else if (l.contains("crystal axes: (cart. coord. in units of alat)")) {
                requireHeader();
                lattice = QeOutputs.crystalAxes(in, alat);
            } else if (l.contains("positions (alat units)")) {
                requireHeader();
                symbols = new String[nat];
                positions = new double[3 * nat];
                QeOutputs.sitePositions(in, nat, alat, symbols, positions);
            } else if (l.contains("convergence NOT achieved")) {
                scfFailedLine = in.line(); // pw.x stops the run: no energy follows
            } else if (l.startsWith("!") && l.contains("total energy")) {
                energy = QeOutputs.valueAfterEquals(in, l, "the total energy") * QeOutputs.RY;
            } else if (l.contains("Forces acting on atoms (cartesian axes, Ry/au)")) {
                readForces();
            } else if (l.contains("total   stress") && l.contains("Ry/bohr**3")) {
                readStress();
            } else if (l.startsWith("CELL_PARAMETERS") || l.startsWith("ATOMIC_POSITIONS")) {
                if (energy != null) {
                    in.pushBack(l);
                    return emit();
                }
                if (l.startsWith("CELL_PARAMETERS")) {
                    readCell(l);
                } else {
                    readPositions(l);
                }
            }
        }
        eof = true;
        if (energy != null) {
            return emit();
        }
        if (!any) {
            throw in.error(Math.max(1, in.line()), in.line() == 0 ? "file is empty"
                    : positions == null ? "no geometry found: not a pw.x output, or truncated"
                    : scfFailedLine > 0 ? "the SCF did not converge (pw.x says 'convergence NOT achieved' at line "
                            + scfFailedLine + "): no energy or forces"
                    : "truncated pw.x output: no converged '!    total energy' line");
        }
        return null;
    }

    private void requireHeader() {
        if (Double.isNaN(alat) || nat < 1) {
            throw in.error("geometry before the 'lattice parameter (alat)' and 'number of atoms/cell' lines");
        }
    }

    private Structure emit() {
        any = true;
        try {
            Structure.Builder b = Structure.builder().symbols(symbols).positions(positions)
                    .cell(new Cell(lattice, new boolean[] {true, true, true})).energy(energy).forces(forces)
                    .stress(stress);
            return b.build();
        } catch (InputFormatException e) {
            throw e; // already names its file and line
        } catch (IllegalArgumentException | NullPointerException e) {
            throw in.error("inconsistent pw.x output: " + e.getMessage());
        } finally {
            energy = null;
            forces = null;
            stress = null;
        }
    }

    private void readForces() {
        requireHeader();
        double[] f = new double[3 * nat];
        int i = 0;
        double conv = QeOutputs.RY / QeOutputs.BOHR; // Ry/bohr -> eV/A
        while (i < nat) {
            String l = in.require("the force on atom " + (i + 1));
            if (l.isBlank()) {
                continue;
            }
            String[] t = LineReader.tokens(l);
            if (!t[0].equals("atom") || !l.contains("force =")) {
                throw in.error("expected the force on atom " + (i + 1) + " of " + nat + ", got '"
                        + ExtXyzReader.abbreviate(l.trim()) + "'");
            }
            double[] v = in.numbers(LineReader.tokens(l.substring(l.indexOf('=') + 1)), 0, 3, "a force");
            for (int k = 0; k < 3; k++) {
                f[3 * i + k] = v[k] * conv;
            }
            i++;
        }
        forces = f;
    }

    private void readStress() {
        double[] s = new double[9];
        double conv = QeOutputs.RY / (QeOutputs.BOHR * QeOutputs.BOHR * QeOutputs.BOHR);
        for (int a = 0; a < 3; a++) {
            double[] v = in.numbers(LineReader.tokens(in.require("stress row " + (a + 1))), 0, 3, "the stress");
            for (int b = 0; b < 3; b++) {
                s[3 * a + b] = -v[b] * conv; // QE prints -dE/de / V (pressure positive); ASE stress is its negative
            }
        }
        stress = s;
    }

    private static String unit(String header) {
        String h = header.replace('{', '(').replace('}', ')');
        int open = h.indexOf('(');
        if (open < 0) {
            String[] t = LineReader.tokens(h);
            return t.length > 1 ? t[1].toLowerCase() : "";
        }
        int close = h.indexOf(')', open);
        return h.substring(open + 1, close < 0 ? h.length() : close).trim().toLowerCase();
    }

    private void readCell(String header) {
        String u = unit(header);
        double f;
        if (u.startsWith("alat")) {
            int eq = u.indexOf('=');
            double a = eq >= 0 ? in.number(u.substring(eq + 1).trim(), "alat") : alat;
            f = a * QeOutputs.BOHR;
        } else if (u.startsWith("bohr")) {
            f = QeOutputs.BOHR;
        } else if (u.startsWith("angstrom")) {
            f = 1.0;
        } else {
            throw in.error("unknown CELL_PARAMETERS unit '" + u + "'");
        }
        double[] lat = new double[9];
        for (int i = 0; i < 3; i++) {
            double[] v = in.numbers(LineReader.tokens(in.require("cell vector " + (i + 1))), 0, 3, "a cell vector");
            for (int k = 0; k < 3; k++) {
                lat[3 * i + k] = v[k] * f;
            }
        }
        lattice = lat;
    }

    private void readPositions(String header) {
        requireHeader();
        String u = unit(header);
        String[] sym = new String[nat];
        double[] p = new double[3 * nat];
        QePwInputReader.readAtomicPositions(in, u, nat, lattice, alat * QeOutputs.BOHR, sym, p);
        symbols = sym;
        positions = p;
    }

    @Override
    public String source() {
        return in.source();
    }

    @Override
    public void close() {
        in.close();
    }
}
