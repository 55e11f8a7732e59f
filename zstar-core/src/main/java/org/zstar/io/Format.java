package org.zstar.io;

import org.zstar.util.UserInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The input formats zstar reads. Adding a format is one constant here: its command-line name, how to open
 * it, and how to recognise it from the file name and the first lines (content wins over names).
 */
public enum Format {
    EXTXYZ("extxyz", ExtXyzReader::new, Format::looksLikeXyz),
    VASP_OUTCAR("outcar", OutcarReader::new, (name, head) -> name.contains("OUTCAR")
            || anyContains(head, " vasp.") || anyContains(head, "POTCAR:")),
    VASP_XDATCAR("xdatcar", XdatcarReader::new, (name, head) -> name.contains("XDATCAR")
            || anyStartsWith(head, "Direct configuration=")),
    VASP_POSCAR("poscar", PoscarReader::new, (name, head) -> name.contains("POSCAR") || name.contains("CONTCAR")
            || name.endsWith(".vasp")),
    QE_PW_INPUT("pw-in", QePwInputReader::new, (name, head) -> anyStartsWithIgnoreCase(head, "&control")
            || anyStartsWithIgnoreCase(head, "&system")),
    QE_PW_OUTPUT("pw-out", QePwOutputReader::new, (name, head) -> anyContains(head, "Program PWSCF")),
    QE_PH_OUTPUT("ph-out", QePhOutputReader::new, (name, head) -> anyContains(head, "Program PHONON")),
    QE_DIRECTORY("qe-dir", QeDirectoryReader::new, (name, head) -> false),
    PHONOPY_BORN("born", PhonopyBornReader::new, (name, head) -> name.startsWith("BORN"));

    /** Opens a reader on a path. */
    @FunctionalInterface
    public interface Opener {
        FrameReader open(Path path, ReadOptions options);
    }

    /** Recognises a file from its name (without folders) and its first non-blank lines. */
    @FunctionalInterface
    public interface Detector {
        boolean matches(String fileName, List<String> head);
    }

    private final String cliName;
    private final Opener opener;
    private final Detector detector;

    Format(String cliName, Opener opener, Detector detector) {
        this.cliName = cliName;
        this.opener = opener;
        this.detector = detector;
    }

    public String cliName() {
        return cliName;
    }

    public FrameReader open(Path path, ReadOptions options) {
        return opener.open(path, options);
    }

    boolean matches(String fileName, List<String> head) {
        return detector.matches(fileName, head);
    }

    /** A format by its command-line name ("extxyz", "outcar", ...) or enum name, case-insensitive. */
    public static Format parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Format f : values()) {
            if (f.cliName.equals(t) || f.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
                return f;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Format f : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(f.cliName);
        }
        throw new UserInputException("unknown format '" + s + "' (known: " + names + ")");
    }

    private static boolean looksLikeXyz(String name, List<String> head) {
        if (name.endsWith(".xyz") || name.endsWith(".extxyz") || name.endsWith(".xyz.gz")
                || name.endsWith(".extxyz.gz")) {
            return true;
        }
        return !head.isEmpty() && head.get(0).trim().matches("\\d+") && head.size() > 1
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
