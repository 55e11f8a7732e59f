package org.zstar.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.zstar.structure.Cell;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;

/**
 * VASP OUTCAR, streaming: one frame per {@code POSITION ... TOTAL-FORCE (eV/Angst)} block (Cartesian
 * positions in A and forces in eV/A), with the latest {@code direct lattice vectors}, the final
 * {@code free  energy   TOTEN} of that ionic step (eV), and, when present after the block, the
 * dielectric tensor {@code MACROSCOPIC STATIC DIELECTRIC TENSOR (including local field effects in DFT)} and
 * the last {@code BORN EFFECTIVE CHARGES (including local field effects)} block. In that block each ion has
 * three lines labelled 1, 2, 3: the label is the field direction a (row), the columns are the displacement
 * b, so the block is already zstar's {@code Z[j][a][b] = dP_a/dr_{j,b}} and is stored as printed.
 * Species come from the POTCAR {@code TITEL} (else {@code VRHFIN}) lines, counts from {@code ions per type}.
 */
public final class OutcarReader implements FrameReader {
    private static final String BEC_HEADER = "BORN EFFECTIVE CHARGES (including local field effects)";
    private static final String EPS_HEADER = "MACROSCOPIC STATIC DIELECTRIC TENSOR (including local field effects in DFT)";

    private final LineReader in;
    private final List<String> titel = new ArrayList<>();
    private final List<String> vrhfin = new ArrayList<>();
    private int[] ionsPerType;
    private double[] lattice;
    private String[] symbols;
    private Frame current;
    private double[] orphanBec;
    private double[] orphanEps;
    private boolean any;
    private boolean eof;

    /** A frame under construction. */
    private static final class Frame {
        double[] positions;
        double[] forces;
        double[] lattice;
        Double energy;
        Double energySigma0;
        double[] bec;
        double[] eps;
        long line;
    }

    /**
     * A reader of a VASP OUTCAR.
     *
     * @param path the file
     * @param options the reading options
     */
    public OutcarReader(Path path, ReadOptions options) {
        this.in = new LineReader(path);
    }

    @Override
    public Structure readNext() {
        if (eof) {
            return null;
        }
        String l;
        while ((l = in.next()) != null) {
            if (l.contains("TITEL  =")) {
                String[] t = LineReader.tokens(l.substring(l.indexOf('=') + 1));
                titel.add(t.length > 1 ? t[1] : t.length == 1 ? t[0] : "");
            } else if (l.contains("VRHFIN =")) {
                String v = l.substring(l.indexOf('=') + 1).trim();
                int colon = v.indexOf(':');
                vrhfin.add(colon > 0 ? v.substring(0, colon).trim() : v);
            } else if (l.contains("ions per type =")) {
                String[] t = LineReader.tokens(l.substring(l.indexOf('=') + 1));
                ionsPerType = new int[t.length];
                for (int k = 0; k < t.length; k++) {
                    ionsPerType[k] = in.integer(t[k], "ions per type");
                }
            } else if (l.contains("direct lattice vectors")) {
                double[] lat = new double[9];
                for (int i = 0; i < 3; i++) {
                    String[] t = LineReader.tokens(in.require("lattice vector " + (i + 1)));
                    // direct and reciprocal vector side by side: a short line would shift one into the other
                    if (t.length != 6) {
                        throw in.error("expected 6 numbers (direct and reciprocal lattice vector " + (i + 1)
                                + "), found " + t.length);
                    }
                    double[] v = in.numbers(t, 0, 3, "lattice vector " + (i + 1));
                    System.arraycopy(v, 0, lat, 3 * i, 3);
                }
                lattice = lat;
            } else if (l.contains("POSITION") && l.contains("TOTAL-FORCE")) {
                if (current != null) {
                    in.pushBack(l);
                    return finish();
                }
                startFrame();
            } else if (l.contains("free  energy   TOTEN")) {
                if (current != null) {
                    current.energy = in.number(afterEquals(l).replace("eV", "").trim(), "TOTEN");
                }
            } else if (l.contains("energy(sigma->0)")) {
                if (current != null) {
                    String v = l.substring(l.lastIndexOf('=') + 1).trim();
                    current.energySigma0 = in.number(v, "energy(sigma->0)");
                }
            } else if (l.contains(EPS_HEADER)) {
                double[] eps = readEps();
                if (current != null) {
                    current.eps = eps;
                } else {
                    orphanEps = eps;
                }
            } else if (l.contains(BEC_HEADER)) {
                double[] bec = readBec();
                if (current != null) {
                    current.bec = bec;
                } else {
                    orphanBec = bec;
                }
            }
        }
        eof = true;
        if (current != null) {
            return finish();
        }
        if (!any) {
            throw in.error(in.line() == 0 ? 1 : in.line(), in.line() == 0 ? "file is empty"
                    : "no 'POSITION ... TOTAL-FORCE' block: not an OUTCAR, or truncated before the first ionic step");
        }
        return null;
    }

    private static String afterEquals(String l) {
        return l.substring(l.indexOf('=') + 1);
    }

