package org.zstar.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.io.BecRows;
import org.zstar.io.Format;
import org.zstar.io.FrameReader;
import org.zstar.io.LammpsUnits;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.BecTrainer;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.TrainingCoreAdapter;
import org.zstar.models.TrainingCoreAdapter.FrameSums;
import org.zstar.models.TrainingOptions;
import org.zstar.models.UnitDescriptor;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * {@code zstar spark train}: {@code zstar train}'s model with the normal equations summed on a Spark cluster.
 * The driver reads the training frames once and selects the references exactly as {@code zstar train} does (the
 * same frames, species, descriptors, options and seed give the same references: the selection runs once, on the
 * driver); the executors read their own frames again from the files, build their design rows with the
 * references (a zero-weight model broadcast as a model file) and sum their normal equations; a tree aggregation
 * ({@code treeAggregate}) adds the partitions' sums, and the driver solves. See {@link TrainingCoreAdapter}.
 */
public final class SparkTrain {
    /** The model and what it took. */
    public record Result(KernelBecModel model, double trainRmse, String solver, long frames, int partitions,
            int columns) {
    }

    /** How an executor reads its frames ({@link ReadOptions} in a form Spark can ship). */
    record ReadSpec(Format format, BecRows becRows, ArrayList<String> species, boolean phononAsr,
            HashMap<Integer, String> lammpsTypes, LammpsUnits lammpsUnits) implements Serializable {
        static ReadSpec of(ReadOptions o) {
            return new ReadSpec(o.format(), o.becRows(), o.species() == null ? null : new ArrayList<>(o.species()),
                    o.phononAsr(), new HashMap<>(o.lammpsTypes()), o.lammpsUnits());
        }

        ReadOptions options() {
            return ReadOptions.builder().format(format).becRows(becRows).species(species).phononAsr(phononAsr)
                    .lammpsTypes(lammpsTypes).lammpsUnits(lammpsUnits).build();
        }
    }

    /** Frames {@code first .. first+count-1} of one file. */
    record Run(String path, int first, int count) implements Serializable {
    }

    /** One partition's frames. */
    record Work(List<Run> runs) implements Serializable {
    }

    private SparkTrain() {
    }

    /**
     * Trains on every frame of {@code data}.
     *
     * @param params descriptor hyper-parameters from the species of the data (zstar train's --r2 ... options)
     */
    public static Result run(JavaSparkContext sc, List<Path> data, ReadOptions read,
            java.util.function.Function<List<String>, DescriptorParameters> params, TrainingOptions options,
            int partitions) {
        List<Structure> frames = new ArrayList<>();
        List<Integer> perFile = new ArrayList<>();
        for (Path p : data) {
            try (FrameReader r = Readers.open(p, read)) {
                int before = frames.size();
                for (Structure s : r) {
                    frames.add(s);
                }
                perFile.add(frames.size() - before);
            }
        }
        if (frames.isEmpty()) {
            throw new UserInputException("no frames in " + data);
        }
        BecTrainer.PreparedData prepared = BecTrainer.prepare(frames, options.projectAsr());
        DescriptorParameters dp = params.apply(prepared.species());
        TrainingCoreAdapter.Setup setup = TrainingCoreAdapter.setup(prepared,
                new UnitDescriptor(new ScalarDescriptor(dp)), new VectorDescriptor(dp), options);
        frames = null; // the executors read their own frames
        prepared = null;
        int parts = Math.max(1, Math.min(partitions > 0 ? partitions : sc.defaultParallelism(), sumOf(perFile)));
        List<Work> work = split(data, perFile, parts);
        Broadcast<BroadcastModel> shell = sc.broadcast(shellFile(setup.shell()));
        ReadSpec spec = ReadSpec.of(read);
        boolean projectAsr = options.projectAsr();
        int m = setup.refs().columns();
        boolean charges = setup.spec().kind().hasCharges();
        FrameSums total;
        try {
            total = SparkDmdt.unwrap(() -> sc.parallelize(work, work.size()).treeAggregate(
                    FrameSums.zero(m, charges ? setup.refs().chargeBlockColumns() : 0),
                    (acc, w) -> acc.merge(sums(w, (KernelBecModel) shell.value().model(), spec, projectAsr)),
                    FrameSums::merge, 2));
        } finally {
            shell.destroy();
        }
        BecTrainer.Fit fit = TrainingCoreAdapter.solve(setup, total, options.lambdaW(), options.lambdaQ());
        return new Result(fit.model(), fit.trainRmse(), fit.solverReport(), total.frames(), work.size(), m);
    }

    private static int sumOf(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The frames in {@code parts} runs of nearly equal length, in frame order. One part sums the frames exactly as
     * zstar train does (one set of normal equations, frame order); more parts add partial sums, equal to rounding.
     */
    static List<Work> split(List<Path> data, List<Integer> perFile, int parts) {
        int total = sumOf(perFile);
        List<Work> out = new ArrayList<>();
        for (int t = 0; t < parts; t++) {
            int from = (int) ((long) total * t / parts);
            int to = (int) ((long) total * (t + 1) / parts);
            List<Run> runs = new ArrayList<>();
            int base = 0;
            for (int f = 0; f < perFile.size(); f++) {
                int a = Math.max(from, base);
                int b = Math.min(to, base + perFile.get(f));
                if (a < b) {
                    runs.add(new Run(data.get(f).toString(), a - base, b - a));
                }
                base += perFile.get(f);
            }
            if (!runs.isEmpty()) {
                out.add(new Work(runs));
            }
        }
        return out;
    }

    private static BroadcastModel shellFile(KernelBecModel shell) {
        try {
            Path tmp = Files.createTempFile("zstar-shell", ".json");
            try {
                ModelFiles.save(shell, tmp);
                return BroadcastModel.ofFile(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the references: " + e.getMessage(), e);
        }
    }

    /** One partition on an executor: read its frames, prepare them as the driver did, sum their rows. */
    static FrameSums sums(Work w, KernelBecModel shell, ReadSpec spec, boolean projectAsr) {
        List<Structure> frames = new ArrayList<>();
        ReadOptions read = spec.options();
        for (Run run : w.runs()) {
            try (FrameReader r = Readers.open(Path.of(run.path()), read)) {
                Iterator<Structure> it = r.iterator();
                for (int i = 0; i < run.first() + run.count(); i++) {
                    if (!it.hasNext()) {
                        throw new UserInputException(run.path() + " has fewer frames than when the driver read it");
                    }
                    Structure s = it.next();
                    if (i >= run.first()) {
                        frames.add(s);
                    }
                }
            }
        }
        // per frame, as on the driver: only the projection matters here (the species come with the shell)
        List<Structure> prepared = BecTrainer.prepare(frames, projectAsr).frames();
        return TrainingCoreAdapter.sums(shell, prepared.iterator());
    }

    /** The provenance zstar train writes with a model (data files; every frame is a training frame). */
    static Map<String, Object> provenance(List<Path> data, String becRows, long frames, int partitions) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("data", data.stream().map(Path::toString).toList());
        p.put("bec_rows", becRows);
        p.put("trained_with", "zstar spark train, " + partitions + " partitions, tree aggregation");
        p.put("train_frames", frames);
        return p;
    }
}
