package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.zstar.io.Format;
import org.zstar.io.FrameReader;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.BecModel;
import org.zstar.models.FixedChargeModel;
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((model == null) == (charges == null)) {
            throw new UsageException("give exactly one of --model and --charges");
        }
        ReadOptions read = lammps.applyTo(ReadOptions.builder().format(format == null ? null : Format.parse(format)))
                .build();
        BecModel becModel = charges != null ? FixedChargeModel.parse(charges) : ModelRegistry.readBecModel(model);
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
}
