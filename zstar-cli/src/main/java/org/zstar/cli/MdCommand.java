package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.md.MdOutput;
import org.zstar.md.MdRun;
import org.zstar.md.MolecularDynamics;
import org.zstar.md.Thermostat;
import org.zstar.models.BecModel;
import org.zstar.models.ModelFiles;
import org.zstar.structure.Structure;
import org.zstar.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstar md}: molecular dynamics with a kernel force field. */
@Command(name = "md", header = "Molecular dynamics with a zstar force field (NVE, Bussi, Langevin).", mixinStandardHelpOptions = true,
        description = {"Molecular dynamics with a zstar force field: velocity Verlet (nve), with Bussi stochastic velocity",
            "rescaling (bussi) or Langevin BAOAB (langevin). Writes PREFIX.xyz (extended XYZ, unwrapped positions,",
            "velocities in A/fs, every K steps), PREFIX-thermo.csv (every step) and, with --bec-model,",
            "PREFIX-dmdt.csv (dM/dt = sum_j Z_j v_j in e*A/fs every --bec-every steps). Units: A, fs, eV, amu, K."})
public final class MdCommand implements Callable<Integer> {
    @Option(names = "--ff", required = true, paramLabel = "FF", description = "Force-field file (from train-ff).")
    Path ffFile;

    @Option(names = "--structure", required = true, paramLabel = "FILE",
            description = "Starting structure (any readable format).")
    Path structureFile;

    @Option(names = "--frame", defaultValue = "0", paramLabel = "K",
            description = "Frame of the structure file to start from, 0-based; -1 for the last (default: ${DEFAULT-VALUE}).")
    int frame;

    @Option(names = "--temperature", required = true, paramLabel = "K",
            description = "Temperature (K) of the initial Maxwell-Boltzmann velocities and of the thermostat.")
    double temperature;

    @Option(names = "--dt", required = true, paramLabel = "FS", description = "Time step (fs).")
    double dt;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "Number of steps.")
    long steps;

    @Option(names = "--thermostat", defaultValue = "nve", paramLabel = "nve|bussi|langevin",
            description = "Ensemble (default: ${DEFAULT-VALUE}).")
    String thermostat;

    @Option(names = "--tau", defaultValue = "100", paramLabel = "FS",
            description = "Relaxation time of the Bussi thermostat (default: ${DEFAULT-VALUE} fs).")
    double tau;

    @Option(names = "--friction", defaultValue = "0.01", paramLabel = "1/FS",
            description = "Langevin friction gamma (default: ${DEFAULT-VALUE} 1/fs).")
    double friction;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the initial velocities and thermostat noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--every", defaultValue = "10", paramLabel = "K",
            description = "Write a trajectory frame every K steps (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--file-velocities",
            description = "Start from the velocities (A/fs) stored in the structure file instead of drawing them.")
    boolean fileVelocities;

    @Option(names = "--bec-model", paramLabel = "MODEL",
            description = "BEC model file: also write dM/dt (PREFIX-dmdt.csv, for zstar ir --dmdt).")
    Path becModelFile;

    @Option(names = "--bec-every", defaultValue = "1", paramLabel = "K",
            description = "With --bec-model: dM/dt every K steps (default: ${DEFAULT-VALUE}); the spectrum then reaches "
                    + "1/(2 K dt), e.g. 4170 cm^-1 for K dt = 4 fs.")
    int becEvery;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Output prefix.")
    Path out;

    @CommandLine.Mixin
    FieldOptions fieldOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Thermostat th = Thermostat.parse(thermostat);
        MolecularDynamics.Settings settings = new MolecularDynamics.Settings(dt, th, temperature, tau, friction, seed);
        if (steps < 0) {
            throw new UsageException("--steps must be >= 0");
        }
        if (every < 1) {
            throw new UsageException("--every must be >= 1");
        }
        if (becEvery < 1) {
            throw new UsageException("--bec-every must be >= 1");
        }
        KernelForceField ff = ForceFieldFiles.load(ffFile);
        BecModel bec = becModelFile == null ? null : ModelFiles.load(becModelFile);
        List<Structure> frames = Readers.open(structureFile, ReadOptions.DEFAULTS).readAll();
        if (frames.isEmpty()) {
            throw new UsageException("no frames in " + structureFile);
        }
        int k = frame < 0 ? frames.size() + frame : frame;
        if (k < 0 || k >= frames.size()) {
            throw new UsageException("--frame " + frame + " is out of range (" + frames.size() + " frames)");
        }
        Structure start = frames.get(k);
        if (!fileVelocities) {
            start = start.toBuilder().velocities(null).build();
        } else if (!start.has(Structure.VELOCITIES)) {
            throw new UsageException(structureFile + " frame " + k + " has no velocities");
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new UsageException("--threads must be >= 1");
        }
        Structure first = start;
        org.zstar.md.FieldForceField fieldFf = fieldOptions.wrap(ff, bec, dt);
        org.zstar.md.ForceField driving = fieldFf != null ? fieldFf : ff;
        ForkJoinPool pool = new ForkJoinPool(nThreads);
        long t0 = System.nanoTime();
        try (MdOutput output = new MdOutput(out, bec != null); Progress p = Progress.start("md", steps);
                org.zstar.md.FieldLog fieldLog = FieldOptions.log(fieldFf, out)) {
            pool.submit(() -> {
                MolecularDynamics md = new MolecularDynamics(driving, first, settings, temperature);
                err.printf("md: %d atoms, %s, dt %.3g fs, %d steps, T0 %.1f K, %d threads%n", first.size(),
                        th.name().toLowerCase(java.util.Locale.ROOT), dt, steps, md.temperature(), nThreads);
                err.flush();
                if (fieldLog != null) {
                    fieldLog.record(0, fieldFf);
                }
                MdRun.run(md, steps, every, bec, becEvery, output, done -> {
                    p.step();
                    if (fieldLog != null) {
                        fieldLog.record(md.stepCount(), fieldFf);
                    }
                });
            }).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        PrintWriter o = spec.commandLine().getOut();
        o.printf(java.util.Locale.ROOT, "%d steps in %.1f s: %.2f steps/s (%.3f ps/day)%n", steps, seconds,
                steps / seconds, steps / seconds * dt * 86400 / 1000);
        o.printf("wrote %s.xyz, %s-thermo.csv%s%n", out, out, bec != null ? ", " + out + "-dmdt.csv" : "");
        o.flush();
        return 0;
    }
}
