package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.md.FieldForceField;
import org.zstar.md.FieldLog;
import org.zstar.md.MdGuard;
import org.zstar.md.MdInstabilityException;
import org.zstar.md.MolecularDynamics;
import org.zstar.md.ThermoWriter;
import org.zstar.md.Thermostat;
import org.zstar.md.TrajectoryWriter;
import org.zstar.models.BecModel;
import org.zstar.spectra.DipoleDerivativeSampler;
import org.zstar.structure.Structure;
import org.zstar.util.Progress;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstar md}: molecular dynamics with a kernel force field. */
@Command(name = "md", header = "Molecular dynamics with a zstar force field (NVE, Bussi, Langevin).", mixinStandardHelpOptions = true,
        description = {"Molecular dynamics with a zstar force field: velocity Verlet (nve), with Bussi stochastic velocity",
            "rescaling (bussi) or Langevin BAOAB (langevin). Writes PREFIX.xyz (extended XYZ, unwrapped positions,",
            "velocities in A/fs, every K steps), PREFIX-thermo.csv (every step) and, with --bec-model,",
            "PREFIX-dmdt.csv (dM/dt = sum_j Z_j v_j in e*A/fs every --bec-every steps). Units: A, fs, eV, amu, K.",
            "A guard stops the run (exit 2, files complete up to the step before) when it leaves physics: runaway",
            "temperature, non-finite energies or forces, atoms closer than --min-distance, or a drift of the conserved",
            "quantity beyond --max-drift. At the end: mean T and its spread against the canonical one, and the drift."})
