package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.dft.QeJobs;
import org.zstar.dft.QeSettings;
import org.zstar.io.Format;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstar dft qe prepare}: pw.x + ph.x inputs, one folder per structure. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Write, for every structure, a folder with a pw.x SCF input (forces on) and a ph.x input for the",
            "dielectric response at Gamma (epsil=.true., trans=.false.), plus manifest.json. K-points are always",
            "written as K_POINTS automatic (ph.x refuses pw.x's Gamma tricks)."})
public final class DftQePrepareCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public DftQePrepareCommand() {
    }

    @Option(names = "--structures", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Periodic structures, any readable format (every frame of every file, in order).")
    List<Path> structures;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Input format instead of detection: ${sys:zstar.formats}.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create the job folders in.")
    Path out;

    @Option(names = "--ecutwfc", paramLabel = "RY", defaultValue = "30",
            description = "Wavefunction cutoff in Ry (default: ${DEFAULT-VALUE}).")
    double ecutwfc;

    @Option(names = "--ecutrho", paramLabel = "RY",
            description = "Density cutoff in Ry (default: 8 x ecutwfc, as ultrasoft/PAW pseudopotentials need).")
    Double ecutrho;

    @Option(names = "--kpoints", paramLabel = "N1,N2,N3", defaultValue = "1,1,1",
            description = "Monkhorst-Pack grid, written as K_POINTS automatic (default: ${DEFAULT-VALUE}).")
    String kpoints;

    @Option(names = "--pseudo-dir", paramLabel = "DIR",
            description = "Pseudopotential folder (default: $ESPRESSO_PSEUDO, else /usr/share/espresso/pseudo).")
    Path pseudoDir;

    @Option(names = "--pseudo", paramLabel = "SYM=FILE,...",
            description = "Pseudopotential file per species, e.g. O=O.pbe-rrkjus.UPF,H=H.pbe-kjpaw.UPF (default: the "
                    + "only file in the pseudopotential folder named after the species and the functional).")
    String pseudo;

    @Option(names = "--functional", paramLabel = "NAME", defaultValue = "pbe",
            description = "Exchange-correlation functional, written as input_dft; 'none' keeps the pseudopotentials' "
                    + "(default: ${DEFAULT-VALUE}).")
    String functional;

    @Option(names = "--conv-thr", paramLabel = "RY", defaultValue = "1e-10",
            description = "pw.x SCF convergence threshold in Ry (default: ${DEFAULT-VALUE}).")
    double convThr;

    @Option(names = "--tr2-ph", defaultValue = "1e-12",
            description = "ph.x self-consistency threshold (default: ${DEFAULT-VALUE}).")
    double tr2Ph;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        QeSettings settings = settings();
        ReadOptions ro = format == null ? ReadOptions.DEFAULTS : ReadOptions.builder().format(Format.parse(format)).build();
        List<QeJobs.Job> jobs = new ArrayList<>();
        for (Path p : structures) {
            List<Structure> frames = Readers.open(p, ro).readAll();
            for (int i = 0; i < frames.size(); i++) {
                jobs.add(new QeJobs.Job(frames.get(i), p.toString(), i));
            }
        }
        List<Path> folders = QeJobs.prepare(jobs, out, settings);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("prepared %d job folders in %s (ecutwfc %s Ry, ecutrho %s Ry, k-points %s)%n", folders.size(), out,
                settings.ecutwfc(), settings.ecutrho(), kpoints);
        o.printf("next: zstar dft qe run %s%n", out);
        o.flush();
        return 0;
    }

    QeSettings settings() {
        String[] k = kpoints.split(",");
        if (k.length != 3) {
            throw new UsageException("--kpoints wants three integers N1,N2,N3, got '" + kpoints + "'");
        }
        int[] grid = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                grid[i] = Integer.parseInt(k[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--kpoints wants three integers N1,N2,N3, got '" + kpoints + "'");
            }
        }
        Path dir = pseudoDir;
        if (dir == null) {
            String env = System.getenv("ESPRESSO_PSEUDO");
            dir = env != null && !env.isBlank() ? Path.of(env) : QeSettings.DEBIAN_PSEUDO_DIR;
        }
        Map<String, String> pseudos = new LinkedHashMap<>();
        if (pseudo != null) {
            for (String part : pseudo.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) {
                    throw new UsageException("--pseudo wants SYM=FILE,..., got '" + part + "'");
                }
                String sym = part.substring(0, eq).trim();
                if (Element.atomicNumberOrMinusOne(sym) < 1) {
                    throw new UsageException("--pseudo: unknown element '" + sym + "'");
                }
                pseudos.put(Element.canonicalSymbol(sym), part.substring(eq + 1).trim());
            }
        }
        String f = functional.equalsIgnoreCase("none") ? null : functional;
        return new QeSettings(ecutwfc, ecutrho != null ? ecutrho : 8 * ecutwfc, grid, dir, pseudos, f, convThr, tr2Ph);
    }
}
