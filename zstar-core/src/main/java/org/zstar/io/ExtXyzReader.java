package org.zstar.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.zstar.structure.Cell;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;

/**
 * Streaming reader of extended XYZ (ASE / libAtoms convention). One frame is an atom-count line, a
 * key=value comment line (see {@link ExtXyzComment}; any length) and one line per atom whose columns are
 * described by {@code Properties=name:type:ncols:...} (types S, R, I, L; default
 * {@code species:S:1:pos:R:3}).
 *
 * <p>Recognised per-atom columns: species / Z, pos, forces (force), velocities (vel, in A/fs), momenta
 * (ASE units amu*A/t_ASE with t_ASE = A*sqrt(amu/eV) = 10.1805 fs, converted with v = p/m * 0.0982269479
 * A/fs; masses from a {@code masses} column or the standard atomic weights), BECs (bec, BEC, born_charge,
 * REF_becs, becs, REF_bec: 9 numbers, row-major), charges (charge, initial_charges), dipoles. Other real
 * columns are kept under their own name. Recognised per-frame keys: Lattice, pbc, energy (energy,
 * total_energy, REF_energy, free_energy, in that order), stress (9 or Voigt 6: xx yy zz yz xz xy),
 * dipole (dipole, REF_dipole, else polarization, in e*A), dielectric (dielectric, epsilon,
 * dielectric_tensor), total_charge, and BECs as a {@code _JSON} list of N 3x3 matrices under one of the
 * BEC names. BEC rows are the field direction unless {@link ReadOptions#becRows()} says DISPLACEMENT.
 * Everything else goes to {@link Structure#info()}.
 */
public final class ExtXyzReader implements FrameReader {
    /** ASE's femtosecond in its own time unit: 1 fs = 0.0982269479 A*sqrt(amu/eV). */
    static final double ASE_FS = 0.09822694788464063;
    static final Set<String> BEC_NAMES = Set.of("bec", "BEC", "born_charge", "REF_becs", "becs", "REF_bec",
            "born_charges", "BECs");
    private static final String[] ENERGY_KEYS = {"energy", "total_energy", "REF_energy", "free_energy"};
    private static final String[] DIPOLE_KEYS = {"dipole", "REF_dipole", "dipole_moment"};
    private static final String[] DIELECTRIC_KEYS = {"dielectric", "epsilon", "dielectric_tensor"};

    private final LineReader in;
    private final ReadOptions options;

    /**
     * A reader of an extended XYZ file.
     *
     * @param path the file (gzip-compressed or not)
     * @param options the reading options
     */
    public ExtXyzReader(Path path, ReadOptions options) {
        this.in = new LineReader(path);
        this.options = options;
    }

    /**
     * A reader of extended XYZ lines.
     *
     * @param in the lines
     * @param options the reading options
     */
    public ExtXyzReader(LineReader in, ReadOptions options) {
        this.in = in;
        this.options = options;
    }

    @Override
    public String source() {
        return in.source();
    }

    @Override
    public void close() {
        in.close();
    }

    private record Column(String name, char type, int width, int start) {
    }

    @Override
    public Structure readNext() {
        String countLine = in.nextNonBlank();
        if (countLine == null) {
            if (in.line() == 0) {
                throw in.error(1, "file is empty");
            }
            return null;
        }
        long frameLine = in.line();
        int n;
        try {
            n = Integer.parseInt(countLine.trim());
        } catch (NumberFormatException e) {
            throw in.error("expected the atom count of a frame, got '" + abbreviate(countLine)
                    + "' (more atom lines than the previous count line declared?)");
        }
        if (n < 0) {
            throw in.error("negative atom count " + n);
        }
        String comment = in.require("the comment line of a frame");
        long commentLine = in.line();
        Map<String, String> raw = parseComment(comment, commentLine);
        List<Column> columns = properties(raw.getOrDefault("Properties", "species:S:1:pos:R:3"), commentLine);
        int total = 0;
        for (Column c : columns) {
            total = Math.max(total, c.start + c.width);
        }
        Column species = find(columns, "species", "symbols", "element");
        Column z = find(columns, "Z", "numbers");
        Column pos = find(columns, "pos", "positions");
        if (species == null && z == null) {
            throw in.error(commentLine, "Properties has no species column");
        }
        if (pos == null || pos.width != 3 || pos.type != 'R') {
            throw in.error(commentLine, "Properties has no pos:R:3 column");
        }
        String[] symbols = new String[n];
        double[][] real = readAtomLines(n, columns, total, species, z, frameLine, symbols);
        try {
            return build(n, symbols, columns, real, raw, commentLine);
        } catch (InputFormatException e) {
            throw e; // already names its file and line
        } catch (IllegalArgumentException e) {
            throw in.error(frameLine, "inconsistent frame: " + e.getMessage());
        }
    }

