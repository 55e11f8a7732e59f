package org.zstar.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import org.zstar.util.UserInputException;

/**
 * The registry of file formats (in the spirit of ASE's {@code io/formats.py}): one constant per format with its
 * command-line name, a one-line description, how to open a reader, how to recognise the format from the file
 * name and first lines, and how to write it when zstar can. <b>The declaration order is the detection
 * priority</b>: formats recognised by their content come first, those recognised only by their name last, so
 * content wins over names. Format-specific read options (BEC rows, LAMMPS type map and units, QE ASR) live in
 * {@link ReadOptions}. Adding a format is one constant here plus its reader class.
 */
public enum Format {
    /** LAMMPS text dumps; recognised by "ITEM: TIMESTEP" or the .lammpstrj name; read only. */
    LAMMPS_DUMP("lammps", "LAMMPS text dump, dump atom or custom, with --type-map and --lammps-units",
            (p, o) -> new LammpsDumpReader(p, o.lammpsTypes(), o.lammpsUnits().velocityToAngstromPerFs()),
            (name, head) -> head.get(0).trim().startsWith("ITEM: TIMESTEP")
                    || name.endsWith(".lammpstrj") || name.endsWith(".lammpstrj.gz"), null),
    /** Quantum ESPRESSO pw.x output; recognised by "Program PWSCF"; read only. */
    QE_PW_OUTPUT("pw-out", "Quantum ESPRESSO pw.x output", QePwOutputReader::new,
            (name, head) -> anyContains(head, "Program PWSCF"), null),
    /** Quantum ESPRESSO ph.x output (BECs, dielectric tensor); recognised by "Program PHONON"; read only. */
    QE_PH_OUTPUT("ph-out", "Quantum ESPRESSO ph.x output (effective charges, dielectric tensor)",
            QePhOutputReader::new, (name, head) -> anyContains(head, "Program PHONON"), null),
    /** Quantum ESPRESSO pw.x input; recognised by its {@code &control} or {@code &system} namelist; read only. */
    QE_PW_INPUT("pw-in", "Quantum ESPRESSO pw.x input", QePwInputReader::new,
            (name, head) -> anyStartsWithIgnoreCase(head, "&control") || anyStartsWithIgnoreCase(head, "&system"),
            null),
    /** Extended XYZ (ASE); recognised by its name or by Properties= or Lattice= in line 2; read and written. */
    EXTXYZ("extxyz", "extended XYZ (ASE), BECs as a 9-column per-atom array", ExtXyzReader::new,
            Format::looksLikeXyz, ExtXyzWriter::openFrameWriter),
    /** VASP OUTCAR; recognised by its name or by the vasp and POTCAR lines; read only. */
    VASP_OUTCAR("outcar", "VASP OUTCAR (Born effective charges from LEPSILON/LCALCEPS)", OutcarReader::new,
            (name, head) -> name.contains("OUTCAR") || anyContains(head, " vasp.") || anyContains(head, "POTCAR:"),
            null),
    /** VASP XDATCAR; recognised by its name or by "Direct configuration="; read only. */
    VASP_XDATCAR("xdatcar", "VASP XDATCAR trajectory", XdatcarReader::new,
            (name, head) -> name.contains("XDATCAR") || anyStartsWith(head, "Direct configuration="), null),
    /** phonopy BORN file, read with the POSCAR of its folder; recognised by its name; read only. */
    PHONOPY_BORN("born", "phonopy BORN file (dielectric tensor and BECs of the symmetry-independent atoms)",
            PhonopyBornReader::new, (name, head) -> name.startsWith("BORN"), null),
    /** VASP POSCAR or CONTCAR; recognised by its name; read only. */
    VASP_POSCAR("poscar", "VASP POSCAR/CONTCAR", PoscarReader::new,
            (name, head) -> name.contains("POSCAR") || name.contains("CONTCAR") || name.endsWith(".vasp"), null),
    /** A folder holding a pw.x output and a ph.x output; chosen for folders, never detected from a file. */
    QE_DIRECTORY("qe-dir", "a folder holding a Quantum ESPRESSO pw.x output and ph.x output",
            QeDirectoryReader::new, (name, head) -> false, null);

