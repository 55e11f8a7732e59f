package org.zstar.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * Quantum ESPRESSO pw.x input: namelists ({@code &CONTROL ... /}) and the cards ATOMIC_POSITIONS (alat,
 * bohr, angstrom, crystal; alat when no unit is given) and CELL_PARAMETERS (alat, bohr, angstrom). The cell
 * comes from CELL_PARAMETERS with ibrav=0, else from ibrav 1 (cubic), 2 (fcc), 3 (bcc), 4 (hexagonal),
 * 6 (tetragonal), 8 (orthorhombic) and 14 (triclinic) with celldm(1..6) (bohr, ratios, cosines) or
 * A, B, C (A) and cosBC, cosAC, cosAB, following the QE input documentation. One frame.
 */
public final class QePwInputReader implements FrameReader {
    private final Path path;
    private boolean done;

    /**
     * A reader of a pw.x input.
     *
     * @param path the file
     * @param options the reading options
     */
    public QePwInputReader(Path path, ReadOptions options) {
        this.path = path;
    }

    @Override
    public Structure readNext() {
        if (done) {
            return null;
        }
        done = true;
        try (LineReader in = new LineReader(path)) {
            Cards c = new Cards();
            String l;
            boolean inNamelist = false;
            while ((l = in.next()) != null) {
                String t = stripComment(l).trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (inNamelist) {
                    inNamelist = c.namelistLine(in, t);
                    continue;
                }
                if (t.startsWith("&")) {
                    inNamelist = true;
                    continue;
                }
                String upper = t.toUpperCase(Locale.ROOT);
                if (upper.startsWith("ATOMIC_POSITIONS")) {
                    c.readPositions(in, t);
                } else if (upper.startsWith("ATOMIC_SPECIES") && c.nl.containsKey("ntyp")) {
                    c.readSpecies(in);
                } else if (upper.startsWith("CELL_PARAMETERS")) {
                    c.readCell(in, t);
                }
            }
            if (in.line() == 0) {
                throw in.error(1, "file is empty");
            }
            if (c.symbols == null) {
                throw in.error(in.line(), "no ATOMIC_POSITIONS card");
            }
            c.checkDeclared(in);
            return c.structure(in);
        }
    }

    /** What a pw.x input says: its namelist values and cards, as read so far. */
    private static final class Cards {
        final Map<String, String> nl = new LinkedHashMap<>();
        String positionsHeader;
        String cellHeader;
        double[] cellRaw;
        String[] symbols;
        final java.util.List<String[]> labels = new java.util.ArrayList<>(); // position label and its line
        java.util.Set<String> declared; // ATOMIC_SPECIES labels, when ntyp is known
        double[] raw;
        long positionsLine;
        long systemLine;