    private void ensureSpecies() {
        if (symbols != null) {
            return;
        }
        if (ionsPerType == null) {
            throw in.error("no 'ions per type' line before the first positions: truncated or not an OUTCAR");
        }
        List<String> sp = titel.size() >= ionsPerType.length ? titel : vrhfin;
        if (sp.size() < ionsPerType.length) {
            throw in.error("cannot tell the species: found " + sp.size() + " POTCAR TITEL/VRHFIN lines for "
                    + ionsPerType.length + " types");
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < ionsPerType.length; k++) {
            String s = sp.get(k).split("[_.]")[0];
            if (Element.atomicNumberOrMinusOne(s) < 1) {
                throw in.error("unknown element '" + sp.get(k) + "' in the POTCAR lines");
            }
            for (int j = 0; j < ionsPerType[k]; j++) {
                out.add(s);
            }
        }
        symbols = out.toArray(new String[0]);
    }

    private void startFrame() {
        ensureSpecies();
        if (lattice == null) {
            throw in.error("positions before any 'direct lattice vectors' block");
        }
        Frame f = new Frame();
        f.line = in.line();
        f.lattice = lattice;
        int n = symbols.length;
        f.positions = new double[3 * n];
        f.forces = new double[3 * n];
        in.require("the dashed line under POSITION");
        for (int i = 0; i < n; i++) {
            String l = in.next();
            if (l == null) {
                throw in.error(in.line() + 1, "truncated OUTCAR: the POSITION block at line " + f.line + " ends after "
                        + i + " of " + n + " ions");
            }
            String[] t = LineReader.tokens(l);
            if (t.length < 6 || l.contains("---")) {
                throw in.error("POSITION block has " + i + " ions, 'ions per type' says " + n);
            }
            double[] v = in.numbers(t, 0, 6, "position and force of ion " + (i + 1));
            System.arraycopy(v, 0, f.positions, 3 * i, 3);
            System.arraycopy(v, 3, f.forces, 3 * i, 3);
        }
        String end = in.require("the dashed line closing the POSITION block");
        if (!end.contains("---")) {
            throw in.error("POSITION block has more ions than 'ions per type' says (" + n + ")");
        }
        f.bec = orphanBec;
        f.eps = orphanEps;
        orphanBec = null;
        orphanEps = null;
        current = f;
    }

    private double[] readEps() {
        in.require("the dashed line under the dielectric tensor");
        double[] eps = new double[9];
        for (int a = 0; a < 3; a++) {
            String[] t = LineReader.tokens(in.require("dielectric tensor row " + (a + 1)));
            System.arraycopy(in.numbers(t, 0, 3, "the dielectric tensor"), 0, eps, 3 * a, 3);
        }
        return eps;
    }

    private double[] readBec() {
        ensureSpecies();
        int n = symbols.length;
        long start = in.line();
        in.require("the dashed line under BORN EFFECTIVE CHARGES");
        double[] bec = new double[9 * n];
        for (int j = 0; j < n; j++) {
            String h = in.next();
            if (h == null) {
                throw in.error(in.line() + 1, "truncated OUTCAR: the BEC block at line " + start + " ends after " + j
                        + " of " + n + " ions");
            }
            String[] t = LineReader.tokens(h);
            if (t.length != 2 || !t[0].equals("ion")) {
                throw in.error("BEC block of wrong shape: expected 'ion " + (j + 1) + "', got '"
                        + ExtXyzReader.abbreviate(h.trim()) + "' (the block has " + j + " ions, the cell " + n + ")");
            }
            if (in.integer(t[1], "the ion number") != j + 1) {
                throw in.error("BEC block of wrong shape: expected ion " + (j + 1) + ", got ion " + t[1]);
            }
            for (int a = 0; a < 3; a++) {
                String r = in.require("BEC row " + (a + 1) + " of ion " + (j + 1));
                String[] rt = LineReader.tokens(r);
                if (rt.length != 4 || !rt[0].equals(Integer.toString(a + 1))) {
                    throw in.error("BEC block of wrong shape: expected row '" + (a + 1) + " Zx Zy Zz' of ion "
                            + (j + 1) + ", got '" + ExtXyzReader.abbreviate(r.trim()) + "'");
                }
                // row label = field direction a, columns = displacement b: Z[j][a][b]
                double[] v = in.numbers(rt, 1, 3, "BEC of ion " + (j + 1));
                System.arraycopy(v, 0, bec, 9 * j + 3 * a, 3);
            }
        }
        return bec;
    }

    private Structure finish() {
        Frame f = current;
        current = null;
        any = true;
        try {
            Structure.Builder b = Structure.builder().symbols(symbols).positions(f.positions)
                    .cell(new Cell(f.lattice, new boolean[] {true, true, true})).forces(f.forces).energy(f.energy)
                    .bec(f.bec).dielectric(f.eps);
            if (f.energySigma0 != null) {
                b.info("energy_sigma0", f.energySigma0);
            }
            return b.build();
        } catch (InputFormatException e) {
            throw e; // already names its file and line
        } catch (IllegalArgumentException e) {
            throw in.error(f.line, "inconsistent frame: " + e.getMessage());
        }
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
