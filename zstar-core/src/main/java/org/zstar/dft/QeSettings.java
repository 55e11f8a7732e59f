package org.zstar.dft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.zstar.util.UserInputException;

/**
 * Settings of a Quantum ESPRESSO pw.x SCF + ph.x dielectric-response calculation.
 *
 * @param ecutwfc plane-wave cutoff of the wavefunctions (Ry), > 0
 * @param ecutrho cutoff of the density (Ry); null = QE's default 4 ecutwfc (use 8-12 ecutwfc with
 *     ultrasoft or PAW pseudopotentials)
 * @param kpoints Monkhorst-Pack grid (always written as K_POINTS automatic, never the Gamma tricks that
 *     ph.x refuses)
 * @param pseudoDir folder of the pseudopotential files
 * @param pseudopotentials element symbol to file name in pseudoDir; species not listed are looked up in
 *     pseudoDir by {@link #resolvePseudopotentials}
 * @param functional exchange-correlation functional written as input_dft (e.g. "pbe"); null = the one the
 *     pseudopotentials were generated with
 * @param convThr pw.x SCF convergence threshold (Ry)
 * @param tr2Ph ph.x self-consistency threshold
 */
public record QeSettings(double ecutwfc, Double ecutrho, int[] kpoints, Path pseudoDir,
        Map<String, String> pseudopotentials, String functional, double convThr, double tr2Ph) {

    /** Where Debian's quantum-espresso-data installs its pseudopotentials. */
    public static final Path DEBIAN_PSEUDO_DIR = Path.of("/usr/share/espresso/pseudo");

    /**
     * Checks the cut-offs, k-points and thresholds and copies the arrays and maps.
     *
     * @param ecutwfc plane-wave cutoff of the wavefunctions (Ry), > 0
     * @param ecutrho cutoff of the density (Ry); null = QE's default 4 ecutwfc (use 8-12 ecutwfc with
     *     ultrasoft or PAW pseudopotentials)
     * @param kpoints Monkhorst-Pack grid (always written as K_POINTS automatic, never the Gamma tricks that
     *     ph.x refuses)
     * @param pseudoDir folder of the pseudopotential files
     * @param pseudopotentials element symbol to file name in pseudoDir; species not listed are looked up in
     *     pseudoDir by {@link #resolvePseudopotentials}
     * @param functional exchange-correlation functional written as input_dft (e.g. "pbe"); null = the one the
     *     pseudopotentials were generated with
     * @param convThr pw.x SCF convergence threshold (Ry)
     * @param tr2Ph ph.x self-consistency threshold
     */
    public QeSettings {
        if (!(ecutwfc > 0)) {
            throw new UserInputException("ecutwfc must be positive, got " + ecutwfc);
        }
        if (ecutrho != null && !(ecutrho >= 4 * ecutwfc)) {
            throw new UserInputException("ecutrho must be at least 4 ecutwfc = " + 4 * ecutwfc + " Ry, got " + ecutrho);
        }
        if (kpoints == null || kpoints.length != 3 || kpoints[0] < 1 || kpoints[1] < 1 || kpoints[2] < 1) {
            throw new UserInputException("k-points must be three positive integers");
        }
        kpoints = kpoints.clone();
        pseudopotentials = pseudopotentials == null ? Map.of() : Map.copyOf(pseudopotentials);
        if (!(convThr > 0) || !(tr2Ph > 0)) {
            throw new UserInputException("convergence thresholds must be positive");
        }
    }

    /**
     * Defaults: 30 Ry, ecutrho 8 ecutwfc, 1x1x1, Debian's pseudopotential folder, conv_thr 1e-10, tr2_ph 1e-12.
     *
     * @return the default settings
     */
    public static QeSettings defaults() {
        return new QeSettings(30, 240.0, new int[] {1, 1, 1}, DEBIAN_PSEUDO_DIR, Map.of(), "pbe", 1e-10, 1e-12);
    }

    /** {@return a copy of the Monkhorst-Pack grid (three positive integers)} */
    @Override
    public int[] kpoints() {
        return kpoints.clone();
    }

    /**
     * The pseudopotential file of every species: the one given, else the single file in pseudoDir whose name
     * starts with the symbol followed by '.', '_' or '-' (case-insensitive) and, when a functional is set,
     * contains its name. Several or no candidates are an error that lists them.
     *
     * @param species the species symbols of the structures
     * @return species symbol to pseudopotential file name (relative to pseudoDir)
     * @throws UserInputException when a species has no file or more than one candidate
     */
    public Map<String, String> resolvePseudopotentials(List<String> species) {
        Map<String, String> out = new TreeMap<>();
        List<String> files = null;
        for (String s : species) {
            String given = pseudopotentials.get(s);
            if (given != null) {
                out.put(s, given);
                continue;
            }
            if (files == null) {
                files = listPseudos();
            }
            List<String> candidates = new ArrayList<>();
            String lowerSym = s.toLowerCase(Locale.ROOT);
            for (String f : files) {
                String lf = f.toLowerCase(Locale.ROOT);
                if (lf.length() > lowerSym.length() && lf.startsWith(lowerSym)
                        && ".-_".indexOf(lf.charAt(lowerSym.length())) >= 0
                        && (functional == null || namesFunctional(lf, functional.toLowerCase(Locale.ROOT)))) {
                    candidates.add(f);
                }
            }
            if (candidates.size() != 1) {
                throw new UserInputException((candidates.isEmpty() ? "no pseudopotential" : "several pseudopotentials")
                        + " for " + s + (functional == null ? "" : " (" + functional + ")") + " in " + pseudoDir
                        + (candidates.isEmpty() ? "" : ": " + String.join(", ", candidates))
                        + "; choose one with --pseudo " + s + "=FILE");
            }
            out.put(s, candidates.get(0));
        }
        for (Map.Entry<String, String> e : out.entrySet()) {
            if (!Files.isRegularFile(pseudoDir.resolve(e.getValue()))) {
                throw new UserInputException("pseudopotential " + e.getValue() + " of " + e.getKey()
                        + " is not in " + pseudoDir);
            }
        }
        return out;
    }

    /** Whether a file name holds the functional as a word: "o.pbe-rrkjus.upf" names pbe, "o.pbesol-..." does not. */
    static boolean namesFunctional(String lowerName, String lowerFunctional) {
        return java.util.regex.Pattern.compile("(^|[^a-z])" + java.util.regex.Pattern.quote(lowerFunctional) + "([^a-z]|$)")
                .matcher(lowerName).find();
    }

    private List<String> listPseudos() {
        if (!Files.isDirectory(pseudoDir)) {
            throw new UserInputException("pseudopotential folder " + pseudoDir + " does not exist; give --pseudo-dir "
                    + "(Debian: apt-get install quantum-espresso-data)");
        }
        try (Stream<Path> s = Files.list(pseudoDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".upf")).sorted().toList();
        } catch (IOException e) {
            throw new UserInputException("cannot list " + pseudoDir + ": " + e.getMessage());
        }
    }

    /** {@return the settings as a JSON-friendly map (for the manifest)} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ecutwfc_ry", ecutwfc);
        m.put("ecutrho_ry", ecutrho);
        m.put("kpoints", kpoints.clone());
        m.put("pseudo_dir", pseudoDir.toString());
        m.put("functional", functional);
        m.put("conv_thr_ry", convThr);
        m.put("tr2_ph", tr2Ph);
        return m;
    }
}
