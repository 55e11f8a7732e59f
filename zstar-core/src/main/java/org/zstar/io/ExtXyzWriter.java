package org.zstar.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.zstar.structure.Cell;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.AtomicOutput;

/**
 * Writes extended XYZ that {@link ExtXyzReader} (and ASE) read back losslessly: numbers are written with
 * {@link Double#toString(double)} (shortest exact representation). BECs go to a {@code BEC:R:9} column with
 * rows = field direction (zstar's convention); other per-atom arrays keep their names. Velocities (A/fs) are
 * written twice: as {@code velocities} for zstar and as ASE's {@code momenta} ({@link #aseMomenta}), which
 * {@code ase.io.read(...).get_velocities()} uses. Per-frame values: Lattice, pbc, energy, stress (9), dipole
 * (under {@code polarization} alone when it was read from that key), dielectric, total_charge and the info map
 * (strings quoted, booleans T/F, numbers, double[] as quoted lists, other objects as {@code _JSON}).
 */
public final class ExtXyzWriter {
    private ExtXyzWriter() {
    }

    /**
     * Writes all frames to a file atomically.
     *
     * @param path the destination
     * @param frames the frames, in order
     */
    public static void write(Path path, List<Structure> frames) {
        AtomicFiles.writeText(path, w -> {
            for (Structure s : frames) {
                write(w, s);
            }
        });
    }

    /**
     * A {@link FrameWriter} to {@code path}: frames are streamed to a temporary file moved into place on close.
     *
     * @param path the destination
     * @return the writer
     */
    public static FrameWriter openFrameWriter(Path path) {
        AtomicOutput out = AtomicOutput.open(path);
        return new FrameWriter() {
            @Override
            public void write(Structure frame) {
                try {
                    ExtXyzWriter.write(out.writer(), frame);
                } catch (IOException e) {
                    out.abort();
                    throw new java.io.UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void abort() {
                out.abort();
            }

            @Override
            public void close() {
                out.commit();
            }
        };
    }

    /**
     * Appends one frame to a writer.
     *
     * @param w the writer
     * @param s the frame
     * @throws java.io.IOException when the writer fails
     */
    public static void write(Writer w, Structure s) throws IOException {
        int n = s.size();
        StringBuilder sb = new StringBuilder(256 + 64 * n);
        sb.append(n).append('\n');
        Cell cell = s.cell();
        if (cell != null) {
            double[] l = cell.lattice();
            sb.append("Lattice=\"");
            join(sb, l);
            sb.append("\" ");
        }
        boolean[] pbc = cell == null ? new boolean[3] : cell.pbc();
        sb.append("pbc=\"").append(pbc[0] ? 'T' : 'F').append(' ').append(pbc[1] ? 'T' : 'F').append(' ')
                .append(pbc[2] ? 'T' : 'F').append('"');
        sb.append(" Properties=species:S:1:pos:R:3");
        List<String> names = new java.util.ArrayList<>(s.atomArrayNames());
        for (String name : names) {
            sb.append(':').append(columnName(name)).append(":R:").append(s.atomArrayWidth(name));
        }
        double[] momenta = aseMomenta(s);
        if (momenta != null) {
            sb.append(":momenta:R:3");
        }
        if (s.energy() != null) {
            sb.append(" energy=").append(s.energy());
        }
        appendArray(sb, "stress", s.stress());
        if (!dipoleIsPolarizationKey(s)) {
            appendArray(sb, "dipole", s.dipole());
        }
        appendArray(sb, "dielectric", s.dielectric());
        if (s.totalCharge() != 0.0) {
            sb.append(" total_charge=").append(s.totalCharge());
        }
        for (Map.Entry<String, Object> e : s.info().entrySet()) {
            sb.append(' ').append(quoteKey(e.getKey())).append('=').append(value(e.getValue()));
        }
        sb.append('\n');
        double[] p = s.positionsView();
        for (int i = 0; i < n; i++) {
            sb.append(s.symbol(i));
            for (int k = 0; k < 3; k++) {
                sb.append(' ').append(p[3 * i + k]);
            }
            for (String name : names) {
                double[] a = s.atomArrayView(name);
                int wdt = s.atomArrayWidth(name);
                for (int k = 0; k < wdt; k++) {
                    sb.append(' ').append(a[wdt * i + k]);
                }
            }
            if (momenta != null) {
                for (int k = 0; k < 3; k++) {
                    sb.append(' ').append(momenta[3 * i + k]);
                }
            }
            sb.append('\n');
        }
        w.write(sb.toString());
    }

    /**
     * ASE's momenta {@code p = m v} in its own units, amu*A/t_ASE with t_ASE = A*sqrt(amu/eV) = 10.1805 fs (so
     * {@code p = m[amu] * v[A/fs] / 0.0982269479}), for ASE's {@code get_velocities()}, which reads momenta, not a
     * velocities column. Masses from a {@code masses} column, else zstar's standard atomic weights (ASE's defaults
     * agree to 1e-4 relative). Null without velocities, or when the frame already has a momenta column.
     */
    static double[] aseMomenta(Structure s) {
        double[] v = s.atomArrayView(Structure.VELOCITIES);
        if (v == null || s.has("momenta") || s.atomArrayWidth(Structure.VELOCITIES) != 3) {
            return null;
        }
        double[] masses = s.atomArrayView("masses");
        double[] p = new double[v.length];
        for (int i = 0; i < s.size(); i++) {
            double m = masses != null ? masses[i] : Element.mass(s.atomicNumber(i));
            for (int k = 0; k < 3; k++) {
                p[3 * i + k] = m * v[3 * i + k] / ExtXyzReader.ASE_FS;
            }
        }
        return p;
    }

    /**
     * True when the frame's dipole was read from a {@code polarization} key (the reader keeps that key in the info
     * map too): the value is then written once, under the name it came with, instead of as a second "dipole".
     */
    private static boolean dipoleIsPolarizationKey(Structure s) {
        return s.dipole() != null && s.info().get("polarization") instanceof double[] p
                && java.util.Arrays.equals(p, s.dipole());
    }

    private static String columnName(String name) {
        return name.equals(Structure.BEC) ? "BEC" : name;
    }

    private static void appendArray(StringBuilder sb, String key, double[] a) {
        if (a != null) {
            sb.append(' ').append(key).append("=\"");
            join(sb, a);
            sb.append('"');
        }
    }

    private static void join(StringBuilder sb, double[] a) {
        for (int k = 0; k < a.length; k++) {
            if (k > 0) {
                sb.append(' ');
            }
            sb.append(a[k]);
        }
    }

    private static String quoteKey(String k) {
        return k.matches("[A-Za-z_][A-Za-z0-9_.\\-]*") ? k : quote(k);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private static String value(Object v) {
        if (v instanceof Boolean bo) {
            return bo ? "T" : "F";
        }
        if (v instanceof Double || v instanceof Float || v instanceof Long || v instanceof Integer
                || v instanceof Short) {
            return v.toString();
        }
        if (v instanceof double[] a) {
            StringBuilder sb = new StringBuilder("\"");
            join(sb, a);
            return sb.append('"').toString();
        }
        if (v instanceof String s) {
            return quote(s);
        }
        try {
            return quote("_JSON " + ExtXyzComment.JSON.writeValueAsString(v));
        } catch (JsonProcessingException e) {
            return quote(String.valueOf(v));
        }
    }
}
