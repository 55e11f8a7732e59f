package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.forcefield.ForceFieldMetrics;
import org.zstar.forcefield.ForceFieldTrainer;
import org.zstar.forcefield.ForceFieldDefaults;
import org.zstar.forcefield.ForceFieldTrainingOptions;
import org.zstar.models.SpeciesCounts;
import org.zstar.models.TrainingOptions;
import org.zstar.forcefield.KernelForceField;
import org.zstar.structure.Structure;
import org.zstar.util.FrameSelection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zstar train-ff}: a kernel force field from energies, forces and stresses. */
@Command(name = "train-ff", header = "Train a kernel force field on energies, forces and stresses.", mixinStandardHelpOptions = true,
        description = {"Train a kernel force field E = sum_i sum_B w_B (x_i.x_B)^zeta + sum_i e_s(i) on energies, forces",
            "and (when present) stresses; print test errors and write the force-field file."})
public final class TrainFfCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public TrainFfCommand() {
    }

    @Mixin
    FfData data;

    /** Input frames with energies, forces and (optionally) stresses. */
    static final class FfData {
        @Option(names = "--data", arity = "1..*", required = true, paramLabel = "FILE",
                description = "Structure files with energies and forces (stresses used when present; any readable "
                        + "format; frames are numbered 0-based over the files in the order given).")
        List<Path> files;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "Input format instead of detection: ${sys:zstar.formats}.")
        String format;

        List<Structure> readAll() {
            org.zstar.io.ReadOptions.Builder b = org.zstar.io.ReadOptions.builder();
            if (format != null) {
                b.format(org.zstar.io.Format.parse(format));
            }
            List<Structure> frames = org.zstar.io.Readers.readAll(files, b.build());
            if (frames.isEmpty()) {
                throw new UsageException("no frames in " + files);
            }
            return frames;
        }
    }

    @Option(names = "--test-frames", paramLabel = "SPEC",
            description = "Held-out frames, e.g. 90-99 (0-based over the files in order); the rest train.")
    String testFrames;

    @Option(names = "--train-frames", paramLabel = "SPEC",
            description = "Train only on these frames (default: every frame not held out).")
    String trainFrames;

    @Mixin
    DescriptorOptions descriptor;

    @Option(names = "--zeta", defaultValue = ForceFieldDefaults.ZETA_TEXT, description = "Kernel power of (x_i.x_B)^zeta (default: ${DEFAULT-VALUE}).")
    int zeta;

    @Option(names = "--refs", defaultValue = ForceFieldDefaults.REFERENCES_TEXT, paramLabel = "N|SYM=N,...",
            description = "Reference environments per species (default: ${DEFAULT-VALUE}).")
    String refs;

    @Option(names = "--selection", defaultValue = ForceFieldDefaults.SELECTION_TEXT, paramLabel = "cur|fps",
            description = "Sparse selection of reference environments: CUR or farthest point (default: ${DEFAULT-VALUE}).")
    String selection;

    @Option(names = "--lambda", defaultValue = ForceFieldDefaults.LAMBDA_TEXT,
            description = "Tikhonov regularisation, relative to the mean diagonal of the normal matrix (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--energy-weight", paramLabel = "W",
            description = "Weight of per-atom energy rows in 1/(eV/atom) (default: 1/std of the training per-atom energies).")
    Double energyWeight;

    @Option(names = "--force-weight", paramLabel = "W",
            description = "Weight of force rows in A/eV (default: 1/std of the training force components).")
    Double forceWeight;

    @Option(names = "--stress-weight", paramLabel = "W",
            description = "Weight of stress rows in A^3/eV; 0 ignores stresses (default: 1/std of the training stress components).")
    Double stressWeight;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "FF", description = "Force-field file to write.")
    Path out;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<Structure> frames = data.readAll();
        int n = frames.size();
        FrameSelection.Split parts = FrameSelection.trainTest(n, testFrames, null, trainFrames, 0L);
        int[] train = parts.train();
        int[] test = parts.test();
        List<Structure> trainSet = TrainCommand.pick(frames, train);
        List<Structure> testSet = TrainCommand.pick(frames, test);
        List<String> species = species(frames);
        ScalarDescriptor d = new ScalarDescriptor(descriptor.parameters(species, 5.0)); // the force field keeps R3 = 5 A (docs/RESULTS.md)
        ForceFieldTrainingOptions options = options();
        err.printf("training force field on %d frames (%d held out), species %s, %d descriptor features%n",
                train.length, test.length, species, d.components());
        err.flush();
        long t0 = System.nanoTime();
        KernelForceField ff = ForceFieldTrainer.train(trainSet, d, options);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("train_frames", train.length);
        summary.put("test_frames", test.length);
        summary.put("species", species);
        summary.put("train_seconds", seconds);
        summary.put("solver", ff.metadata().get("solve"));
        summary.put("references", ff.metadata().get("selection"));
        ForceFieldMetrics m = null;
        if (!testSet.isEmpty()) {
            m = ForceFieldMetrics.evaluate(ff, testSet);
            summary.put("test", m.toMap());
            Map<String, Object> u = ForceFieldMetrics.uncertainty(ff, testSet);
            if (!u.isEmpty()) {
                summary.put("test_uncertainty", u);
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>(ff.metadata());
        meta.put("data", data.files.stream().map(Path::toString).toList());
        meta.put("train_frame_indices", train);
        meta.put("test_frame_indices", test);
        meta.put("summary", new LinkedHashMap<>(summary));
        KernelForceField saved = new KernelForceField(ff.descriptor(), ff.species(), ff.zeta(), refsOf(ff),
                weightsOf(ff), ff.offsets(), meta, ff.posterior());
        ForceFieldFiles.save(saved, out);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            o.printf("trained in %.1f s; solver %s%n", seconds, summary.get("solver"));
            o.printf("references %s%n", summary.get("references"));
            if (m != null) {
                for (String line : m.lines()) {
                    o.println("test " + line);
                }
            }
            o.printf("wrote %s%n", out);
        }
        o.flush();
        return 0;
    }

    /** The training options of the command line; an option left out keeps its {@link ForceFieldDefaults} value. */
    ForceFieldTrainingOptions options() {
        Map<String, Integer> counts = new LinkedHashMap<>(Specs.perSpeciesCounts(refs, "--refs"));
        Integer others = counts.remove("*");
        ForceFieldTrainingOptions.Builder b = ForceFieldTrainingOptions.builder().zeta(zeta)
                .references(SpeciesCounts.of(others != null ? others : ForceFieldDefaults.REFERENCES, counts))
                .selection(TrainingOptions.Selection.parse(selection)).lambda(lambda)
                .threads(threads == null ? ForceFieldDefaults.threads() : threads);
        if (energyWeight != null) {
            b.energyWeight(energyWeight);
        }
        if (forceWeight != null) {
            b.forceWeight(forceWeight);
        }
        if (stressWeight != null) {
            b.stressWeight(stressWeight);
        }
        return b.build();
    }

    /** Species of all frames, sorted by atomic number. */
    static List<String> species(List<Structure> frames) {
        TreeMap<Integer, String> m = new TreeMap<>();
        for (Structure s : frames) {
            for (int i = 0; i < s.size(); i++) {
                m.put(s.atomicNumber(i), s.symbol(i));
            }
        }
        return new ArrayList<>(m.values());
    }

    private static double[][] refsOf(KernelForceField ff) {
        double[][] r = new double[ff.species().size()][];
        for (int s = 0; s < r.length; s++) {
            r[s] = ff.references(s);
        }
        return r;
    }

    private static double[][] weightsOf(KernelForceField ff) {
        double[][] r = new double[ff.species().size()][];
        for (int s = 0; s < r.length; s++) {
            r[s] = ff.weights(s);
        }
        return r;
    }
}
