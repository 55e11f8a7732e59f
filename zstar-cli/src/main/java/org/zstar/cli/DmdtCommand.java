package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.zstar.io.Format;
import org.zstar.io.FrameReader;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.BecModel;
import org.zstar.models.FixedChargeModel;
import org.zstar.spectra.DipoleDerivativeSampler;
import org.zstar.spectra.StreamedDipoleDerivative;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstar dmdt}: dM/dt = sum_j Z_j v_j of a trajectory with a BEC model, streamed frame by frame, written in
 * the format of {@code zstar md --bec-model}'s PREFIX-dmdt.csv, so that {@code zstar ir --dmdt} reads it.
 */
@Command(name = "dmdt", header = "dM/dt = sum_j Z_j v_j along a trajectory, for zstar ir --dmdt.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time derivative of the dipole, dM/dt = sum_j Z_j v_j (e*A/fs), with the model's Born effective",
            "charges at every frame and the velocities of the frames (or central differences of unwrapped positions).",
            "Streams: memory does not grow with the trajectory. Several --traj files are consecutive parts of ONE",
            "trajectory, joined in the order given (run dmdt once per independent trajectory).",
            "Writes OUT (time_fs,dMx_dt_eA_per_fs,dMy_dt_eA_per_fs,dMz_dt_eA_per_fs,volume_A3), the format of",
            "zstar md --bec-model."})
