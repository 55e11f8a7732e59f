package org.zstar.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.zstar.cli.DataOptions;
import org.zstar.cli.DescriptorOptions;
import org.zstar.cli.LammpsOptions;
import org.zstar.cli.ModelOptions;
import org.zstar.cli.SparkOptionsBridge;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.spectra.StreamedDipoleDerivative;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zstar spark dmdt|train}: the main class for {@code spark-submit} (and {@code ./zstar spark} in local mode).
 * Exit codes and messages as zstar's: 0 done, 2 the user's mistake (one line naming file and line where one is to
 * blame), 1 an internal error ({@code --debug} prints its stack trace).
 */
@Command(name = "zstar spark", mixinStandardHelpOptions = true, subcommands = {CommandLine.HelpCommand.class},
        description = "zstar on Apache Spark: dM/dt over long trajectories (dmdt) and training on large sets (train).")
public final class SparkMain implements Runnable {
    /** Tests: a context that the commands use instead of starting (and stopping) their own. */
    static volatile JavaSparkContext shared;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (no System.exit, for tests). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)} with the given output and error streams. */
    public static int execute(PrintWriter out, PrintWriter errors, String... args) {
        org.zstar.cli.HelpTexts.install();
        CommandLine cl = new CommandLine(new SparkMain());
        cl.addSubcommand(new Dmdt());
        cl.addSubcommand(new Train());
        cl.setOut(out);
        cl.setErr(errors);
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        boolean debug = rest.removeIf("--debug"::equals) || "1".equals(System.getenv("ZSTAR_DEBUG"));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> SparkOptionsBridge.handle(ex, c, debug));
        return cl.execute(rest.toArray(new String[0]));
    }

    /** Options of the Spark context. */
    static final class SparkOptions {
        @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] (default: what "
                + "spark-submit sets, else local[*]).")
        String master;

        @Option(names = "--partitions", defaultValue = "0", paramLabel = "P", description = "Partitions of the "
                + "work (default 0: 4 per core for dmdt, 1 per core for train).")
        int partitions;

        /** A context and whether this run owns it (stops it at the end). */
        record Session(JavaSparkContext sc, boolean owned) implements AutoCloseable {
            @Override
            public void close() {
                if (owned) {
                    sc.stop();
                }
            }
        }

        Session start(String job) {
            if (shared != null) {
                return new Session(shared, false);
            }
            SparkConf conf = new SparkConf().setAppName("zstar " + job);
            if (master != null) {
                conf.setMaster(master);
            } else if (!conf.contains("spark.master")) {
                conf.setMaster("local[*]");
            }
            if (conf.get("spark.master").startsWith("local")) {
                // a local run listens on loopback only and has no web UI
                conf.setIfMissing("spark.driver.host", "127.0.0.1");
                conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
                conf.setIfMissing("spark.ui.enabled", "false");
            }
            JavaSparkContext sc = new JavaSparkContext(conf);
            sc.setLogLevel("WARN");
            return new Session(sc, true);
        }
    }

    @Command(name = "dmdt", mixinStandardHelpOptions = true, sortOptions = false,
            header = "dM/dt = sum_j Z_j v_j along a trajectory on Spark (the CSV of zstar dmdt).",
            description = {"As zstar dmdt, with the frames split over the cluster at byte offsets: extended XYZ and",
                "LAMMPS text dumps, plain or gzip-compressed (a gzip file is indexed by one task that decompresses",
                "it once; its partitions decompress again up to their frames), on a file system every executor",
                "sees at the same path."})
    static final class Dmdt implements Callable<Integer> {
        @Mixin
        SparkOptions sparkOptions;

        @Option(names = "--model", paramLabel = "MODEL", description = "Trained BEC model file. Either this or --charges.")
        Path model;

        @Option(names = "--charges", paramLabel = "EL=Q,...", description = "Fixed charges per species in e.")
        String charges;

        @Option(names = "--traj", arity = "1..*", required = true, paramLabel = "FILE",
                description = "Trajectory files, consecutive parts of one trajectory.")
        List<Path> trajectories;

        @Option(names = "--dt", paramLabel = "FS", description = "Time between frames in fs (default: the time_fs "
                + "spacing of the frames).")
        Double dt;

        @Option(names = "--ignore-velocities", description = "Central differences even when the frames have velocities.")
        boolean ignoreVelocities;

        @Mixin
        LammpsOptions lammps;

        @Option(names = "--format", paramLabel = "FORMAT", description = "extxyz or lammps instead of detection.")
        String format;

        @Option(names = "--block-frames", defaultValue = "" + StreamedDipoleDerivative.DEFAULT_BLOCK_FRAMES,
                paramLabel = "B", description = "Frames per block (as zstar dmdt; default: ${DEFAULT-VALUE}).")
        int blockFrames;

        @Option(names = "--chunk-mb", defaultValue = "64", paramLabel = "MB",
                description = "Bytes per indexing task, in MB (default: ${DEFAULT-VALUE}).")
        double chunkMb;

        @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV (on the driver).")
        Path out;

        @Option(names = "--progress-s", defaultValue = "60", paramLabel = "S", description = "Report the frames "
                + "predicted so far every S seconds on the error stream, 0 for never (default: ${DEFAULT-VALUE}).")
        double progressSeconds;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if ((model == null) == (charges == null)) {
                throw new org.zstar.util.UserInputException("give exactly one of --model and --charges");
            }
            if (!(chunkMb > 0)) {
                throw new org.zstar.util.UserInputException("--chunk-mb must be positive, got " + chunkMb);
            }
            BroadcastModel m = charges != null ? BroadcastModel.ofCharges(charges) : BroadcastModel.ofFile(model);
            SparkDmdt.Settings s = new SparkDmdt.Settings(trajectories, m, dt, !ignoreVelocities,
                    SparkOptionsBridge.readOptions(lammps, format), blockFrames,
                    Math.max(1, (long) (chunkMb * (1 << 20))), sparkOptions.partitions, out,
                    line -> spec.commandLine().getErr().println("zstar spark dmdt: " + line), progressSeconds);
            long t0 = System.nanoTime();
            SparkDmdt.Result r;
            try (SparkOptions.Session session = sparkOptions.start("dmdt")) {
                r = SparkDmdt.run(session.sc(), s);
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "wrote %s (%d frames of %d atoms from %d files%s: %d index tasks in %.1f s, %d "
                    + "partitions of %d blocks; %.1f s, %.1f frames/s, %.0f atoms/s)%n", out, r.frames(),
                    r.plan().atoms(), r.files(), r.gzip() ? ", gzip" : "", r.chunks(), r.indexSeconds(),
                    r.partitions(), r.blocks(), seconds, r.frames() / seconds,
                    r.frames() * (double) r.plan().atoms() / seconds);
            o.flush();
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Train a BEC model as zstar train does, with the normal equations summed on Spark.",
            description = {"The options of zstar train (all frames of --data train the model; no held-out split):",
                "the same data and options give the same references and, to rounding, the same weights."})
    static final class Train implements Callable<Integer> {
        @Mixin
        SparkOptions sparkOptions;

        @Option(names = "--model", required = true, paramLabel = "${sys:zstar.becKindLabels}",
                description = "Model form: ${sys:zstar.becKinds}.")
        String kind;

        @Mixin
        DataOptions data;

        @Mixin
        DescriptorOptions descriptor;

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--lambda-w", defaultValue = "1e-8", description = "Tikhonov regularisation, relative to the "
                + "mean diagonal of the normal matrix (default: ${DEFAULT-VALUE}).")
        double lambdaW;

        @Option(names = "--lambda-q", defaultValue = "0", description = "Charge regularisation weight (default: "
                + "${DEFAULT-VALUE}).")
        double lambdaQ;

        @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ModelKind modelKind = ModelKind.parse(kind);
            TrainingOptions options = SparkOptionsBridge.trainingOptions(modelOptions, modelKind, lambdaW, lambdaQ);
            List<Path> files = SparkOptionsBridge.files(data);
            long t0 = System.nanoTime();
            SparkTrain.Result r;
            org.zstar.io.ReadOptions read = SparkOptionsBridge.readOptions(data);
            try (SparkOptions.Session session = sparkOptions.start("train")) {
                r = SparkTrain.run(session.sc(), files, read,
                        species -> SparkOptionsBridge.parameters(descriptor, species), options, sparkOptions.partitions);
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            Map<String, Object> provenance = SparkTrain.provenance(files, read
                    .becRows().name().toLowerCase(Locale.ROOT), r.frames(), r.partitions());
            KernelBecModel model = r.model().withMetadata(provenance);
            ModelFiles.save(model, out);
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "model      %s, %d weights, %d frames in %d partitions, %.1f s%n", modelKind.label(),
                    r.columns(), r.frames(), r.partitions(), seconds);
            o.printf(Locale.ROOT, "solver     %s%n", r.solver());
            o.printf(Locale.ROOT, "train      RMSE %.4f e%n", r.trainRmse());
            o.printf(Locale.ROOT, "wrote      %s%n", out);
            o.flush();
            return 0;
        }
    }
}