    /** The comment line's key=value pairs; free text in a plain XYZ comment is kept under "comment". */
    private Map<String, String> parseComment(String comment, long commentLine) {
        try {
            return ExtXyzComment.parse(comment, in.source(), commentLine);
        } catch (InputFormatException e) {
            if (comment.contains("Properties=") || comment.contains("Lattice=")) {
                throw e;
            }
            // a plain XYZ file with free text in its comment line
            Map<String, String> raw = new java.util.LinkedHashMap<>();
            raw.put("comment", comment);
            return raw;
        }
    }

    /**
     * The n atom lines of a frame: the numeric columns (null for string columns), with the symbols written into
     * {@code symbols} from the species column or the atomic numbers.
     */
    private double[][] readAtomLines(int n, List<Column> columns, int total, Column species, Column z, long frameLine,
            String[] symbols) {
        double[][] real = new double[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            if (col.type == 'R' || col.type == 'I' || col.type == 'L') {
                real[c] = new double[n * col.width];
            }
        }
        for (int i = 0; i < n; i++) {
            String line = in.next();
            if (line == null) {
                throw in.error(in.line() + 1, "unexpected end of file: the frame at line " + frameLine + " declares "
                        + n + " atoms but only " + i + " atom lines follow");
            }
            String[] t = LineReader.tokens(line);
            if (t.length < total) {
                throw in.error("atom line has " + t.length + " columns, Properties declares " + total
                        + " (atom count too large, or missing columns?)");
            }
            for (int c = 0; c < columns.size(); c++) {
                Column col = columns.get(c);
                for (int k = 0; k < col.width; k++) {
                    String tok = t[col.start + k];
                    switch (col.type) {
                        case 'R' -> real[c][col.width * i + k] = in.number(tok, "column '" + col.name + "'");
                        case 'I' -> real[c][col.width * i + k] = in.integer(tok, "column '" + col.name + "'");
                        case 'L' -> real[c][col.width * i + k] = parseBool(tok, col.name) ? 1 : 0;
                        default -> {
                            if (col == species) {
                                if (Element.atomicNumberOrMinusOne(tok) < 1) {
                                    throw in.error("unknown element '" + tok + "'");
                                }
                                symbols[i] = tok;
                            }
                        }
                    }
                }
            }
            if (species == null) {
                int zz = (int) real[columns.indexOf(z)][i];
                if (zz < 1 || zz > Element.maxAtomicNumber()) {
                    throw in.error("unknown atomic number " + zz);
                }
                symbols[i] = Element.symbol(zz);
            }
        }
        return real;
    }

    private Structure build(int n, String[] symbols, List<Column> columns, double[][] real, Map<String, String> raw,
            long commentLine) {
        Structure.Builder b = Structure.builder().symbols(symbols);
        addAtomColumns(b, n, symbols, columns, real, commentLine);
        java.util.Set<String> used = new java.util.HashSet<>(Set.of("Properties", "Lattice", "pbc", "stress",
                "total_charge"));
        addCell(b, raw, commentLine);
        addFrameValues(b, raw, used, commentLine);
        addInfo(b, raw, used, n, commentLine);
        return b.build();
    }

