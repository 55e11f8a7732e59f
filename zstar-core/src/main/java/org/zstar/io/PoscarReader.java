package org.zstar.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.zstar.structure.Cell;
import org.zstar.structure.Element;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;

/**
 * VASP POSCAR / CONTCAR: comment, scale (one number; negative = target volume in A^3; or three per-axis
 * factors), three lattice vectors, species line (VASP 5; a VASP 4 file without it needs
 * {@link ReadOptions#species()}), counts, optional "Selective dynamics", "Direct" or "Cartesian", then one
 * line per atom (flags and labels after the three coordinates are ignored). One frame.
 */
public final class PoscarReader implements FrameReader {
    private final LineReader in;
    private final ReadOptions options;
    private boolean done;

    /**
     * A reader of a VASP POSCAR or CONTCAR.
     *
     * @param path the file
     * @param options the reading options
     */
    public PoscarReader(Path path, ReadOptions options) {
        this.in = new LineReader(path);
        this.options = options;
    }

    @Override
    public Structure readNext() {
        if (done) {
            return null;
        }
        done = true;
        Header h = Header.read(in, options);
        if (h == null) {
            throw in.error(1, "file is empty");
        }
        String mode = in.require("'Direct' or 'Cartesian' (or 'Selective dynamics')");
        if (mode.trim().toLowerCase().startsWith("s")) {
            mode = in.require("'Direct' or 'Cartesian'");
        }
        boolean cartesian = isCartesian(mode);
        return h.positions(in, cartesian, "POSCAR").build();
    }

    static boolean isCartesian(String mode) {
        char c = mode.trim().isEmpty() ? 'd' : Character.toLowerCase(mode.trim().charAt(0));
        return c == 'c' || c == 'k';
    }

    @Override
    public String source() {
        return in.source();
    }

    @Override
    public void close() {
        in.close();
    }

    /** The part of a POSCAR / XDATCAR before the coordinates. */
    static final class Header {
        final String comment;
        final double[] lattice; // scaled, rows are vectors
        final double[] scale;   // per-axis factors applied to Cartesian coordinates
        final String[] symbols; // per atom
        final long line;

        private Header(String comment, double[] lattice, double[] scale, String[] symbols, long line) {
            this.comment = comment;
            this.lattice = lattice;
            this.scale = scale;
            this.symbols = symbols;
            this.line = line;
        }

        /** Reads the header; null at the end of the file. */
        static Header read(LineReader in, ReadOptions options) {
            String comment = in.next();
            if (comment == null) {
                return null;
            }
            long first = in.line();
            String[] st = LineReader.tokens(in.require("the scale factor"));
            if (st.length == 0) {
                throw in.error("expected the scale factor, got a blank line");
            }
            double[] raw = new double[9];
            double[] scale;
            double s0 = in.number(st[0], "the scale factor");
            boolean threeScales = st.length >= 3 && isNumber(st[1]) && isNumber(st[2]);
            double[] scaleLine = threeScales ? in.numbers(st, 0, 3, "the scale factors") : null;
            for (int i = 0; i < 3; i++) {
                String[] t = LineReader.tokens(in.require("lattice vector " + (i + 1)));
                double[] v = in.numbers(t, 0, 3, "lattice vector " + (i + 1));
                System.arraycopy(v, 0, raw, 3 * i, 3);
            }
            if (threeScales) {
                scale = scaleLine;
            } else if (s0 < 0) {
                // negative scale = target volume: s = (|s0| / |det(raw)|)^(1/3)
                double s = Math.cbrt(-s0 / Math.abs(Mat3.det(raw)));
                scale = new double[] {s, s, s};
            } else if (s0 == 0) {
                throw in.error(in.line() - 3, "scale factor is zero");
            } else {
                scale = new double[] {s0, s0, s0};
            }
            double[] lattice = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    lattice[3 * i + k] = raw[3 * i + k] * scale[k];
                }
            }
            List<String> symbols = readSymbols(in, options);
            try {
                return new Header(comment, lattice, scale, symbols.toArray(new String[0]), first);
            } catch (InputFormatException e) {
                throw e; // already names its file and line
            } catch (IllegalArgumentException e) {
                throw in.error(e.getMessage());
            }
        }

        /** The species line (VASP 5; or the species option for VASP 4) and the counts line: one symbol per atom. */
        static List<String> readSymbols(LineReader in, ReadOptions options) {
            String line6 = in.require("the species or counts line");
            String[] t6 = LineReader.tokens(line6);
            List<String> species;
            String[] countTokens;
            if (t6.length > 0 && isInteger(t6[0])) {
                if (options.species() == null) {
                    throw in.error("VASP 4 file without a species line: give the species (in POTCAR order) "
                            + "with the species option (--species)");
                }
                species = options.species();
                countTokens = t6;
            } else {
                species = new ArrayList<>();
                for (String s : t6) {
                    String sym = s.split("[/_]")[0];
                    if (Element.atomicNumberOrMinusOne(sym) < 1) {
                        throw in.error("unknown element '" + s + "' in the species line");
                    }
                    species.add(sym);
                }
                countTokens = LineReader.tokens(in.require("the counts line"));
            }
            if (countTokens.length < species.size()
                    || countTokens.length > species.size() && isInteger(countTokens[species.size()])) {
                throw in.error("counts line has " + countTokens.length + " numbers for the " + species.size()
                        + " species " + species);
            }
            List<String> symbols = new ArrayList<>();
            for (int k = 0; k < species.size(); k++) {
                int c = in.integer(countTokens[k], "the number of " + species.get(k) + " atoms");
                if (c < 0) {
                    throw in.error("negative atom count " + c);
                }
                for (int j = 0; j < c; j++) {
                    symbols.add(species.get(k));
                }
            }
            return symbols;
        }

        int size() {
            return symbols.length;
        }

        /** Reads one block of positions; the mode line has been consumed. */
        Structure.Builder positions(LineReader in, boolean cartesian, String what) {
            Cell cell;
            try {
                cell = Cell.periodic(new double[][] {
                    {lattice[0], lattice[1], lattice[2]}, {lattice[3], lattice[4], lattice[5]},
                    {lattice[6], lattice[7], lattice[8]}});
            } catch (InputFormatException e) {
                throw e; // already names its file and line
            } catch (IllegalArgumentException e) {
                throw in.error(line + 2, e.getMessage());
            }
            int n = symbols.length;
            double[] pos = new double[3 * n];
            double[] f = new double[3];
            double[] r = new double[3];
            for (int i = 0; i < n; i++) {
                String l = in.next();
                if (l == null) {
                    throw in.error(in.line() + 1, "unexpected end of file: " + what + " declares " + n
                            + " atoms but only " + i + " coordinate lines follow");
                }
                String[] t = LineReader.tokens(l);
                double[] v = in.numbers(t, 0, 3, "the coordinates of atom " + (i + 1));
                if (cartesian) {
                    for (int k = 0; k < 3; k++) {
                        pos[3 * i + k] = v[k] * scale[k];
                    }
                } else {
                    System.arraycopy(v, 0, f, 0, 3);
                    cell.toCartesian(f, 0, r, 0);
                    System.arraycopy(r, 0, pos, 3 * i, 3);
                }
            }
            return Structure.builder().symbols(symbols).positions(pos).cell(cell).info("comment", comment.trim());
        }

        private static boolean isInteger(String s) {
            return s.matches("[+-]?\\d+");
        }

        private static boolean isNumber(String s) {
            try {
                Double.parseDouble(s);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
