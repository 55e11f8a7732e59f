package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.io.Format;
import org.zstar.io.FrameReader;
import org.zstar.io.InputFiles;
import org.zstar.io.LammpsDumpReader;
import org.zstar.io.LammpsUnits;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.BecModel;
import org.zstar.models.FixedChargeModel;
import org.zstar.models.ModelFiles;
import org.zstar.plot.LinePlot;
import org.zstar.spectra.CorrelationWindow;
import org.zstar.spectra.DipoleDerivativeCsv;
import org.zstar.spectra.DipoleDerivativeSeries;
import org.zstar.spectra.IrSettings;
import org.zstar.spectra.IrSpectra;
import org.zstar.spectra.Peaks;
import org.zstar.spectra.QuantumCorrection;
import org.zstar.spectra.ReferenceSpectra;
import org.zstar.spectra.Spectrum;
import org.zstar.spectra.SpectrumBand;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstar ir}: IR spectra n(w) alpha(w) from MD trajectories, with a confidence band over trajectories
 * (and blocks), written as CSV, JSON, PNG and SVG.
 */
@Command(name = "ir", header = "Infrared spectrum with a 95 %% confidence band from MD trajectories.", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Infrared spectrum n(w) alpha(w) (cm^-1) from molecular-dynamics trajectories:",
            "dM/dt = sum_j Z_j v_j with the model's Born effective charges at every frame (or fixed charges),",
            "or read from the dM/dt files of zstar md --bec-model (--dmdt),",
            "its autocorrelation by FFT, n alpha = 1/(6 eps0 c V kB T) Int dt e^{-iwt} <dM/dt(0).dM/dt(t)>,",
            "and the mean over trajectories (and blocks) with a 95 %% confidence band.",
            "Writes PREFIX.csv (frequency_cm-1, mean, lower, upper), PREFIX.json, PREFIX.png and PREFIX.svg."})