    /** Opens a reader on a path. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens a reader.
         *
         * @param path the file or folder
         * @param options the reading options, never null
         * @return the reader
         */
        FrameReader open(Path path, ReadOptions options);
    }

    /** Recognises a file from its name (without folders) and its first non-blank lines (never empty). */
    @FunctionalInterface
    public interface Detector {
        /**
         * {@return whether the file looks like this format}
         *
         * @param fileName the file name, without folders
         * @param head the first non-blank lines of the file (never empty)
         */
        boolean matches(String fileName, List<String> head);
    }

    /** Opens a writer of frames to a path (written atomically when the writer is closed). */
    @FunctionalInterface
    public interface WriterOpener {
        /**
         * Opens a writer.
         *
         * @param path the destination
         * @return the writer
         */
        FrameWriter open(Path path);
    }

    private final String cliName;
    private final String description;
    private final Opener opener;
    private final Detector detector;
    private final WriterOpener writer;

    Format(String cliName, String description, Opener opener, Detector detector, WriterOpener writer) {
        this.cliName = cliName;
        this.description = description;
        this.opener = opener;
        this.detector = detector;
        this.writer = writer;
    }

    /** {@return the name given to {@code --format}} */
    public String cliName() {
        return cliName;
    }

    /** {@return a one-line description for help texts} */
    public String description() {
        return description;
    }

    /**
     * Opens a reader of this format.
     *
     * @param path the file or folder
     * @param options the reading options (null: defaults)
     * @return the reader
     */
    public FrameReader open(Path path, ReadOptions options) {
        return opener.open(path, options == null ? ReadOptions.DEFAULTS : options);
    }

    /** {@return whether zstar can write this format} */
    public boolean canWrite() {
        return writer != null;
    }

    /**
     * A writer of frames in this format.
     *
     * @param path the destination
     * @return the writer
     * @throws UserInputException when zstar cannot write this format
     */
    public FrameWriter openWriter(Path path) {
        if (writer == null) {
            throw new UserInputException("zstar cannot write " + cliName + " files (writable: " + writableNames()
                    + ")");
        }
        return writer.open(path);
    }

    boolean matches(String fileName, List<String> head) {
        return detector.matches(fileName, head);
    }

    /** The first format, in priority order, that recognises the file; empty when none does. */
    static Optional<Format> detect(String fileName, List<String> head) {
        for (Format f : values()) {
            if (f.matches(fileName, head)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * A format by its command-line name ("extxyz", "outcar", ...) or enum name, case-insensitive.
     *
     * @param s the name
     * @return the format
     * @throws UserInputException when no format has that name
     */
    public static Format parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (t.equals("lammps-dump") || t.equals("lammpstrj")) {
            return LAMMPS_DUMP;
        }
        for (Format f : values()) {
            if (f.cliName.equals(t) || f.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
                return f;
            }
        }
        throw new UserInputException("unknown format '" + s + "' (known: " + names() + ")");
    }

    /** {@return the command-line names, comma-separated, in detection order} */
    public static String names() {
        StringJoiner j = new StringJoiner(", ");
        for (Format f : values()) {
            j.add(f.cliName);
        }
        return j.toString();
    }

    /** {@return the names zstar can write} */
    public static String writableNames() {
        StringJoiner j = new StringJoiner(", ");
        for (Format f : values()) {
            if (f.canWrite()) {
                j.add(f.cliName);
            }
        }
        return j.toString();
    }

    /** {@return "name = description; ..." for every format, for {@code --format} help} */
    public static String helpList() {
        StringJoiner j = new StringJoiner("; ");
        for (Format f : values()) {
            j.add(f.cliName + " = " + f.description);
        }
        return j.toString();
    }

    private static boolean looksLikeXyz(String name, List<String> head) {
        if (name.endsWith(".xyz") || name.endsWith(".extxyz") || name.endsWith(".xyz.gz")
                || name.endsWith(".extxyz.gz")) {
            return true;
        }
        return head.get(0).trim().matches("\\d+") && head.size() > 1
                && (head.get(1).contains("Properties=") || head.get(1).contains("Lattice="));
    }

    private static boolean anyContains(List<String> head, String s) {
        for (String h : head) {
            if (h.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyStartsWith(List<String> head, String s) {
        for (String h : head) {
            if (h.trim().startsWith(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyStartsWithIgnoreCase(List<String> head, String s) {
        for (String h : head) {
            if (h.trim().toLowerCase(Locale.ROOT).startsWith(s)) {
                return true;
            }
        }
        return false;
    }
}