        /** One line inside a namelist; false when it closes the namelist. */
        boolean namelistLine(LineReader in, String t) {
            if (t.equals("/") || t.equals("&end") || t.equalsIgnoreCase("&END")) {
                return false;
            }
            boolean open = true;
            boolean end = t.endsWith("/") && !t.contains("'") && !t.contains("\"");
            if (end) {
                t = t.substring(0, t.length() - 1);
                open = false;
            }
            for (String part : splitAssignments(t)) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw in.error("expected 'key = value' in a namelist, got '" + part.trim() + "'");
                }
                String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace(" ", "");
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && (value.startsWith("'") || value.startsWith("\""))) {
                    value = value.substring(1, value.length() - 1);
                }
                nl.put(key, value);
                if (key.equals("nat") || key.equals("ibrav")) {
                    systemLine = in.line();
                }
            }
            return open;
        }

        void readPositions(LineReader in, String header) {
            positionsHeader = header;
            positionsLine = in.line();
            int nat = natOf(in, nl, systemLine);
            symbols = new String[nat];
            raw = new double[3 * nat];
            for (int i = 0; i < nat; i++) {
                String[] tok = LineReader.tokens(stripComment(in.require("the position of atom " + (i + 1)
                        + " (nat = " + nat + ")")));
                if (tok.length < 4) {
                    throw in.error("expected 'species x y z' for atom " + (i + 1) + " of " + nat);
                }
                symbols[i] = QeOutputs.species(in, tok[0]);
                labels.add(new String[] {tok[0], Long.toString(in.line())});
                System.arraycopy(in.numbers(tok, 1, 3, "the position of atom " + (i + 1)), 0, raw, 3 * i, 3);
            }
        }

        void readSpecies(LineReader in) {
            int ntyp = (int) in.number(nl.get("ntyp"), "ntyp");
            declared = new java.util.HashSet<>();
            for (int k = 0; k < ntyp; k++) {
                String[] tok = LineReader.tokens(stripComment(in.require("species " + (k + 1) + " of ntyp = "
                        + ntyp + " in ATOMIC_SPECIES")));
                if (tok.length < 3) {
                    throw in.error("expected 'label mass pseudopotential' for species " + (k + 1) + " of ntyp = "
                            + ntyp);
                }
                declared.add(tok[0]);
            }
        }

        void readCell(LineReader in, String header) {
            cellHeader = header;
            cellRaw = new double[9];
            for (int i = 0; i < 3; i++) {
                String[] tok = LineReader.tokens(stripComment(in.require("cell vector " + (i + 1))));
                System.arraycopy(in.numbers(tok, 0, 3, "cell vector " + (i + 1)), 0, cellRaw, 3 * i, 3);
            }
        }

        /** Every position label is declared in ATOMIC_SPECIES (when that card was read). */
        void checkDeclared(LineReader in) {
            if (declared == null) {
                return;
            }
            for (String[] label : labels) {
                if (!declared.contains(label[0])) {
                    throw in.error(Long.parseLong(label[1]), "species '" + label[0] + "' is not declared in "
                            + "ATOMIC_SPECIES (declared: " + new java.util.TreeSet<>(declared) + ")");
                }
            }
        }

        /** The structure in Cartesian Angstrom, with the cell from ibrav/celldm or CELL_PARAMETERS. */
        Structure structure(LineReader in) {
            double alatA = alat(in, nl, cellHeader, cellRaw);
            double[] lattice = lattice(in, nl, cellHeader, cellRaw, alatA, systemLine);
            String unit = positionsHeader == null ? "alat" : unitOf(positionsHeader);
            double[] pos = new double[raw.length];
            convertPositions(in, unit, raw, lattice, alatA, pos, positionsLine);
            Structure.Builder b = Structure.builder().symbols(symbols).positions(pos)
                    .cell(new Cell(lattice, new boolean[] {true, true, true}));
            for (String k : new String[] {"calculation", "prefix"}) {
                if (nl.containsKey(k)) {
                    b.info(k, nl.get(k));
                }
            }
            return b.build();
        }
    }

    /** Reads nat position lines of a pw.x output's ATOMIC_POSITIONS block into symbols and Cartesian A. */
    static void readAtomicPositions(LineReader in, String unit, int nat, double[] lattice, double alatA,
            String[] symbols, double[] pos) {
        double[] raw = new double[3 * nat];
        long line = in.line();
        for (int i = 0; i < nat; i++) {
            String[] tok = LineReader.tokens(in.require("the position of atom " + (i + 1)));
            if (tok.length < 4) {
                throw in.error("expected 'species x y z' for atom " + (i + 1) + " of " + nat);
            }
            symbols[i] = QeOutputs.species(in, tok[0]);
            System.arraycopy(in.numbers(tok, 1, 3, "the position of atom " + (i + 1)), 0, raw, 3 * i, 3);
        }
        convertPositions(in, unit, raw, lattice, alatA, pos, line);
    }

    private static void convertPositions(LineReader in, String unit, double[] raw, double[] lattice, double alatA,
            double[] pos, long line) {
        String u = unit.isEmpty() ? "alat" : unit;
        if (u.startsWith("crystal_sg")) {
            throw in.error(line, "ATOMIC_POSITIONS crystal_sg is not supported");
        } else if (u.startsWith("crystal")) {
            Cell c = new Cell(lattice, new boolean[] {true, true, true});
            for (int i = 0; i < raw.length / 3; i++) {
                c.toCartesian(raw, 3 * i, pos, 3 * i);
            }
        } else {
            double f;
            if (u.startsWith("alat")) {
                if (Double.isNaN(alatA)) {
                    throw in.error(line, "positions in alat units but no lattice parameter");
                }
                f = alatA;
            } else if (u.startsWith("bohr")) {
                f = QeOutputs.BOHR;
            } else if (u.startsWith("angstrom")) {
                f = 1.0;
            } else {
                throw in.error(line, "unknown ATOMIC_POSITIONS unit '" + unit + "'");
            }
            for (int i = 0; i < raw.length; i++) {
                pos[i] = raw[i] * f;
            }
        }
    }

    private static int natOf(LineReader in, Map<String, String> nl, long systemLine) {
        if (!nl.containsKey("nat")) {
            throw in.error("ATOMIC_POSITIONS before 'nat' is set in &SYSTEM");
        }
        int nat = (int) LineReader.parseNumber(nl.get("nat"), "nat", in.source(), systemLine);
        if (nat < 1) {
            throw in.error(systemLine, "nat must be positive");
        }
        return nat;
    }

    /** The lattice parameter alat in A: celldm(1) (bohr) or A, else the length of the first cell vector. */
    private static double alat(LineReader in, Map<String, String> nl, String cellHeader, double[] cellRaw) {
        if (nl.containsKey("celldm(1)")) {
            return num(in, nl, "celldm(1)") * QeOutputs.BOHR;
        }
        if (nl.containsKey("a")) {
            return num(in, nl, "a");
        }
        if (cellRaw != null) {
            String u = unitOf(cellHeader);
            double f = u.startsWith("angstrom") ? 1.0 : QeOutputs.BOHR;
            return f * Math.sqrt(cellRaw[0] * cellRaw[0] + cellRaw[1] * cellRaw[1] + cellRaw[2] * cellRaw[2]);
        }
        return Double.NaN;
    }

    private static double num(LineReader in, Map<String, String> nl, String key) {
        return LineReader.parseNumber(nl.get(key), key, in.source(), 0);
    }

    private static double opt(LineReader in, Map<String, String> nl, String key, double dflt) {
        return nl.containsKey(key) ? num(in, nl, key) : dflt;
    }

    private static double[] lattice(LineReader in, Map<String, String> nl, String cellHeader, double[] cellRaw,
            double a, long systemLine) {
        int ibrav = nl.containsKey("ibrav") ? (int) num(in, nl, "ibrav") : -1;
        if (ibrav == -1) {
            throw in.error(systemLine, "no ibrav in &SYSTEM");
        }
        if (ibrav == 0) {
            if (cellRaw == null) {
                throw in.error(systemLine, "ibrav = 0 needs a CELL_PARAMETERS card");
            }
            String u = unitOf(cellHeader);
            double f;
            if (u.startsWith("angstrom")) {
                f = 1.0;
            } else if (u.startsWith("bohr")) {
                f = QeOutputs.BOHR;
            } else if (u.startsWith("alat") || u.isEmpty() && !Double.isNaN(a) && (nl.containsKey("celldm(1)")
                    || nl.containsKey("a"))) {
                f = a;
            } else if (u.isEmpty()) {
                f = QeOutputs.BOHR; // QE: no unit and no celldm(1) means bohr
            } else {
                throw in.error(systemLine, "unknown CELL_PARAMETERS unit '" + u + "'");
            }
            double[] l = cellRaw.clone();
            for (int k = 0; k < 9; k++) {
                l[k] *= f;
            }
            return l;
        }
        if (Double.isNaN(a)) {
            throw in.error(systemLine, "ibrav = " + ibrav + " needs celldm(1) or A");
        }
        boolean cd = nl.containsKey("celldm(1)");
        double b = cd ? a * opt(in, nl, "celldm(2)", 0) : opt(in, nl, "b", 0);
        double c = cd ? a * opt(in, nl, "celldm(3)", 0) : opt(in, nl, "c", 0);
        double cosA = cd ? opt(in, nl, "celldm(4)", 0) : opt(in, nl, "cosbc", 0); // angle between b and c
        double cosB = cd ? opt(in, nl, "celldm(5)", 0) : opt(in, nl, "cosac", 0); // between a and c
        double cosG = cd ? opt(in, nl, "celldm(6)", 0) : opt(in, nl, "cosab", 0); // between a and b
        switch (ibrav) {
            case 1:
                return new double[] {a, 0, 0, 0, a, 0, 0, 0, a};
            case 2:
                return new double[] {-a / 2, 0, a / 2, 0, a / 2, a / 2, -a / 2, a / 2, 0};
            case 3:
                return new double[] {a / 2, a / 2, a / 2, -a / 2, a / 2, a / 2, -a / 2, -a / 2, a / 2};
            case 4:
                return new double[] {a, 0, 0, -a / 2, a * Math.sqrt(3) / 2, 0, 0, 0, c};
            case 6:
                return new double[] {a, 0, 0, 0, a, 0, 0, 0, c};
            case 8:
                return new double[] {a, 0, 0, 0, b, 0, 0, 0, c};
            case 14: {
                // QE: a1 = (a,0,0); a2 = (b cos g, b sin g, 0);
                // a3 = (c cos b, c (cos a - cos b cos g)/sin g, c sqrt(1 + 2 cos a cos b cos g - cos^2 a - cos^2 b - cos^2 g)/sin g)
                double sinG = Math.sqrt(1 - cosG * cosG);
                double v = 1 + 2 * cosA * cosB * cosG - cosA * cosA - cosB * cosB - cosG * cosG;
                if (v <= 0) {
                    throw in.error(systemLine, "ibrav = 14 angles do not form a cell");
                }
                return new double[] {a, 0, 0, b * cosG, b * sinG, 0, c * cosB, c * (cosA - cosB * cosG) / sinG,
                    c * Math.sqrt(v) / sinG};
            }
            default:
                throw in.error(systemLine, "ibrav = " + ibrav + " is not supported; use ibrav = 0 with CELL_PARAMETERS");
        }
    }

    static String unitOf(String header) {
        String h = header.replace('{', ' ').replace('}', ' ').replace('(', ' ').replace(')', ' ');
        String[] t = LineReader.tokens(h);
        return t.length > 1 ? t[1].toLowerCase(Locale.ROOT) : "";
    }

    private static String stripComment(String l) {
        int i = l.indexOf('!');
        int j = l.indexOf('#');
        int cut = i < 0 ? j : j < 0 ? i : Math.min(i, j);
        return cut < 0 ? l : l.substring(0, cut);
    }

    private static java.util.List<String> splitAssignments(String t) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quote = false;
        int paren = 0;
        for (char ch : t.toCharArray()) {
            if (ch == '\'' || ch == '"') {
                quote = !quote;
            } else if (!quote && ch == '(') {
                paren++;
            } else if (!quote && ch == ')') {
                paren--;
            }
            if (ch == ',' && !quote && paren == 0) {
                if (!sb.toString().isBlank()) {
                    out.add(sb.toString());
                }
                sb.setLength(0);
            } else {
                sb.append(ch);
            }
        }
        if (!sb.toString().isBlank()) {
            out.add(sb.toString());
        }
        return out;
    }

    @Override
    public String source() {
        return path.toString();
    }

    @Override
    public void close() {
    }
}
