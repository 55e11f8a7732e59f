package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.io.Format;
import org.zstar.io.FrameReader;
import org.zstar.io.LammpsDumpReader;
import org.zstar.io.LammpsUnits;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.models.FixedChargeModel;
import org.zstar.plot.LinePlot;
import org.zstar.spectra.CorrelationWindow;
import org.zstar.spectra.IrAnalysis;
import org.zstar.spectra.QuantumCorrection;
import org.zstar.spectra.ReferenceSpectra;
import org.zstar.spectra.Spectrum;
import org.zstar.spectra.SpectrumBand;
import org.zstar.util.AtomicFiles;
import org.zstar.registry.ModelRegistry;
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
            "Writes PREFIX.csv (frequency_cm-1, mean/lower/upper_n_alpha_cm-1), PREFIX.json, PREFIX.png and PREFIX.svg.",
            "With --model-samples (or dM/dt files with posterior samples) also the BEC model's uncertainty: the",
            "spread of the spectra of weights drawn from the posterior, and the band combining it with the statistical one.",
            "Refused: frames that are not one trajectory sampled every --dt; charges that do not sum to zero.",
            "Warned: frequencies above Nyquist, few lags, differenced positions, a kinetic temperature far from",
            "--temperature."})
public final class IrCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public IrCommand() {
    }

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Trained BEC model file (zstar model format). Either this or --charges.")
    Path model;

    @Option(names = "--model-samples", defaultValue = "0", paramLabel = "S",
            description = "With --model: also predict dM/dt with S copies of the model whose weights are drawn from "
                    + "its posterior (S + 1 predictions per frame), giving the model band and the combined band "
                    + "(at least 2; default: ${DEFAULT-VALUE}, none). --dmdt files bring their own samples "
                    + "(zstar md --bec-samples).")
    int modelSamples;

    @Option(names = "--model-seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the posterior samples (default: ${DEFAULT-VALUE}).")
    long modelSeed;

    @Option(names = "--charges", paramLabel = "EL=Q,...",
            description = "Fixed charges per species in e instead of a model, e.g. O=-0.8,H=0.4; every frame must be "
                    + "neutral.")
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
            description = "Time between consecutive frames in fs (MD time step times the dump interval); checked "
                    + "against the frames' time_fs (zstar md's frames carry it; then --dt may be left out) and "
                    + "against the spacing of --dmdt files. Frames whose displacements do not follow their "
                    + "velocities x dt are refused.")
    Double dtOption;

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
                    + "along unwrapped positions (polarization; refused in a periodic cell for models with charges, "
                    + "whose P there is not the integral of Z: in a crystal dM/dt is the current sum_j Z_j v_j) "
                    + "(default: ${DEFAULT-VALUE}).")
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
                    + "YAML with tabulated n, k (converted to n alpha = n 4 pi k / lambda, in cm^-1). Drawn in "
                    + "its own (absolute) units unless --reference-scale max.")
    Path reference;

    @Option(names = "--reference-scale", defaultValue = "none", paramLabel = "none|max",
            description = "none: the reference as it is (absolute n alpha for refractiveindex.info data); max: "
                    + "multiplied so that its maximum in the plotted range equals that of the computed mean "
                    + "(default: ${DEFAULT-VALUE}).")
    String referenceScale;

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
        if (blocks < 1) {
            throw new UsageException("--blocks must be at least 1");
        }
        if (modelSamples != 0 && (model == null || trajectories == null)) {
            throw new UsageException("--model-samples needs --model and --traj (--dmdt files carry their own samples)");
        }
        if (modelSamples < 0 || modelSamples == 1) {
            throw new UsageException("--model-samples must be 0 or at least 2, not " + modelSamples);
        }
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
        IrAnalysis.Builder ir = IrAnalysis.builder().dt(dtOption).temperature(temperature)
                .window(CorrelationWindow.parse(window)).maxCorrTime(maxCorrTime).correction(QuantumCorrection.parse(qcf))
                .frequencyScale(scale).padding(padding).blocks(blocks).interval(SpectrumBand.Method.parse(ci))
                .volume(volume).useFileVelocities(!ignoreVelocities).frequencyRange(range[0], range[1])
                .route(routeName.equals("polarization") ? IrAnalysis.Route.POLARIZATION : IrAnalysis.Route.BEC);
        FixedChargeModel fixed = charges == null ? null : FixedChargeModel.parse(charges);
        if (dmdtFiles != null) {
            dmdtFiles.forEach(ir::dmdtFile);
        } else {
            if (fixed != null) {
                ir.charges(fixed.charges());
            } else {
                org.zstar.models.BecModel m = ModelRegistry.readBecModel(model);
                ir.model(m);
                if (modelSamples > 0) {
                    ir.modelSamples(ModelPredictions.posteriorSamples(m, model, modelSamples, modelSeed));
                }
            }
            for (Path p : trajectories) {
                ir.trajectory(p.toString(), () -> open(p, types, velocityFactor));
            }
        }
        if (reference != null) {
            ir.reference(reference.toString(), ReferenceSpectra.read(reference),
                    IrAnalysis.ReferenceScale.parse(referenceScale));
        }
        if (ProgressDisplays.isInteractive()) {
            ir.progress((name, frames) -> System.err.printf(Locale.ROOT, "%s: %d frames%n",
                    Path.of(name).getFileName(), frames));
        }
        IrAnalysis.Result r = ir.build().run();
        PrintWriter err = spec.commandLine().getErr();
        for (String w : r.warnings()) {
            err.println("warning: " + w);
        }
        err.flush();
        r.writeCsv(Path.of(out + ".csv"));
        writePlot(r, range);
        String source = dmdtFiles != null ? "dM/dt files of zstar md"
                : fixed != null ? "fixed charges " + fixed.charges() : "model " + model;
        AtomicFiles.writeString(Path.of(out + ".json"), IrJson.of(r, source, routeName,
                modelSamples > 0 ? modelSeed : null, range));
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s.csv, %s.json, %s.png, %s.svg (%d estimates, %d lags)%n", out, out, out, out,
                r.band().count(), r.lags());
        w.flush();
        return Main.EXIT_OK;
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

    private void writePlot(IrAnalysis.Result r, double[] range) {
        SpectrumBand band = r.band();
        String title = "IR spectrum, " + band.count() + (band.count() == 1 ? " estimate" : " estimates")
                + String.format(Locale.ROOT, ", T = %.0f K", temperature);
        double[] y = yAxis(r, range);
        IrAnalysis.ReferenceOverlay ref = r.reference();
        LinePlot plot = new LinePlot(title, "wavenumber (cm\u207b\u00b9)", "n\u03b1 (cm\u207b\u00b9)")
                .xRange(range[0], range[1])
                .legend(true, org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        if (y != null) {
            plot.yRange(y[0], y[1]);
        }
        org.zstar.spectra.ModelBand mb = r.modelBand();
        if (mb != null) {
            plot.band(band.count() > 1 ? "95 % total (statistical + model)" : "95 % model", band.wavenumbers(),
                    mb.totalLower(), mb.totalUpper(), LinePlot.color(0));
            if (band.count() > 1) {
                plot.band("95 % statistical alone", band.wavenumbers(), band.lower(), band.upper(), LinePlot.color(3));
                plot.band("95 % model alone", band.wavenumbers(), mb.lower(), mb.upper(), LinePlot.color(2));
            }
        } else if (band.count() > 1) {
            plot.band("95 % CI", band.wavenumbers(), band.lower(), band.upper(), LinePlot.color(0));
        }
        plot.line("computed (mean)", band.wavenumbers(), band.mean(), LinePlot.color(0));
        if (ref != null) {
            String label = ref.scale() == IrAnalysis.ReferenceScale.NONE ? "reference"
                    : String.format(Locale.ROOT, "reference \u00d7 %.3g", ref.factor());
            plot.line(label, ref.spectrum().wavenumbers(), ref.scaled().values(), LinePlot.color(1),
                    LinePlot.Dash.DASHED, false);
        }
        plot.writePng(Path.of(out + ".png"));
        plot.writeSvg(Path.of(out + ".svg"));
    }

    /**
     * The y-axis of the figure: from min(0, lowest mean) to 10 % above the highest of the mean and the drawn
     * reference within the range; the band, which can be wide with few estimates, does not set it. Null when flat.
     */
    static double[] yAxis(IrAnalysis.Result r, double[] range) {
        double top = r.mean().max(range[0], range[1]);
        if (r.reference() != null) {
            top = Math.max(top, r.reference().scaled().max(range[0], range[1]));
        }
        double bottom = Math.min(0.0, minimum(r.mean(), range));
        return top > bottom ? new double[] {bottom, bottom + 1.1 * (top - bottom)} : null;
    }

    private static double minimum(Spectrum s, double[] range) {
        double m = Double.MAX_VALUE;
        for (int i = 0; i < s.size(); i++) {
            if (s.wavenumbers()[i] >= range[0] && s.wavenumbers()[i] <= range[1]) {
                m = Math.min(m, s.values()[i]);
            }
        }
        return m == Double.MAX_VALUE ? 0.0 : m;
    }
}