public final class DmdtCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public DmdtCommand() {
    }

    @Option(names = "--model", paramLabel = "MODEL", description = "Trained BEC model file. Either this or --charges.")
    Path model;

    @Option(names = "--charges", paramLabel = "EL=Q,...", description = "Fixed charges per species in e instead of a "
            + "model, e.g. O=-0.8,H=0.4.")
    String charges;

    @Option(names = "--traj", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Trajectory files (extended XYZ, LAMMPS text dump, XDATCAR, ...), consecutive parts of one "
                    + "trajectory.")
    List<Path> trajectories;

    @Option(names = "--dt", paramLabel = "FS", description = "Time between frames in fs; default: the time_fs spacing "
            + "of the frames (zstar md's extended XYZ), which --dt is checked against when both exist.")
    Double dt;

    @Option(names = "--ignore-velocities",
            description = "Use central differences of unwrapped positions even when the frames have velocities.")
    boolean ignoreVelocities;

    @CommandLine.Mixin
    LammpsOptions lammps;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Trajectory format instead of detection: ${sys:zstar.formats}.")
    String format;

    @Option(names = "--block-frames", defaultValue = "" + StreamedDipoleDerivative.DEFAULT_BLOCK_FRAMES,
            paramLabel = "B", description = "Frames per block of the streamed computation; zstar spark dmdt with the "
                    + "same B gives bit-identical rows (default: ${DEFAULT-VALUE}).")
    int blockFrames;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV.")
    Path out;

    @Option(names = "--model-samples", defaultValue = "0", paramLabel = "S",
            description = "Also write dM/dt of S copies of the model with weights drawn from its posterior, in the "
                    + "columns dMx_dt_s1.. of md --bec-samples, so that zstar ir --dmdt draws the model band from this "
                    + "file (docs/THEORY.md (IRU1)); 0 or at least 2 (default: ${DEFAULT-VALUE}). The trajectory is "
                    + "read S + 1 times and the rows are held in memory (24 (S + 1) bytes per frame).")
    int modelSamples;

    @Option(names = "--model-seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the posterior samples of --model-samples (default: ${DEFAULT-VALUE}).")
    long modelSeed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((model == null) == (charges == null)) {
            throw new UsageException("give exactly one of --model and --charges");
        }
        ReadOptions read = lammps.applyTo(ReadOptions.builder().format(format == null ? null : Format.parse(format)))
                .build();
        if (modelSamples < 0 || modelSamples == 1 || (modelSamples > 0 && model == null)) {
            throw new UsageException("--model-samples must be 0 or at least 2, and needs --model");
        }
        BecModel becModel = charges != null ? FixedChargeModel.parse(charges) : ModelRegistry.readBecModel(model);
        if (modelSamples > 0) {
            return withSamples(becModel, read);
        }
        long[] rows = new long[1];
        StreamedDipoleDerivative.Plan[] plan = new StreamedDipoleDerivative.Plan[1];
        try (FrameReader reader = Readers.openJoined(trajectories, read)) {
            java.util.Iterator<Structure> frames = reader.iterator();
            AtomicFiles.writeText(out, w -> {
                w.write(StreamedDipoleDerivative.HEADER + "\n");
                plan[0] = StreamedDipoleDerivative.stream(becModel, frames, dt, !ignoreVelocities, blockFrames,
                        (p, r) -> {
                    StringBuilder sb = new StringBuilder();
                    StreamedDipoleDerivative.appendCsv(sb, p, r);
                    try {
                        w.write(sb.toString());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    rows[0] += r.rows();
                });
                if (plan[0] == null) {
                    throw new UsageException(trajectories.get(0) + ": no frames");
                }
            });
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "wrote %s (%d frames, dt %.6g fs, velocities %s)%n", out, rows[0], plan[0].dt(),
                plan[0].fileVelocities() ? "from the frames" : "by central differences of unwrapped positions");
        o.flush();
        return Main.EXIT_OK;
    }

    /** One pass per model (the model, then each posterior draw) with rows kept; one CSV with the sample columns. */
    private Integer withSamples(BecModel becModel, ReadOptions read) {
        List<BecModel> models = new ArrayList<>();
        models.add(becModel);
        models.addAll(ModelPredictions.posteriorSamples(becModel, model, modelSamples, modelSeed));
        List<List<StreamedDipoleDerivative.Rows>> passes = new ArrayList<>();
        StreamedDipoleDerivative.Plan plan = null;
        for (BecModel m : models) {
            List<StreamedDipoleDerivative.Rows> rows = new ArrayList<>();
            try (FrameReader reader = Readers.openJoined(trajectories, read)) {
                plan = StreamedDipoleDerivative.stream(m, reader.iterator(), dt, !ignoreVelocities, blockFrames,
                        (p, r) -> rows.add(r));
            }
            if (plan == null) {
                throw new UsageException(trajectories.get(0) + ": no frames");
            }
            passes.add(rows);
        }
        StreamedDipoleDerivative.Plan p = plan;
        long[] count = new long[1];
        AtomicFiles.writeText(out, w -> {
            w.write(DipoleDerivativeSampler.header(modelSamples));
            List<StreamedDipoleDerivative.Rows> main = passes.get(0);
            for (int b = 0; b < main.size(); b++) {
                StreamedDipoleDerivative.Rows r = main.get(b);
                for (int k = 0; k < r.rows(); k++) {
                    double v = r.volume()[k];
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.6f,%.10g,%.10g,%.10g,%s",
                            p.time(r.first() + k), r.dmdt()[3 * k], r.dmdt()[3 * k + 1], r.dmdt()[3 * k + 2],
                            Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.8g", v)));
                    for (int s = 1; s < passes.size(); s++) {
                        double[] d = passes.get(s).get(b).dmdt();
                        line.append(String.format(Locale.ROOT, ",%.10g,%.10g,%.10g", d[3 * k], d[3 * k + 1], d[3 * k + 2]));
                    }
                    w.write(line.append('\n').toString());
                    count[0]++;
                }
            }
        });
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "wrote %s (%d frames, dt %.6g fs, velocities %s, %d posterior samples, seed %d)%n", out,
                count[0], p.dt(), p.fileVelocities() ? "from the frames" : "by central differences of unwrapped positions",
                modelSamples, modelSeed);
        o.flush();
        return Main.EXIT_OK;
    }
}
