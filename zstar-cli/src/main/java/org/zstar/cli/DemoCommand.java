package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.zstar.demo.BecDemo;
import org.zstar.demo.MdDemo;
import org.zstar.structure.Structure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstar demo}: the README's main job. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train the monopole, dipole and combined BEC models on one seeded split of the built-in data",
            "(water8-pbe: 8 water molecules per periodic box, Quantum ESPRESSO PBE, made with 'zstar dft qe') or",
            "of your own files, print their test errors side by side; then train a force field on the frames' energies",
            "and forces (plus zstar's active-learning frames for the built-in data), run Bussi MD at 300 K with dM/dt",
            "from the combined model and compute the IR spectrum; write DIR/report.md with a parity plot and the spectrum."})
public final class DemoCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public DemoCommand() {
    }

    @Option(names = "--data", arity = "1..*", paramLabel = "FILE",
            description = "Structures with BECs instead of the built-in data.")
    List<Path> data;

    @Option(names = "--bec-rows", paramLabel = "auto|field|displacement", defaultValue = "auto",
            description = "Meaning of the rows of the BEC blocks in the --data files, as in train (default: "
                    + "${DEFAULT-VALUE}: what the rotational sum rule of isolated molecules says, else field).")
    String becRows;

    @Option(names = "--force-bec-rows",
            description = "Keep --bec-rows even where the rotational sum rule of the data says otherwise.")
    boolean forceBecRows;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "zstar-demo",
            description = "Folder of the report (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Held-out fraction of the frames (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--charge-refs", paramLabel = "N", defaultValue = "40",
            description = "Reference environments per species for the charges (default: ${DEFAULT-VALUE}).")
    int chargeRefs;

    @Option(names = "--dipole-refs", paramLabel = "N", defaultValue = "30",
            description = "Reference environments per species for the dipoles (default: ${DEFAULT-VALUE}).")
    int dipoleRefs;

    @Option(names = "--asr-references", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Project the reference BECs (training and test) onto the acoustic sum rule (default: on; "
                    + "--no-asr-references keeps them as computed).")
    boolean asrReferences;

    @Option(names = "--no-asr-projection", hidden = true, description = "Renamed: --no-asr-references.")
    void retiredNoAsrProjection(boolean ignored) {
        throw RetiredOptions.renamed(spec, "--no-asr-projection", "--no-asr-references",
                "the reference BECs are kept as computed");
    }

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--md-steps", paramLabel = "N", defaultValue = "8000",
            description = "Recorded MD steps of 0.5 fs for the IR spectrum, after 1000 equilibration steps "
                    + "(default: ${DEFAULT-VALUE}).")
    int mdSteps;

    @Option(names = "--no-md", description = "Skip the force field, MD and IR spectrum.")
    boolean noMd;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        if (mdSteps < 100) {
            throw new UsageException("--md-steps must be at least 100");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new UsageException("--test-fraction must be between 0 and 1 (exclusive), not " + testFraction);
        }
        PrintWriter o = spec.commandLine().getOut();
        List<Structure> frames;
        String label;
        if (data == null || data.isEmpty()) {
            if (!"auto".equalsIgnoreCase(becRows) || forceBecRows) {
                throw new UsageException("--bec-rows and --force-bec-rows apply to --data files; the built-in data "
                        + "are read as they were written (rows = field)");
            }
            frames = BecDemo.builtInData();
            label = BecDemo.builtInLabel(frames.size());
        } else {
            frames = DataOptions.read(data, becRows, forceBecRows, null, spec.commandLine().getErr(),
                    new java.util.LinkedHashMap<>(), null);
            label = data.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("");
        }
        BecDemo.Options d = BecDemo.Options.defaults();
        BecDemo.Options opts = new BecDemo.Options(testFraction, seed, chargeRefs, dipoleRefs, d.r2(), d.r3(), d.n2(),
                d.n3(), d.lmax(), asrReferences, threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        BecDemo.Result r = BecDemo.run(frames, label, opts, line -> {
            o.println(line);
            o.flush();
        });
        String mdSection = null;
        if (!noMd) {
            mdSection = runMd(frames, r, opts, o);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        o.println();
        o.print(BecDemo.table(r));
        Path report = BecDemo.writeReport(r, out, "zstar demo" + (data == null ? "" : " --data ...") + " --out " + out,
                seconds, mdSection);
        o.printf(Locale.ROOT, "%nwrote %s (parity plot %s%s) in %.0f s%n", report, out.resolve("parity.png"),
                mdSection == null ? "" : ", IR spectrum " + out.resolve("ir.png"), seconds);
        o.flush();
        return 0;
    }

    /**
     * The force field (training frames of the BEC split that have energies and forces, plus zstar's
     * active-learning frames for the built-in data), MD from the last of those, and the IR spectrum with the
     * combined model. Returns the report section, or null (with a message) when the data have no forces.
     */
    private String runMd(List<Structure> frames, BecDemo.Result r, BecDemo.Options opts, PrintWriter o) {
        List<Structure> ffTrain = new ArrayList<>();
        for (Structure s : r.train()) {
            if (s.energy() != null && s.has(Structure.FORCES)) {
                ffTrain.add(s);
            }
        }
        List<Structure> ffTest = new ArrayList<>();
        for (Structure s : r.test()) {
            if (s.energy() != null && s.has(Structure.FORCES)) {
                ffTest.add(s);
            }
        }
        if (data == null) {
            ffTrain.addAll(MdDemo.builtInMdData());
        }
        if (ffTrain.size() < 5 || ffTest.isEmpty()) {
            o.println("MD skipped: the data need energies and forces (at least 5 training and 1 test frame)");
            return null;
        }
        BecDemo.ModelResult combined = r.models().get(r.models().size() - 1);
        MdDemo.Options mo = MdDemo.Options.defaults().withSteps(1000, mdSteps, 4);
        mo = new MdDemo.Options(mo.refs(), mo.temperature(), mo.dt(), mo.equilibration(), mo.steps(), mo.becEvery(),
                mo.blocks(), opts.seed(), opts.threads());
        Structure start = ffTrain.get(ffTrain.size() - 1);
        MdDemo.Result mr = MdDemo.run(ffTrain, ffTest, start, combined.model(), mo, out, line -> {
            o.println(line);
            o.flush();
        });
        return MdDemo.reportSection(mr, mo);
    }
}
