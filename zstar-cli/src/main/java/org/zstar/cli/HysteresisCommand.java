package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.zstar.analysis.HysteresisLoop;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.md.ElectricField;
import org.zstar.md.FieldForceField;
import org.zstar.md.ForceField;
import org.zstar.md.MolecularDynamics;
import org.zstar.md.ThermoWriter;
import org.zstar.md.Thermostat;
import org.zstar.md.TrajectoryWriter;
import org.zstar.models.BecModel;
import org.zstar.plot.LinePlot;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.Progress;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zstar hysteresis}: a P(E) loop from MD in a sinusoidal field acting through a BEC model. */
@Command(name = "hysteresis", header = "P(E) hysteresis loop from MD in a sinusoidal field.", mixinStandardHelpOptions = true,
        description = {"Runs MD (Langevin by default) in E(t) = A d sin(2 pi t / T) acting through the BECs of the model",
            "(F_j,b += sum_a E_a Z_j,ab), records E.d and P.d every step, and reports the remanent polarisation",
            "and the coercive field of the last cycle (docs/THEORY.md (EF4)). Writes DIR/loop.csv, DIR/loop.png and",
            ".svg, DIR/hysteresis.json, DIR/md.xyz and DIR/md-thermo.csv."})
public final class HysteresisCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public HysteresisCommand() {
    }

    @Option(names = "--ff", required = true, paramLabel = "FF", description = "Force-field file (from train-ff).")
    Path ffFile;

    @Option(names = "--bec-model", required = true, paramLabel = "MODEL", description = "BEC model file.")
    Path becModelFile;

    @Option(names = "--structure", required = true, paramLabel = "FILE", description = "Starting structure (periodic).")
    Path structureFile;

    @Option(names = "--frame", defaultValue = "0", paramLabel = "K", description = "Frame, 0-based; -1 for the last (default: ${DEFAULT-VALUE}).")
    int frame;

    @Option(names = "--amplitude", required = true, paramLabel = "V/A", description = "Field amplitude A (V/A; 1 V/A = 100 MV/cm).")
    double amplitude;

    @Option(names = "--period", required = true, paramLabel = "FS", description = "Field period T (fs), a multiple of --dt.")
    double period;

    @Option(names = "--cycles", required = true, paramLabel = "N", description = "Number of field cycles.")
    int cycles;

    @Option(names = "--direction", defaultValue = "0,0,1", paramLabel = "DX,DY,DZ", description = "Field direction d (default: ${DEFAULT-VALUE}).")
    String direction;

    @Option(names = "--temperature", required = true, paramLabel = "K", description = "Temperature (K) of the thermostat and initial velocities.")
    double temperature;

    @Option(names = "--dt", defaultValue = "1", paramLabel = "FS", description = "Time step (default: ${DEFAULT-VALUE} fs).")
    double dt;

    @Option(names = "--thermostat", defaultValue = "langevin", paramLabel = "nve|bussi|langevin", description = "Ensemble (default: ${DEFAULT-VALUE}).")
    String thermostat;

    @Option(names = "--friction", defaultValue = "0.01", paramLabel = "1/FS", description = "Langevin friction (default: ${DEFAULT-VALUE} 1/fs).")
    double friction;

    @Option(names = "--tau", defaultValue = "100", paramLabel = "FS", description = "Bussi time constant (default: ${DEFAULT-VALUE} fs).")
    double tau;

    @Option(names = "--every", defaultValue = "100", paramLabel = "K", description = "Trajectory frame every K steps (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long perCycle = Math.round(period / dt);
        if (!(dt > 0) || !(period > 0) || perCycle < 4 || Math.abs(perCycle * dt - period) > 1e-9 * period) {
            throw new UsageException("--period must be a positive multiple of --dt with at least 4 steps per cycle");
        }
        if (cycles < 1 || every < 1 || !(amplitude >= 0) || (threads != null && threads < 1)) {
            throw new UsageException("--cycles and --every must be >= 1, --amplitude >= 0, --threads >= 1");
        }
        double[] d = PhononsReport.doubles(direction, "--direction");
        double norm = d.length == 3 ? Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) : 0;
        if (!(norm > 0)) {
            throw new UsageException("--direction needs 3 numbers, not all zero");
        }
        double[] unit = {d[0] / norm, d[1] / norm, d[2] / norm};
        MolecularDynamics.Settings settings = new MolecularDynamics.Settings(dt, Thermostat.parse(thermostat),
                temperature, tau, friction, seed);
        ForceField ff = ModelRegistry.readForceField(ffFile);
        BecModel bec = ModelRegistry.readBecModel(becModelFile);
        List<Structure> frames = Readers.open(structureFile, ReadOptions.DEFAULTS).readAll();
        int k = frame < 0 ? frames.size() + frame : frame;
        if (k < 0 || k >= frames.size()) {
            throw new UsageException("--frame " + frame + " is out of range (" + frames.size() + " frames)");
        }
        Structure start = frames.get(k).toBuilder().velocities(null).build();
        if (!start.isPeriodic()) {
            throw new UsageException("a hysteresis loop needs a periodic structure (the polarisation is per volume)");
        }
        ElectricField field = ElectricField.sine(new double[] {amplitude * unit[0], amplitude * unit[1],
            amplitude * unit[2]}, period, 0);
        FieldForceField driven = new FieldForceField(ff, bec, field, dt);
        Files.createDirectories(out);
        ForkJoinPool pool = new ForkJoinPool(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        try {
            double[][] series = pool.submit(() -> run(driven, start, settings, unit, perCycle * cycles)).get();
            report(series, (int) perCycle, start.cell().volume());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } finally {
            pool.shutdown();
        }
        return 0;
    }

    /** Runs the MD; returns {time, E.d, P.d} per step (step 0 included). */
    private double[][] run(FieldForceField driven, Structure start, MolecularDynamics.Settings settings,
            double[] unit, long steps) {
        double[][] s = new double[3][(int) steps + 1];
        try (TrajectoryWriter xyz = new TrajectoryWriter(out.resolve("md.xyz"));
                ThermoWriter thermo = new ThermoWriter(out.resolve("md-thermo.csv"));
                Progress p = Progress.start("hysteresis", steps)) {
            MolecularDynamics md = new MolecularDynamics(driven, start, settings, temperature);
            for (int i = 0; i <= steps; i++) {
                if (i > 0) {
                    md.step();
                    p.step();
                }
                double[] e = driven.lastField();
                double[] pol = driven.lastPolarization();
                s[0][i] = md.time();
                s[1][i] = e[0] * unit[0] + e[1] * unit[1] + e[2] * unit[2];
                s[2][i] = pol[0] * unit[0] + pol[1] * unit[1] + pol[2] * unit[2];
                thermo.observe(md);
                if (i % every == 0) {
                    xyz.observe(md);
                }
            }
        }
        return s;
    }

    private void report(double[][] s, int perCycle, double volume) throws Exception {
        // the last cycle: samples 1..N of the last period (its closing sample is the next cycle's first)
        int n = s[0].length;
        double[] e = java.util.Arrays.copyOfRange(s[1], n - perCycle, n);
        double[] p = java.util.Arrays.copyOfRange(s[2], n - perCycle, n);
        HysteresisLoop.Result r = HysteresisLoop.lastCycle(e, p, perCycle);
        double mean = 0;
        for (double v : p) {
            mean += v;
        }
        mean /= perCycle;
        double toUc = HysteresisLoop.E_PER_A2_IN_UC_PER_CM2 / volume;
        double centre = mean;
        AtomicFiles.writeText(out.resolve("loop.csv"), w -> {
            w.write("step,time_fs,E_V_A,P_eA,P_centred_uC_cm2\n");
            for (int i = 0; i < n; i++) {
                w.write(String.format(Locale.ROOT, "%d,%.4f,%.8g,%.10g,%.8g%n", i, s[0][i], s[1][i], s[2][i],
                        (s[2][i] - centre) * toUc));
            }
        });
        double[] eMv = new double[perCycle];
        double[] pUc = new double[perCycle];
        for (int i = 0; i < perCycle; i++) {
            eMv[i] = e[i] * HysteresisLoop.V_PER_A_IN_MV_PER_CM;
            pUc[i] = (p[i] - mean) * toUc;
        }
        plotLoop(eMv, pUc);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("remanent_polarization_uC_cm2", r.remanentDensityMicroCoulombPerCm2(volume));
        root.put("coercive_field_MV_cm", r.coerciveFieldMvPerCm());
        root.put("field_crossings_last_cycle", r.fieldCrossings());
        root.put("polarization_crossings_last_cycle", r.polarizationCrossings());
        root.put("amplitude_MV_cm", amplitude * HysteresisLoop.V_PER_A_IN_MV_PER_CM);
        root.put("period_fs", period);
        root.put("cycles", cycles);
        root.put("temperature_K", temperature);
        root.put("thermostat", thermostat);
        root.put("dt_fs", dt);
        root.put("volume_A3", volume);
        root.put("force_field", ffFile.toString());
        root.put("bec_model", becModelFile.toString());
        AtomicFiles.writeString(out.resolve("hysteresis.json"), mapper.writeValueAsString(root) + "\n");
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "last cycle: remanent polarisation %.2f uC/cm^2, coercive field %.2f MV/cm%n",
                r.remanentDensityMicroCoulombPerCm2(volume), r.coerciveFieldMvPerCm());
        o.printf("wrote %s/loop.csv, loop.png, loop.svg, hysteresis.json, md.xyz, md-thermo.csv%n", out);
        o.flush();
    }

    private void plotLoop(double[] eMv, double[] pUc) {
        // LinePlot needs ascending x: plot the rising and the falling branch separately
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < eMv.length; i++) {
            lo = eMv[i] < eMv[lo] ? i : lo;
            hi = eMv[i] > eMv[hi] ? i : hi;
        }
        double[][] up = branch(eMv, pUc, lo, hi);
        double[][] down = branch(eMv, pUc, hi, lo);
        LinePlot plot = new LinePlot("P(E), last cycle", "E (MV/cm)", "P - <P> (uC/cm^2)")
                .line("rising field", up[0], up[1], LinePlot.color(0))
                .line("falling field", down[0], down[1], LinePlot.color(1));
        plot.writePng(out.resolve("loop.png"));
        plot.writeSvg(out.resolve("loop.svg"));
    }

    /** Samples from index a to b (cyclically), sorted by E. */
    private static double[][] branch(double[] e, double[] p, int a, int b) {
        int n = e.length;
        int len = ((b - a) % n + n) % n + 1;
        Integer[] idx = new Integer[len];
        for (int i = 0; i < len; i++) {
            idx[i] = (a + i) % n;
        }
        java.util.Arrays.sort(idx, (x, y) -> Double.compare(e[x], e[y]));
        double[][] out = new double[2][len];
        for (int i = 0; i < len; i++) {
            out[0][i] = e[idx[i]];
            out[1][i] = p[idx[i]];
        }
        return out;
    }
}
