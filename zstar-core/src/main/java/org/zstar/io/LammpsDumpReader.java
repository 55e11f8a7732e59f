package org.zstar.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.zstar.structure.Cell;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Streaming reader of LAMMPS text dumps ({@code dump atom} / {@code dump custom}), one frame per
 * {@code ITEM: TIMESTEP} block.
 *
 * <p>Understood items: {@code TIMESTEP} (stored as the frame's info {@code "timestep"}), {@code NUMBER OF
 * ATOMS}, {@code BOX BOUNDS} in the orthogonal form ({@code xlo xhi} per line) and the restricted
 * triclinic form ({@code BOX BOUNDS xy xz yz ...}, lines {@code xlo_bound xhi_bound xy} etc.), and
 * {@code ATOMS} with columns {@code id}, {@code type} and/or {@code element}, positions as {@code x y z}
 * (optionally with image flags {@code ix iy iz}, which are then applied), unwrapped {@code xu yu zu}, scaled
 * {@code xs ys zs} or scaled unwrapped {@code xsu ysu zsu}, and velocities {@code vx vy vz} when present.
 * Other columns are ignored. Atoms are sorted by id (the first frame fixes the set of ids).
 *
 * <p>Species come from the {@code element} column when present, otherwise from a type-to-element map.
 * Velocities are converted to A/fs with a factor: LAMMPS {@code units metal} writes A/ps (factor 1e-3),
 * {@code units real} writes A/fs (factor 1).
 *
 * <p>Triclinic box (LAMMPS manual, "Triclinic (non-orthogonal) simulation boxes"): the bounding box is
 * converted with {@code xlo = xlo_bound - min(0, xy, xz, xy+xz)}, {@code xhi = xhi_bound - max(0, xy, xz,
 * xy+xz)}, {@code ylo = ylo_bound - min(0, yz)}, {@code yhi = yhi_bound - max(0, yz)}, and the lattice
 * vectors are {@code a = (xhi-xlo, 0, 0)}, {@code b = (xy, yhi-ylo, 0)}, {@code c = (xz, yz, zhi-zlo)}.
 * Scaled coordinates map to {@code r = origin + s_a a + s_b b + s_c c} with origin {@code (xlo, ylo, zlo)}.
 */
public final class LammpsDumpReader implements FrameReader {
    /** Velocity factor for LAMMPS {@code units metal} (A/ps to A/fs). */
    public static final double METAL_VELOCITY_TO_A_PER_FS = 1e-3;
    /** Velocity factor for LAMMPS {@code units real} (already A/fs). */
    public static final double REAL_VELOCITY_TO_A_PER_FS = 1.0;

    private final String source;
    private final BufferedReader in;
    private final Map<Integer, String> typeMap;
    private final double velocityFactor;
    private long lineNo;
    private String pending; // a line read ahead (the next ITEM header)
    private long[] firstIds;
    private boolean closed;

    /**
     * A reader of a LAMMPS dump file.
     *
     * @param path           dump file (gzip detected by magic bytes)
     * @param typeMap        LAMMPS type to element symbol; may be empty when the dump has an element column
     * @param velocityFactor multiplies velocities to give A/fs (see the constants)
     */
    public LammpsDumpReader(Path path, Map<Integer, String> typeMap, double velocityFactor) {
        this(InputFiles.reader(path), path.toString(), 0, typeMap, velocityFactor);
    }

    /**
     * A reader on part of a dump that starts at a frame (a byte range of a large file, say): {@code linesBefore}
     * lines of {@code source} precede it, so that errors name the line of the whole file.
     *
     * @param in the lines, from the first line of a frame
     * @param source the file, for messages
     * @param linesBefore the number of lines of source before the first line of in
     * @param typeMap atom type to element symbol (may be empty when the dump has an element column)
     * @param velocityFactor multiplies the dump's velocities to give A/fs
     */
    public LammpsDumpReader(BufferedReader in, String source, long linesBefore, Map<Integer, String> typeMap,
            double velocityFactor) {
        this.source = source;
        this.lineNo = linesBefore;
        this.typeMap = new HashMap<>();
        if (typeMap != null) {
            for (Map.Entry<Integer, String> e : typeMap.entrySet()) {
                this.typeMap.put(e.getKey(), Element.canonicalSymbol(e.getValue()));
            }
        }
        if (!(velocityFactor > 0) || !Double.isFinite(velocityFactor)) {
            throw new UserInputException("velocity factor must be positive, got " + velocityFactor);
        }
        this.velocityFactor = velocityFactor;
        this.in = in;
    }