public final class IrCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL",
            description = "Trained BEC model file (zstar model format). Either this or --charges.")
    Path model;

    @Option(names = "--charges", paramLabel = "EL=Q,...",
            description = "Fixed charges per species in e instead of a model, e.g. O=-0.8,H=0.4.")
    String charges;

    @Option(names = "--traj", arity = "1..*", paramLabel = "FILE",
            description = "Trajectory files (LAMMPS text dump, extended XYZ, VASP XDATCAR, ...; gzip detected). "
                    + "Each file is one independent trajectory. Either this or --dmdt.")
    List<Path> trajectories;

    @Option(names = "--dmdt", arity = "1..*", paramLabel = "FILE",
            description = "dM/dt series written by zstar md --bec-model (PREFIX-dmdt.csv), one per independent "
                    + "trajectory; no model and no frames needed. The time step and volume come from the files.")
    List<Path> dmdtFiles;

    @Option(names = "--dt", paramLabel = "FS",
            description = "Time between consecutive frames in fs (MD time step times the dump interval); required "
                    + "with --traj, checked against the files with --dmdt.")
    Double dtOption;

    /** Time between samples (fs): --dt, or the spacing of the --dmdt files. */
    private double dt;

    @Option(names = "--temperature", required = true, paramLabel = "K", description = "Temperature in K.")
    double temperature;

    @Option(names = "--window", defaultValue = "hann", paramLabel = "hann|gaussian|none",
            description = "Window on the correlation function (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--max-corr-time", paramLabel = "FS",
            description = "Maximum correlation time in fs (default: half the shortest trajectory or block).")
    Double maxCorrTime;

    @Option(names = "--qcf", defaultValue = "none", paramLabel = "none|harmonic|standard|schofield",
            description = "Quantum correction factor Q(w) of the dipole line shape; the classical n alpha is multiplied "
                    + "by Q (1 - e^{-x})/x, x = hbar w / kB T. harmonic equals none (the dM/dt formula is the "
                    + "harmonic-corrected one) (default: ${DEFAULT-VALUE}).")
    String qcf;

    @Option(names = "--scale", defaultValue = "1.0", paramLabel = "F",
            description = "Multiply the frequency axis by F, e.g. 0.985 for a 1.5 %% red shift (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--blocks", defaultValue = "1", paramLabel = "N",
            description = "Split every trajectory into N contiguous blocks, each one estimate (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--volume", paramLabel = "A3",
            description = "Volume in A^3 for the prefactor; required for non-periodic frames, overrides the cell "
                    + "volume (default: mean cell volume of each trajectory).")
    Double volume;

    @Option(names = "--route", defaultValue = "bec", paramLabel = "bec|polarization",
            description = "dM/dt as sum_j Z_j v_j (bec), or as central differences of the model's polarisation "
                    + "along unwrapped positions (polarization) (default: ${DEFAULT-VALUE}).")
    String route;

    @Option(names = "--ignore-velocities",
            description = "Use central differences of unwrapped positions even when the files have velocities.")
    boolean ignoreVelocities;

    @Option(names = "--ci", defaultValue = "auto", paramLabel = "auto|two-se|student-t",
            description = "Half-width of the 95 %% band: two-se = 2 standard errors of the mean, student-t = "
                    + "t(0.975, n-1) standard errors, auto = student-t below 10 estimates (default: ${DEFAULT-VALUE}).")
    String ci;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "Experimental spectrum to overlay: XY data (wavenumber, intensity) or a refractiveindex.info "
                    + "YAML with tabulated n, k (converted to n alpha = n 4 pi k / lambda). Scaled to the maximum "
                    + "of the computed mean within the plotted range.")
    Path reference;

    @Option(names = "--type-map", paramLabel = "T=EL,...",
            description = "LAMMPS dumps without an element column: element per atom type, e.g. 1=O,2=H.")
    String typeMap;

    @Option(names = "--lammps-units", defaultValue = "metal", paramLabel = "metal|real",
            description = "Units of LAMMPS dump velocities: metal (A/ps) or real (A/fs) (default: ${DEFAULT-VALUE}).")
    String lammpsUnits;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Input format instead of detection: ${sys:zstar.formats}.")
    String format;

    @Option(names = "--padding", defaultValue = "4", paramLabel = "P",
            description = "Zero-padding factor (power of two) of the correlation function; a finer frequency grid "
                    + "(default: ${DEFAULT-VALUE}).")
    int padding;

    @Option(names = "--plot-range", defaultValue = "0:4000", paramLabel = "MIN:MAX",
            description = "Wavenumber range of the figure in cm^-1 (default: ${DEFAULT-VALUE}); the CSV has all.")
    String plotRange;

    @Option(names = "--out", required = true, paramLabel = "PREFIX",
            description = "Output prefix: PREFIX.csv, PREFIX.json, PREFIX.png, PREFIX.svg.")
    String out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Progress lines every this many frames, only on a terminal. */
    private static final int PROGRESS_EVERY = 1000;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        return WorkerThreads.call(threads, this::spectrum);
    }

    private Integer spectrum() {
        if ((trajectories == null) == (dmdtFiles == null)) {
            throw new UsageException("give exactly one of --traj and --dmdt");
        }
        if (dmdtFiles != null) {
            if (model != null || charges != null) {
                throw new UsageException("--dmdt files already hold dM/dt: do not give --model or --charges");
            }
        } else if ((model == null) == (charges == null)) {
            throw new UsageException("give exactly one of --model and --charges");
        }
        if (trajectories != null && dtOption == null) {
            throw new UsageException("--dt is required with --traj");
        }
        if (blocks < 1) {
            throw new UsageException("--blocks must be at least 1");
        }
        CorrelationWindow win = CorrelationWindow.parse(window);
        QuantumCorrection q = QuantumCorrection.parse(qcf);
        SpectrumBand.Method ciMethod = SpectrumBand.Method.parse(ci);
        double[] range = parseRange(plotRange);
        double velocityFactor = switch (lammpsUnits.toLowerCase(Locale.ROOT)) {
            case "metal" -> LammpsDumpReader.METAL_VELOCITY_TO_A_PER_FS;
            case "real" -> LammpsDumpReader.REAL_VELOCITY_TO_A_PER_FS;
            default -> throw new UsageException("--lammps-units must be metal or real, not '" + lammpsUnits + "'");
        };
        Map<Integer, String> types = LammpsDumpReader.parseTypeMap(typeMap);
        String routeName = route.toLowerCase(Locale.ROOT);
        if (!routeName.equals("bec") && !routeName.equals("polarization")) {
            throw new UsageException("--route must be bec or polarization, not '" + route + "'");
        }
        List<double[]> series = new ArrayList<>();
        List<Double> volumes = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode trajNodes = root.putArray("trajectories");
        if (dmdtFiles != null) {
            readDmdtFiles(series, volumes, trajNodes);
        }
        FixedChargeModel fixed = charges == null ? null : FixedChargeModel.parse(charges);
        BecModel becModel = dmdtFiles != null ? null : fixed != null ? fixed : ModelFiles.load(model);
        if (trajectories != null) {
            dt = dtOption;
        }
        // validates the numbers early (dt, T, scale, padding, max correlation time)
        new IrSettings(dt, temperature, volume == null ? 1.0 : volume, win, maxCorrTime, q, scale, padding);

        boolean interactive = ProgressDisplays.isInteractive();
        for (Path p : trajectories == null ? List.<Path>of() : trajectories) {
            DipoleDerivativeSeries acc;
            if (routeName.equals("polarization")) {
                acc = DipoleDerivativeSeries.polarization(becModel, dt);
            } else if (fixed != null) {
                acc = DipoleDerivativeSeries.charges(fixed.charges(), dt, !ignoreVelocities);
            } else {
                acc = DipoleDerivativeSeries.bec(becModel, dt, !ignoreVelocities);
            }
            double volSum = 0;
            int atoms = 0;
            boolean periodic = true;
            Long firstStep = null;
            Long lastStep = null;
            Long stride = null;
            try (FrameReader r = open(p, types, velocityFactor)) {
                Structure s;
                while ((s = r.readNext()) != null) {
                    // frames must be equally spaced in time: check the MD step numbers when the file has them
                    if (s.info().get("timestep") instanceof Long step) {
                        if (lastStep != null) {
                            long d = step - lastStep;
                            if (stride == null) {
                                stride = d;
                            }
                            if (d != stride || d <= 0) {
                                throw new UsageException(p + ": frame " + acc.frames() + " is at step " + step
                                        + " after step " + lastStep + ", but the frames before were " + stride
                                        + " steps apart; the IR spectrum needs equally spaced frames");
                            }
                        } else {
                            firstStep = step;
                        }
                        lastStep = step;
                    }
                    acc.accept(s);
                    atoms = s.size();
                    if (s.isPeriodic()) {
                        volSum += s.cell().volume();
                    } else {
                        periodic = false;
                    }
                    if (interactive && acc.frames() % PROGRESS_EVERY == 0) {
                        System.err.printf(Locale.ROOT, "%s: %d frames%n", p.getFileName(), acc.frames());
                    }
                }
            }
            if (acc.frames() == 0) {
                throw new UsageException(p + ": no frames");
            }
            double v;
            if (volume != null) {
                v = volume;
            } else if (periodic) {
                v = volSum / acc.frames();
            } else {
                throw new UsageException(p + " has non-periodic frames: give the volume with --volume A3");
            }
            double[] d = acc.finish();
            List<double[]> parts = IrSpectra.blocks(d, blocks);
            series.addAll(parts);
            for (int b = 0; b < parts.size(); b++) {
                volumes.add(v);
            }
            ObjectNode t = trajNodes.addObject();
            t.put("file", p.toString());
            t.put("frames", acc.frames());
            t.put("atoms", atoms);
            t.put("volume_A3", v);
            t.put("velocities", routeName.equals("polarization") ? "not used (finite differences of P)"
                    : acc.velocitiesFromFile() ? "from file" : "central differences of unwrapped positions");
            t.put("mean_square_dMdt_eA2_per_fs2", IrSpectra.meanSquare(d));
            if (stride != null) {
                t.put("md_steps", firstStep + ".." + lastStep + " every " + stride);
            }
        }
        int shortest = Integer.MAX_VALUE;
        for (double[] x : series) {
            shortest = Math.min(shortest, x.length / 3);
        }
        List<Spectrum> spectra = new ArrayList<>();
        int lags = 0;
        for (int i = 0; i < series.size(); i++) {
            IrSettings s = new IrSettings(dt, temperature, volumes.get(i), win, maxCorrTime, q, scale, padding);
            lags = IrSpectra.lags(s, shortest);
            spectra.add(IrSpectra.spectrum(IrSpectra.autocorrelation(series.get(i), 3, lags), s));
        }
        SpectrumBand band = SpectrumBand.of(spectra, ciMethod);
        Spectrum mean = band.meanSpectrum();

        writeCsv(band);
        Spectrum ref = reference == null ? null : ReferenceSpectra.read(reference);
        double refFactor = Double.NaN;
        if (ref != null) {
            double refMax = ref.max(range[0], range[1]);
            double meanMax = mean.max(range[0], range[1]);
            if (!(refMax > 0)) {
                throw new UsageException(reference + " has no positive values in " + plotRange + " cm^-1");
            }
            refFactor = meanMax / refMax;
        }
        writePlot(band, ref, refFactor, range);

        ObjectNode settings = root.putObject("settings");
        settings.put("source", dmdtFiles != null ? "dM/dt files of zstar md"
                : fixed != null ? "fixed charges " + fixed.charges() : "model " + model);
        settings.put("route", routeName);
        settings.put("dt_fs", dt);
        settings.put("temperature_K", temperature);
        settings.put("window", win.name().toLowerCase(Locale.ROOT));
        settings.put("max_corr_time_fs", (lags - 1) * dt);
        settings.put("lags", lags);
        settings.put("quantum_correction", q.name().toLowerCase(Locale.ROOT));
        settings.put("frequency_scale", scale);
        settings.put("blocks_per_trajectory", blocks);
        settings.put("padding", padding);
        settings.put("frequency_step_cm-1", mean.wavenumbers()[1] - mean.wavenumbers()[0]);
        ObjectNode summary = root.putObject("summary");
        summary.put("estimates", band.count());
        summary.put("interval", "95 % band: mean +- " + String.format(Locale.ROOT, "%.4g", band.factor())
                + " standard errors of the mean over " + band.count() + " estimates ("
                + (band.factor() == 2.0 ? "two standard errors" : band.count() < 2 ? "no band from one estimate"
                        : "Student t quantile t(0.975, n-1)") + ")");
        if (blocks > 1) {
            summary.put("note", "blocks of one trajectory are treated as independent; this holds when a block is much "
                    + "longer than the correlation time of dM/dt");
        }
        summary.put("integral_0_to_max_cm-2", mean.integral(0, Double.MAX_VALUE));
        ArrayNode peaks = summary.putArray("peaks_cm-1");
        for (Peaks.Peak pk : Peaks.find(mean, Math.max(range[0], 50.0), range[1], 0.05, 100, 10)) {
            ObjectNode o = peaks.addObject();
            o.put("wavenumber", Math.round(pk.wavenumber() * 10) / 10.0);
            o.put("n_alpha_cm-1", pk.height());
        }
        if (ref != null) {
            ObjectNode r = root.putObject("reference");
            r.put("file", reference.toString());
            r.put("scaled_by", refFactor);
            r.put("scaling", "multiplied so that its maximum in the plotted range equals that of the computed mean");
            int i = ref.argMax(range[0], range[1]);
            r.put("peak_cm-1", ref.wavenumbers()[i]);
        }
        String json;
        try {
            json = mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        AtomicFiles.writeString(Path.of(out + ".json"), json);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s.csv, %s.json, %s.png, %s.svg (%d estimates, %d lags)%n", out, out, out, out,
                band.count(), lags);
        w.flush();
        return Main.EXIT_OK;
    }

    /** The --dmdt route: series, volumes and JSON entries from md's dM/dt files; sets dt. */
    private void readDmdtFiles(List<double[]> series, List<Double> volumes, ArrayNode trajNodes) {
        Double fileDt = null;
        for (Path p : dmdtFiles) {
            DipoleDerivativeCsv.Series d;
            try {
                d = DipoleDerivativeCsv.read(p);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (fileDt == null) {
                fileDt = d.dt();
            } else if (Math.abs(d.dt() - fileDt) > 1e-6 * fileDt) {
                throw new UsageException(p + " is sampled every " + d.dt() + " fs, " + dmdtFiles.get(0) + " every "
                        + fileDt + " fs; all files need the same spacing");
            }
            double v;
            if (volume != null) {
                v = volume;
            } else if (Double.isNaN(d.volume())) {
                throw new UsageException(p + " has no volume column (a molecule?): give the volume with --volume A3");
            } else {
                v = d.volume();
            }
            List<double[]> parts = IrSpectra.blocks(d.series(), blocks);
            series.addAll(parts);
            for (int b = 0; b < parts.size(); b++) {
                volumes.add(v);
            }
            ObjectNode t = trajNodes.addObject();
            t.put("file", p.toString());
            t.put("samples", d.rows());
            t.put("dt_fs", d.dt());
            t.put("volume_A3", v);
            t.put("mean_square_dMdt_eA2_per_fs2", IrSpectra.meanSquare(d.series()));
        }
        if (dtOption != null && Math.abs(dtOption - fileDt) > 1e-6 * fileDt) {
            throw new UsageException("--dt " + dtOption + " fs disagrees with the spacing of the --dmdt files ("
                    + fileDt + " fs)");
        }
        dt = fileDt;
    }

    private FrameReader open(Path p, Map<Integer, String> types, double velocityFactor) {
        LammpsUnits units = velocityFactor == LammpsDumpReader.REAL_VELOCITY_TO_A_PER_FS ? LammpsUnits.REAL
                : LammpsUnits.METAL;
        return Readers.open(p, ReadOptions.builder().format(format == null ? null : Format.parse(format))
                .lammpsTypes(types).lammpsUnits(units).build());
    }

    private static double[] parseRange(String s) {
        String[] t = s.split(":");
        try {
            if (t.length == 2) {
                double a = Double.parseDouble(t[0].trim());
                double b = Double.parseDouble(t[1].trim());
                if (b > a) {
                    return new double[] {a, b};
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UsageException("--plot-range must be MIN:MAX with MIN < MAX, not '" + s + "'");
    }

    private void writeCsv(SpectrumBand band) {
        AtomicFiles.writeText(Path.of(out + ".csv"), w -> {
            w.write("frequency_cm-1,mean,lower,upper\n");
            double[] nu = band.wavenumbers();
            for (int i = 0; i < nu.length; i++) {
                w.write(String.format(Locale.ROOT, "%.4f,%.8g,%.8g,%.8g%n", nu[i], band.mean()[i], band.lower()[i],
                        band.upper()[i]));
            }
        });
    }

    private void writePlot(SpectrumBand band, Spectrum ref, double refFactor, double[] range) {
        String title = "IR spectrum, " + band.count() + (band.count() == 1 ? " estimate" : " estimates")
                + String.format(Locale.ROOT, ", T = %.0f K", temperature);
        LinePlot plot = new LinePlot(title, "wavenumber (cm\u207b\u00b9)", "n\u03b1 (cm\u207b\u00b9)")
                .xRange(range[0], range[1])
                .legend(true, org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        if (band.count() > 1) {
            plot.band("95 % CI", band.wavenumbers(), band.lower(), band.upper(), LinePlot.color(0));
        }
        plot.line("computed (mean)", band.wavenumbers(), band.mean(), LinePlot.color(0));
        if (ref != null) {
            plot.line(String.format(Locale.ROOT, "reference \u00d7 %.3g", refFactor), ref.wavenumbers(),
                    ref.scaled(refFactor).values(), LinePlot.color(1), LinePlot.Dash.DASHED, false);
        }
        plot.writePng(Path.of(out + ".png"));
        plot.writeSvg(Path.of(out + ".svg"));
    }
}
