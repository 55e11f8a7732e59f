package org.zstar.io;

import java.nio.file.Path;
import java.util.List;
import org.zstar.structure.Structure;

/**
 * A folder holding the pw.x output and the ph.x output of one Quantum ESPRESSO run, read as one merged
 * frame: cell, positions, forces, energy and stress from the last pw.x frame (printed with more digits),
 * BECs and the dielectric tensor from ph.x. The two must describe the same atoms (count and species) at
 * the same positions (within 1e-4 A, ph.x prints positions with 5 decimals in alat units).
 */
public final class QeDirectoryReader implements FrameReader {
    private static final double POSITION_TOLERANCE = 1e-3;
    private final Path dir;
    private final ReadOptions options;
    private boolean done;

    /**
     * A reader of a folder that holds a pw.x output and a ph.x output.
     *
     * @param dir the folder
     * @param options the reading options
     */
    public QeDirectoryReader(Path dir, ReadOptions options) {
        this.dir = dir;
        this.options = options;
    }

    /** True when the folder holds exactly one pw.x output and one ph.x output. */
    static boolean looksLikeQeRun(Path dir) {
        Path[] found = find(dir);
        return found[0] != null && found[1] != null;
    }

    /** {pw.x output, ph.x output}, each null when absent; an error when there are several. */
    private static Path[] find(Path dir) {
        Path pw = null;
        Path ph = null;
        List<Path> files = Readers.list(dir);
        for (Path p : files) {
            List<String> head;
            try {
                head = Readers.head(p);
            } catch (InputFormatException e) {
                continue;
            }
            if (Format.QE_PW_OUTPUT.matches(p.getFileName().toString(), head)) {
                if (pw != null) {
                    throw new InputFormatException(dir, 0, "holds two pw.x outputs (" + pw.getFileName() + ", "
                            + p.getFileName() + "); give the files one by one");
                }
                pw = p;
            } else if (Format.QE_PH_OUTPUT.matches(p.getFileName().toString(), head)) {
                if (ph != null) {
                    throw new InputFormatException(dir, 0, "holds two ph.x outputs (" + ph.getFileName() + ", "
                            + p.getFileName() + "); give the files one by one");
                }
                ph = p;
            }
        }
        return new Path[] {pw, ph};
    }

    @Override
    public Structure readNext() {
        if (done) {
            return null;
        }
        done = true;
        Path[] f = find(dir);
        if (f[0] == null || f[1] == null) {
            throw new InputFormatException(dir, 0, "is a directory without " + (f[0] == null ? "a pw.x output" : "")
                    + (f[0] == null && f[1] == null ? " and " : "") + (f[1] == null ? "a ph.x output" : ""));
        }
        Structure pw = Readers.open(f[0], ReadOptions.builder().format(Format.QE_PW_OUTPUT).lastFrameOnly(true)
                .build()).readAll().get(0);
        QePhOutputReader.Result ph = QePhOutputReader.parse(f[1], options);
        if (ph.symbols().length != pw.size()) {
            throw new InputFormatException(f[1], 0, "ph.x output has " + ph.symbols().length + " atoms, the pw.x output "
                    + f[0].getFileName() + " has " + pw.size());
        }
        double[] p = pw.positionsView();
        for (int i = 0; i < pw.size(); i++) {
            if (!org.zstar.structure.Element.canonicalSymbol(ph.symbols()[i]).equals(pw.symbol(i))) {
                throw new InputFormatException(f[1], 0, "atom " + (i + 1) + " is " + ph.symbols()[i]
                        + " in the ph.x output but " + pw.symbol(i) + " in the pw.x output");
            }
            double d2 = 0;
            for (int k = 0; k < 3; k++) {
                double d = ph.positions()[3 * i + k] - p[3 * i + k];
                d2 += d * d;
            }
            if (Math.sqrt(d2) > POSITION_TOLERANCE) {
                throw new InputFormatException(f[1], 0, "atom " + (i + 1) + " is " + String.format("%.4g", Math.sqrt(d2))
                        + " A away from its pw.x position: not the same run");
            }
        }
        return pw.toBuilder().bec(ph.bec()).dielectric(ph.dielectric()).info("pw_output", f[0].toString())
                .info("ph_output", f[1].toString()).build();
    }

    @Override
    public String source() {
        return dir.toString();
    }

    @Override
    public void close() {
    }
}
