package org.zstar.io;

import java.nio.file.Path;
import org.zstar.structure.Structure;

/**
 * VASP XDATCAR, streaming: a POSCAR-like header, then blocks "Direct configuration= k" (or Cartesian) of N
 * coordinate lines. Fixed-cell files have one header; variable-cell files (NPT) repeat the header before
 * every configuration.
 */
public final class XdatcarReader implements FrameReader {
    private final LineReader in;
    private final ReadOptions options;
    private PoscarReader.Header header;

    /**
     * A reader of a VASP XDATCAR trajectory.
     *
     * @param path the file
     * @param options the reading options
     */
    public XdatcarReader(Path path, ReadOptions options) {
        this.in = new LineReader(path);
        this.options = options;
    }

    @Override
    public Structure readNext() {
        if (header == null) {
            header = PoscarReader.Header.read(in, options);
            if (header == null) {
                throw in.error(1, "file is empty");
            }
        }
        String l = in.nextNonBlank();
        if (l == null) {
            return null;
        }
        if (!isConfigLine(l)) {
            // variable cell: a new header starts here
            in.pushBack(l);
            PoscarReader.Header h = PoscarReader.Header.read(in, options);
            if (h.size() != header.size()) {
                throw in.error(h.line, "header declares " + h.size() + " atoms, the previous one " + header.size());
            }
            header = h;
            l = in.require("a 'Direct configuration=' line");
            if (!isConfigLine(l)) {
                throw in.error("expected a 'Direct configuration=' line, got '" + ExtXyzReader.abbreviate(l) + "'");
            }
        }
        long line = in.line();
        Structure.Builder b = header.positions(in, PoscarReader.isCartesian(l), "the configuration at line " + line);
        String[] t = l.split("=");
        if (t.length > 1) {
            b.info("configuration", (long) in.integer(t[1].trim().split("\\s+")[0], "the configuration number"));
        }
        return b.build();
    }

    private static boolean isConfigLine(String l) {
        String t = l.trim().toLowerCase();
        return t.startsWith("direct configuration") || t.startsWith("cartesian configuration")
                || t.equals("direct") || t.equals("cartesian");
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