    /** The per-atom columns: positions, BECs, forces, velocities (or momenta), masses, charges, dipoles, others. */
    private void addAtomColumns(Structure.Builder b, int n, String[] symbols, List<Column> columns, double[][] real,
            long commentLine) {
        double[] masses = null;
        double[] momenta = null;
        boolean haveVelocities = false;
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            if (real[c] == null) {
                continue;
            }
            String name = col.name;
            if (name.equals("pos") || name.equals("positions")) {
                b.positions(real[c]);
            } else if (name.equals("Z") || name.equals("numbers")) {
                continue;
            } else if (BEC_NAMES.contains(name)) {
                if (col.width != 9) {
                    throw in.error(commentLine, "BEC column '" + name + "' has " + col.width
                            + " values per atom, expected 9 (a 3x3 block, row-major)");
                }
                double[] bec = real[c];
                options.becRows().toFieldRows(bec);
                b.bec(bec);
            } else if (name.equals("forces") || name.equals("force") || name.equals("REF_forces")
                    && find(columns, "forces", "force") == null) {
                b.forces(requireWidth(col, 3, real[c], commentLine));
            } else if (name.equals("velocities") || name.equals("vel")) {
                b.velocities(requireWidth(col, 3, real[c], commentLine));
                haveVelocities = true;
            } else if (name.equals("momenta")) {
                momenta = requireWidth(col, 3, real[c], commentLine);
            } else if (name.equals("masses")) {
                masses = real[c];
                b.atomArray("masses", real[c]);
            } else if (name.equals("charges") || name.equals("charge") || name.equals("initial_charges")) {
                b.atomArray(Structure.CHARGES, requireWidth(col, 1, real[c], commentLine));
            } else if (name.equals("dipoles")) {
                b.atomArray(Structure.DIPOLES, requireWidth(col, 3, real[c], commentLine));
            } else {
                b.atomArray(name, real[c]);
            }
        }
        if (momenta != null && !haveVelocities) {
            // v = p / m (ASE units), then A per ASE time unit -> A/fs: multiply by ASE's fs (0.0982 t_ASE)
            double[] v = new double[3 * n];
            for (int i = 0; i < n; i++) {
                double m = masses != null ? masses[i] : Element.mass(Element.atomicNumber(symbols[i]));
                for (int k = 0; k < 3; k++) {
                    v[3 * i + k] = momenta[3 * i + k] / m * ASE_FS;
                }
            }
            b.velocities(v);
        }
    }

    /** The cell from Lattice and pbc (pbc defaults to periodic where a Lattice is given). */
    private void addCell(Structure.Builder b, Map<String, String> raw, long commentLine) {
        boolean periodicDefault = raw.containsKey("Lattice");
        boolean[] pbc = {periodicDefault, periodicDefault, periodicDefault};
        if (raw.containsKey("pbc")) {
            String[] p = raw.get("pbc").replace("[", " ").replace("]", " ").replace(",", " ").trim().split("\\s+");
            if (p.length != 3) {
                throw in.error(commentLine, "pbc needs 3 flags, got '" + raw.get("pbc") + "'");
            }
            for (int k = 0; k < 3; k++) {
                pbc[k] = parseBool(p[k], "pbc", commentLine);
            }
        }
        if (raw.containsKey("Lattice")) {
            double[] lat = numbers(raw, "Lattice", 9, commentLine);
            b.cell(new Cell(lat, pbc));
        } else if (pbc[0] || pbc[1] || pbc[2]) {
            throw in.error(commentLine, "pbc is true along some axis but the frame has no Lattice");
        }
    }

    /** Energy, stress, dipole, dielectric tensor and total charge of the frame; the keys read go into used. */
    private void addFrameValues(Structure.Builder b, Map<String, String> raw, Set<String> used, long commentLine) {
        for (String k : ENERGY_KEYS) {
            if (raw.containsKey(k)) {
                Object e = ExtXyzComment.interpret(raw.get(k), k, in.source(), commentLine);
                if (!(e instanceof Number num)) {
                    throw in.error(commentLine, "key '" + k + "' is not a number: '" + raw.get(k) + "'");
                }
                b.energy(num.doubleValue());
                used.add(k);
                break;
            }
        }
        if (raw.containsKey("stress")) {
            double[] s = numbers(raw, "stress", -1, commentLine);
            if (s.length == 6) {
                // Voigt order xx yy zz yz xz xy
                s = new double[] {s[0], s[5], s[4], s[5], s[1], s[3], s[4], s[3], s[2]};
            } else if (s.length != 9) {
                throw in.error(commentLine, "stress needs 9 numbers or 6 (Voigt), got " + s.length);
            }
            b.stress(s);
        }
        String dipoleKey = null;
        for (String k : DIPOLE_KEYS) {
            if (raw.containsKey(k)) {
                dipoleKey = k;
                used.add(k);
                break;
            }
        }
        if (dipoleKey == null && raw.containsKey("polarization")) {
            dipoleKey = "polarization"; // e*A (cell dipole); also kept in info
        }
        if (dipoleKey != null) {
            b.dipole(numbers(raw, dipoleKey, 3, commentLine));
        }
        for (String k : DIELECTRIC_KEYS) {
            if (raw.containsKey(k)) {
                b.dielectric(numbers(raw, k, 9, commentLine));
                used.add(k);
                break;
            }
        }
        if (raw.containsKey("total_charge")) {
            b.totalCharge(numbers(raw, "total_charge", 1, commentLine)[0]);
        }
    }

    /** Every other key: a per-frame BEC array, else an info value. */
    private void addInfo(Structure.Builder b, Map<String, String> raw, Set<String> used, int n, long commentLine) {
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String k = e.getKey();
            if (used.contains(k)) {
                continue;
            }
            Object v = ExtXyzComment.interpret(e.getValue(), k, in.source(), commentLine);
            if (BEC_NAMES.contains(k) && !(v instanceof String)) {
                double[] bec = ExtXyzComment.flatNumbers(v, 9 * n, "per-frame BEC '" + k + "' (shape "
                        + ExtXyzComment.shape(v) + ", expected [" + n + ", 3, 3])", in.source(), commentLine);
                if (v instanceof List<?> l && l.size() != n) {
                    throw in.error(commentLine, "per-frame BEC '" + k + "' has shape " + ExtXyzComment.shape(v)
                            + ", expected [" + n + ", 3, 3]");
                }
                options.becRows().toFieldRows(bec);
                b.bec(bec);
                continue;
            }
            b.info(k, v);
        }
    }

    private double[] requireWidth(Column col, int w, double[] values, long line) {
        if (col.width != w) {
            throw in.error(line, "column '" + col.name + "' has " + col.width + " values per atom, expected " + w);
        }
        return values;
    }

    private double[] numbers(Map<String, String> raw, String key, int expected, long line) {
        Object v = ExtXyzComment.interpret(raw.get(key), key, in.source(), line);
        double[] out;
        if (v instanceof double[] d) {
            out = d;
        } else if (v instanceof Number num) {
            out = new double[] {num.doubleValue()};
        } else if (v instanceof List<?> l) {
            out = ExtXyzComment.flatNumbers(l, expected < 0 ? 9 : expected, key, in.source(), line);
        } else {
            throw in.error(line, "key '" + key + "' is not numeric: '" + abbreviate(raw.get(key)) + "'");
        }
        if (expected >= 0 && out.length != expected) {
            throw in.error(line, "key '" + key + "' has " + out.length + " numbers, expected " + expected);
        }
        return out;
    }

    private List<Column> properties(String spec, long line) {
        String[] p = spec.split(":");
        if (p.length % 3 != 0) {
            throw in.error(line, "malformed Properties '" + spec + "': expected name:type:ncols triplets");
        }
        List<Column> out = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < p.length; k += 3) {
            String type = p[k + 1].toUpperCase(Locale.ROOT);
            if (type.length() != 1 || "SRIL".indexOf(type.charAt(0)) < 0) {
                throw in.error(line, "Properties column '" + p[k] + "' has unknown type '" + p[k + 1] + "'");
            }
            int w;
            try {
                w = Integer.parseInt(p[k + 2]);
            } catch (NumberFormatException e) {
                throw in.error(line, "Properties column '" + p[k] + "' has a non-integer width '" + p[k + 2] + "'");
            }
            if (w < 1) {
                throw in.error(line, "Properties column '" + p[k] + "' has width " + w);
            }
            out.add(new Column(p[k], type.charAt(0), w, start));
            start += w;
        }
        return out;
    }

    private static Column find(List<Column> cols, String... names) {
        for (String n : names) {
            for (Column c : cols) {
                if (c.name.equals(n)) {
                    return c;
                }
            }
        }
        return null;
    }

    private boolean parseBool(String s, String what) {
        return parseBool(s, what, in.line());
    }

    private boolean parseBool(String s, String what, long line) {
        return switch (s.trim()) {
            case "T", "True", "true", "1" -> true;
            case "F", "False", "false", "0" -> false;
            default -> throw in.error(line, "expected a boolean (T/F) for " + what + ", got '" + s + "'");
        };
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