    /**
     * A reader for {@code units metal} dumps.
     *
     * @param path the dump file
     * @param typeMap atom type to element symbol (may be empty when the dump has an element column)
     */
    public LammpsDumpReader(Path path, Map<Integer, String> typeMap) {
        this(path, typeMap, METAL_VELOCITY_TO_A_PER_FS);
    }

    /**
     * Parses a type map such as {@code "1=O,2=H"}.
     *
     * @param spec the map, TYPE=SYMBOL items separated by commas
     * @return type to element symbol, in order
     */
    public static Map<Integer, String> parseTypeMap(String spec) {
        Map<Integer, String> map = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return map;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) {
                throw new org.zstar.util.UserInputException("type map entry '" + part.trim() + "' is not TYPE=ELEMENT");
            }
            int type;
            try {
                type = Integer.parseInt(kv[0].trim());
            } catch (NumberFormatException e) {
                throw new org.zstar.util.UserInputException("type map entry '" + part.trim() + "': '" + kv[0].trim()
                        + "' is not an integer type");
            }
            map.put(type, Element.canonicalSymbol(kv[1].trim()));
        }
        return map;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing useful to do on close
            }
        }
    }

    private String nextLine() {
        if (pending != null) {
            String s = pending;
            pending = null;
            lineNo++;
            return s;
        }
        try {
            String s = in.readLine();
            if (s != null) {
                lineNo++;
            }
            return s;
        } catch (IOException e) {
            throw new InputFormatException(source, lineNo, "cannot read: " + e.getMessage());
        }
    }

    private String requireLine(String what) {
        String s = nextLine();
        if (s == null) {
            throw new InputFormatException(source, lineNo, "file ends inside a frame (expected " + what + ")");
        }
        return s;
    }

    private InputFormatException error(String message) {
        return new InputFormatException(source, lineNo, message);
    }

    private double parseDouble(String token, String what) {
        try {
            double v = Double.parseDouble(token);
            if (!Double.isFinite(v)) {
                throw error(what + " is not finite: '" + token + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error("cannot read " + what + " from '" + token + "'");
        }
    }

    private long parseLong(String token, String what) {
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw error("cannot read " + what + " from '" + token + "'");
        }
    }

    @Override
    public Structure readNext() {
        if (closed) {
            return null;
        }
        String line;
        do {
            line = nextLine();
            if (line == null) {
                return null;
            }
        } while (line.isBlank());
        if (!line.trim().startsWith("ITEM: TIMESTEP")) {
            throw error("expected 'ITEM: TIMESTEP', found '" + abbreviate(line) + "'");
        }
        long timestep = parseLong(requireLine("the timestep").trim().split("\\s+")[0], "the timestep");
        Long natoms = null;
        double[] lattice = null;
        double[] origin = null;
        boolean[] pbc = {true, true, true};
        while (true) {
            String item = requireLine("an ITEM line").trim();
            if (item.isEmpty()) {
                continue;
            }
            if (!item.startsWith("ITEM:")) {
                throw error("expected an 'ITEM:' line, found '" + abbreviate(item) + "'");
            }
            String head = item.substring(5).trim();
            if (head.startsWith("NUMBER OF ATOMS")) {
                natoms = parseLong(requireLine("the number of atoms").trim(), "the number of atoms");
                if (natoms < 0 || natoms > Integer.MAX_VALUE / 9) {
                    throw error("impossible number of atoms " + natoms);
                }
            } else if (head.startsWith("BOX BOUNDS")) {
                double[][] box = readBoxBounds(head.substring("BOX BOUNDS".length()).trim().split("\\s+"), pbc);
                lattice = box[0];
                origin = box[1];
            } else if (head.startsWith("ATOMS")) {
                if (natoms == null) {
                    throw error("'ITEM: ATOMS' before 'ITEM: NUMBER OF ATOMS'");
                }
                return readAtoms(head.substring(5).trim().split("\\s+"), natoms.intValue(), timestep, lattice,
                        origin, pbc);
            } else if (head.startsWith("TIMESTEP")) {
                throw error("frame at timestep " + timestep + " has no 'ITEM: ATOMS' section");
            } else {
                // an unknown item (e.g. TIME, UNITS): skip its value lines up to the next ITEM
                skipToNextItem();
            }
        }
    }

    private void skipToNextItem() {
        while (true) {
            String s = requireLine("an ITEM line");
            if (s.trim().startsWith("ITEM:")) {
                pending = s;
                lineNo--; // the pending line is counted again when consumed
                return;
            }
        }
    }

    /**
     * The box of an 'ITEM: BOX BOUNDS' section from its flags (periodicity written into {@code pbc}) and its three
     * lines: the lattice rows a, b, c and the origin, {@code {lattice, origin}}.
     */
    private double[][] readBoxBounds(String[] flags, boolean[] pbc) {
        boolean triclinic = flags.length >= 3 && flags[0].equals("xy");
        if (flags.length > 0 && flags[0].equals("abc")) {
            throw error("general triclinic boxes ('BOX BOUNDS abc origin') are not supported");
        }
        int off = triclinic ? 3 : 0;
        for (int k = 0; k < 3; k++) {
            if (flags.length > off + k && !flags[off + k].isEmpty()) {
                pbc[k] = flags[off + k].startsWith("p");
            }
        }
        double[][] b = new double[3][3];
        for (int k = 0; k < 3; k++) {
            String[] t = requireLine("a box bounds line").trim().split("\\s+");
            if (t.length < (triclinic ? 3 : 2)) {
                throw error("box bounds line needs " + (triclinic ? 3 : 2) + " numbers, found " + t.length);
            }
            b[k][0] = parseDouble(t[0], "a box bound");
            b[k][1] = parseDouble(t[1], "a box bound");
            b[k][2] = triclinic ? parseDouble(t[2], "a tilt factor") : 0.0;
        }
        double xy = b[0][2], xz = b[1][2], yz = b[2][2];
        double xlo = b[0][0] - Math.min(Math.min(0.0, xy), Math.min(xz, xy + xz));
        double xhi = b[0][1] - Math.max(Math.max(0.0, xy), Math.max(xz, xy + xz));
        double ylo = b[1][0] - Math.min(0.0, yz);
        double yhi = b[1][1] - Math.max(0.0, yz);
        double zlo = b[2][0];
        double zhi = b[2][1];
        if (!(xhi > xlo && yhi > ylo && zhi > zlo)) {
            throw error("box bounds give a box of non-positive size");
        }
        return new double[][] {{xhi - xlo, 0, 0, xy, yhi - ylo, 0, xz, yz, zhi - zlo}, {xlo, ylo, zlo}};
    }

    /**
     * Where the quantities are in an 'ITEM: ATOMS' line: column indices (-1 = absent) of id, type, element, the
     * three positions, velocities and image flags, and whether the positions are scaled.
     */
    private record AtomColumns(int count, int id, int type, int element, int[] position, boolean scaled,
            int[] image, int[] velocity) {
    }

    private AtomColumns atomColumns(String[] cols, double[] lattice) {
        Map<String, Integer> idx = new HashMap<>();
        for (int c = 0; c < cols.length; c++) {
            idx.put(cols[c], c);
        }
        int[] pos = null;
        boolean scaled = false;
        boolean images = false;
        String[][] posSets = {{"xu", "yu", "zu"}, {"x", "y", "z"}, {"xsu", "ysu", "zsu"}, {"xs", "ys", "zs"}};
        for (int s = 0; s < posSets.length && pos == null; s++) {
            String[] set = posSets[s];
            if (idx.containsKey(set[0]) && idx.containsKey(set[1]) && idx.containsKey(set[2])) {
                pos = new int[] {idx.get(set[0]), idx.get(set[1]), idx.get(set[2])};
                scaled = s >= 2;
                images = s == 1 || s == 3; // wrapped coordinates: image flags apply when present
            }
        }
        if (pos == null) {
            throw error("'ITEM: ATOMS' has no complete set of positions (x y z, xu yu zu, xs ys zs or xsu ysu zsu)");
        }
        int[] image = images ? triple(idx, "ix", "iy", "iz") : null;
        int[] velocity = triple(idx, "vx", "vy", "vz");
        int iType = idx.getOrDefault("type", -1);
        int iElem = idx.getOrDefault("element", -1);
        if (iElem < 0 && iType < 0) {
            throw error("'ITEM: ATOMS' has neither an 'element' nor a 'type' column");
        }
        if (lattice == null && (scaled || image != null)) {
            throw error("scaled coordinates or image flags need an 'ITEM: BOX BOUNDS' section");
        }
        return new AtomColumns(cols.length, idx.getOrDefault("id", -1), iType, iElem, pos, scaled, image, velocity);
    }

    /** The columns of three names, or null unless all three are there. */
    private static int[] triple(Map<String, Integer> idx, String a, String b, String c) {
        return idx.containsKey(a) && idx.containsKey(b) && idx.containsKey(c)
                ? new int[] {idx.get(a), idx.get(b), idx.get(c)} : null;
    }

    private Structure readAtoms(String[] cols, int n, long timestep, double[] lattice, double[] origin,
            boolean[] pbc) {
        AtomColumns col = atomColumns(cols, lattice);
        boolean hasV = col.velocity() != null;
        long[] ids = new long[n];
        String[] sym = new String[n];
        double[] r = new double[3 * n];
        double[] v = hasV ? new double[3 * n] : null;
        for (int i = 0; i < n; i++) {
            String line = requireLine("atom line " + (i + 1) + " of " + n);
            String[] t = line.trim().split("\\s+");
            if (t.length < col.count()) {
                if (t.length > 0 && t[0].startsWith("ITEM:")) {
                    throw error("frame at timestep " + timestep + " has " + i + " atom lines, but "
                            + n + " atoms were announced");
                }
                throw error("atom line has " + t.length + " columns, the header names " + col.count());
            }
            ids[i] = col.id() >= 0 ? parseLong(t[col.id()], "an atom id") : i + 1;
            sym[i] = symbolOf(t, col);
            readPosition(t, col, lattice, origin, r, i);
            if (hasV) {
                for (int k = 0; k < 3; k++) {
                    v[3 * i + k] = parseDouble(t[col.velocity()[k]], "a velocity") * velocityFactor;
                }
            }
        }
        return sortedFrame(ids, sym, r, v, timestep, lattice, pbc);
    }

    /** The element of an atom line, from its element column or through the type map. */
    private String symbolOf(String[] t, AtomColumns col) {
        if (col.element() >= 0) {
            int z = Element.atomicNumberOrMinusOne(t[col.element()]);
            if (z < 1) {
                throw error("unknown element '" + t[col.element()] + "'");
            }
            return Element.symbol(z);
        }
        int type = (int) parseLong(t[col.type()], "an atom type");
        String s = typeMap.get(type);
        if (s == null) {
            throw error("atom type " + type + " has no element: give a type map such as 1=O,2=H");
        }
        return s;
    }

    /** Cartesian, unwrapped position of atom i into r: scaled coordinates converted, image flags added. */
    private void readPosition(String[] t, AtomColumns col, double[] lattice, double[] origin, double[] r, int i) {
        double[] frac = new double[3];
        for (int k = 0; k < 3; k++) {
            double x = parseDouble(t[col.position()[k]], "a coordinate");
            if (col.scaled()) {
                frac[k] = x;
            } else {
                r[3 * i + k] = x;
            }
        }
        if (col.scaled()) {
            // r = origin + s . lattice (rows of the lattice are the vectors a, b, c)
            for (int k = 0; k < 3; k++) {
                r[3 * i + k] = origin[k] + frac[0] * lattice[k] + frac[1] * lattice[3 + k] + frac[2] * lattice[6 + k];
            }
        }
        if (col.image() != null) {
            double na = parseLong(t[col.image()[0]], "an image flag");
            double nb = parseLong(t[col.image()[1]], "an image flag");
            double nc = parseLong(t[col.image()[2]], "an image flag");
            // unwrapped r = r + ix a + iy b + iz c
            for (int k = 0; k < 3; k++) {
                r[3 * i + k] += na * lattice[k] + nb * lattice[3 + k] + nc * lattice[6 + k];
            }
        }
    }

    /** The frame with its atoms sorted by id, so that atom i is the same atom in every frame. */
    private Structure sortedFrame(long[] ids, String[] sym, double[] r, double[] v, long timestep, double[] lattice,
            boolean[] pbc) {
        int n = ids.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
        long[] sortedIds = new long[n];
        String[] sSym = new String[n];
        double[] sR = new double[3 * n];
        double[] sV = v != null ? new double[3 * n] : null;
        for (int i = 0; i < n; i++) {
            int o = order[i];
            sortedIds[i] = ids[o];
            if (i > 0 && sortedIds[i] == sortedIds[i - 1]) {
                throw error("atom id " + sortedIds[i] + " appears twice in the frame at timestep " + timestep);
            }
            sSym[i] = sym[o];
            System.arraycopy(r, 3 * o, sR, 3 * i, 3);
            if (v != null) {
                System.arraycopy(v, 3 * o, sV, 3 * i, 3);
            }
        }
        if (firstIds == null) {
            firstIds = sortedIds;
        } else if (!Arrays.equals(firstIds, sortedIds)) {
            throw error("the frame at timestep " + timestep + " has different atom ids than the first frame");
        }
        Structure.Builder b = Structure.builder().symbols(sSym).positions(sR).info("timestep", timestep);
        if (lattice != null) {
            b.cell(new Cell(lattice, pbc));
        }
        if (v != null) {
            b.velocities(sV);
        }
        try {
            return b.build();
        } catch (InputFormatException e) {
            throw e; // already names its file and line
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LammpsDumpReader[%s]", source);
    }
}