public final class MdCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public MdCommand() {
    }

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

    @Option(names = "--bec-samples", defaultValue = "0", paramLabel = "S",
            description = "With --bec-model: also write dM/dt of S copies of the model with weights drawn from its "
                    + "posterior (S more column triples in PREFIX-dmdt.csv; zstar ir --dmdt then draws the model band); "
                    + "at least 2 (default: ${DEFAULT-VALUE}, none).")
    int becSamples;

    @Option(names = "--extrapolation-threshold", paramLabel = "EV_PER_A",
            description = "Monitor the force field's uncertainty: states whose RMS model standard deviation of the "
                    + "forces exceeds this (eV/A) are counted and written to PREFIX-candidates.xyz (candidates for new "
                    + "DFT labels); needs a force field with a posterior.")
    Double extrapolationThreshold;

    @Option(names = "--bec-extrapolation-threshold", paramLabel = "E",
            description = "With --bec-model: also monitor the BEC model's uncertainty: states whose RMS model standard "
                    + "deviation of the BEC components exceeds this (e) are counted and written with the force field's "
                    + "candidates to PREFIX-candidates.xyz; needs a BEC model with a posterior.")
    Double becExtrapolationThreshold;

    @Option(names = "--extrapolation-every", defaultValue = "10", paramLabel = "K",
            description = "With --extrapolation-threshold: check every K steps (default: ${DEFAULT-VALUE}).")
    int extrapolationEvery;

    @Option(names = "--bec-seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the posterior samples of --bec-samples (default: ${DEFAULT-VALUE}).")
    long becSeed;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    /** The extrapolation monitor of this run (null without --extrapolation-threshold). */
    private org.zstar.md.ExtrapolationMonitor monitor;

    @Option(names = "--no-guard",
            description = "Do not stop a run that leaves physics (see --max-temperature-factor, --min-distance, "
                    + "--max-drift).")
    boolean noGuard;

    @Option(names = "--max-temperature-factor", paramLabel = "F",
            defaultValue = "" + MdGuard.DEFAULT_MAX_TEMPERATURE_FACTOR,
            description = "Stop when T exceeds F times the reference temperature (the larger of --temperature and "
                    + "the start temperature; at least 1 + 10 sqrt(2/N_f) times it for small systems) "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxTemperatureFactor;

    @Option(names = "--min-distance", paramLabel = "A", defaultValue = "" + MdGuard.DEFAULT_MIN_DISTANCE_A,
            description = "Stop when two atoms come closer than this, in A; 0 switches the check off "
                    + "(default: ${DEFAULT-VALUE}).")
    double minDistance;

    @Option(names = "--max-drift", paramLabel = "EV", defaultValue = "" + MdGuard.DEFAULT_MAX_DRIFT_EV_PER_ATOM,
            description = "Stop when the conserved quantity (thermo column conserved_eV) moves more than this many "
                    + "eV per atom from its start value (default: ${DEFAULT-VALUE}).")
    double maxDrift;

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
        if (becSamples < 0 || becSamples == 1 || (becSamples > 0 && becModelFile == null)) {
            throw new UsageException("--bec-samples must be 0 or at least 2, and needs --bec-model");
        }
        MdGuard.Limits limits = guardLimits();
        KernelForceField ff = ModelRegistry.readForceField(ffFile);
        BecModel bec = becModelFile == null ? null : ModelRegistry.readBecModel(becModelFile);
        monitor = extrapolationMonitor(ff, bec);
        Structure start = startStructure();
        if (bec != null) {
            DipoleDerivativeSampler.requireKnownSpecies(bec, start);
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new UsageException("--threads must be >= 1");
        }
        // MD in an applied field: F_j += Z_j^T E(t) through the BEC model (docs/THEORY.md (EF1)-(EF3))
        FieldForceField fieldFf = fieldOptions.wrap(ff, bec, dt);
        ForkJoinPool pool = new ForkJoinPool(nThreads);
        long t0 = System.nanoTime();
        MdGuard.Summary summary;
        try {
            summary = pool.submit(() -> run(fieldFf != null ? fieldFf : ff, fieldFf, bec, start, settings, limits,
                    nThreads, err)).get();
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
        if (summary != null) {
            o.println(summary.describe());
        }
        if (monitor != null) {
            o.println(monitor.describe("eV/A") + (monitor.above() > 0 ? "; wrote " + out + "-candidates.xyz" : ""));
        }
        o.printf("wrote %s.xyz, %s-thermo.csv%s%n", out, out, bec != null ? ", " + out + "-dmdt.csv" : "");
        o.flush();
        return 0;
    }

    /**
     * The monitor of --extrapolation-threshold (force field) and --bec-extrapolation-threshold (BEC model), one
     * candidates file for both; null without either (docs/THEORY.md (FFU4)).
     */
    private org.zstar.md.ExtrapolationMonitor extrapolationMonitor(KernelForceField ff, BecModel bec) {
        List<org.zstar.md.ExtrapolationMonitor.Indicator> indicators = new java.util.ArrayList<>();
        if (extrapolationThreshold != null) {
            if (ff.posterior() == null) {
                throw new UsageException(ffFile + " has no weight posterior (trained before it was stored): retrain "
                        + "it to monitor extrapolation");
            }
            indicators.add(new org.zstar.md.ExtrapolationMonitor.Indicator("force field", "eV/A",
                    s -> ff.uncertainty(s).rmsForceModel(), extrapolationThreshold));
        }
        if (becExtrapolationThreshold != null) {
            if (!(bec instanceof org.zstar.models.KernelBecModel km) || km.posterior() == null) {
                throw new UsageException("--bec-extrapolation-threshold needs --bec-model with a weight posterior"
                        + (becModelFile == null ? "" : " (" + becModelFile + " has none: retrain it)"));
            }
            indicators.add(new org.zstar.md.ExtrapolationMonitor.Indicator("BEC model", "e",
                    s -> org.zstar.models.UncertainPrediction.rmsBecModelStd(km, s), becExtrapolationThreshold));
        }
        if (indicators.isEmpty()) {
            return null;
        }
        if (extrapolationEvery < 1) {
            throw new UsageException("--extrapolation-every must be >= 1");
        }
        return new org.zstar.md.ExtrapolationMonitor(indicators, out.resolveSibling(out.getFileName() + "-candidates.xyz"));
    }

    private MdGuard.Limits guardLimits() {
        if (noGuard) {
            return null;
        }
        try {
            return new MdGuard.Limits(maxTemperatureFactor, minDistance, maxDrift);
        } catch (IllegalArgumentException e) {
            throw new UsageException("guard limits: " + e.getMessage());
        }
    }

    private Structure startStructure() {
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
            return start.toBuilder().velocities(null).build();
        }
        if (!start.has(Structure.VELOCITIES)) {
            throw new UsageException(structureFile + " frame " + k + " has no velocities");
        }
        return start;
    }

    /**
     * The run itself: the integrator is built (and the species checked) before any file is created; the guard
     * is attached first so that a state which leaves physics is never written.
     */
    private MdGuard.Summary run(org.zstar.md.ForceField ff, FieldForceField fieldFf, BecModel bec, Structure start,
            MolecularDynamics.Settings settings, MdGuard.Limits limits, int nThreads, PrintWriter err) {
        MolecularDynamics md = new MolecularDynamics(ff, start, settings, temperature);
        err.printf("md: %d atoms, %s, dt %.3g fs, %d steps, T0 %.1f K, %d threads%n", start.size(),
                settings.thermostat().name().toLowerCase(java.util.Locale.ROOT), dt, steps, md.temperature(), nThreads);
        err.flush();
        MdGuard guard = limits == null ? null : new MdGuard(limits);
        String base = out.getFileName().toString();
        try (TrajectoryWriter xyz = new TrajectoryWriter(out.resolveSibling(base + ".xyz"));
                ThermoWriter thermo = new ThermoWriter(out.resolveSibling(base + "-thermo.csv"));
                DipoleDerivativeSampler dmdt = bec == null ? null
                        : new DipoleDerivativeSampler(bec, becSamples == 0 ? List.of()
                                : ModelPredictions.posteriorSamples(bec, becModelFile, becSamples, becSeed),
                                out.resolveSibling(base + "-dmdt.csv"));
                Progress p = Progress.start("md", steps);
                FieldLog fieldLog = FieldOptions.log(fieldFf, out)) {
            if (guard != null) {
                md.attach(guard, 1);
            }
            if (fieldLog != null) {
                fieldLog.record(md.stepCount(), fieldFf);
                long start0 = md.stepCount();
                md.attach(m -> {
                    if (m.stepCount() > start0) {
                        fieldLog.record(m.stepCount(), fieldFf);
                    }
                }, 1);
            }
            long first = md.stepCount();
            md.attach(m -> {
                if (m.stepCount() > first) {
                    p.step();
                }
            }, 1);
            if (dmdt != null) {
                md.attach(dmdt, becEvery);
            }
            md.attach(thermo, 1).attach(xyz, every);
            if (monitor != null) {
                md.attach(monitor, extrapolationEvery);
            }
            md.run(steps);
        } catch (MdInstabilityException e) {
            if (monitor != null) {
                err.println("md: up to the stop: " + monitor.describe("eV/A"));
            }
            if (guard.summary().steps() > 0) {
                err.println("md: up to the stop: " + guard.summary().describe());
                err.flush();
            }
            throw e;
        }
        finally {
            if (monitor != null) {
                monitor.close();
            }
        }
        return guard == null ? null : guard.summary();
    }
}
