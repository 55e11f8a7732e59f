package org.zstar.spectra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ObjIntConsumer;
import org.zstar.io.FrameReader;
import org.zstar.models.BecModel;
import org.zstar.models.FixedChargeModel;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.UserInputException;

/**
 * The IR workflow (docs/THEORY.md, "IR spectra"): dM/dt from trajectories (a BEC model, fixed charges, or the
 * model's polarisation), from the dM/dt files of {@code zstar md}, or from series in memory; blocks; one spectrum per
 * trajectory or block on a common grid; mean with a 95 % band; peaks; an optional reference. The frames are checked
 * to be a trajectory sampled every dt ({@link TrajectoryCheck}), and what may spoil the result without being wrong
 * is returned as warnings. With posterior samples of the BEC model ({@link Builder#modelSamples}, or the sample
 * columns of dM/dt files) the result also has the model band ({@link ModelBand}, docs/THEORY.md (IRU1)-(IRU3)).
 * Build with {@link #builder()}:
 * <pre>{@code
 * IrAnalysis.Result r = IrAnalysis.builder().charges(Map.of("O", -0.8, "H", 0.4))
 *         .trajectory("md.xyz", () -> Readers.open(Path.of("md.xyz"), ReadOptions.DEFAULTS))
 *         .temperature(300).build().run();
 * r.writeCsv(Path.of("ir.csv"));
 * }</pre>
 */
public final class IrAnalysis {
    /** Fewer lags than this give a coarse spectrum (warned). */
    public static final int MIN_LAGS = 100;
    /** Kinetic temperatures further than this (relative) from the given temperature are warned about. */
    public static final double TEMPERATURE_TOLERANCE = 0.25;
    /** Header of the spectrum CSV (units in every column). */
    public static final String CSV_HEADER = "frequency_cm-1,mean_n_alpha_cm-1,lower_n_alpha_cm-1,upper_n_alpha_cm-1\n";
    /**
     * Columns added to {@link #CSV_HEADER} when the result has a model band: the model standard deviation, the model
     * band alone and the combined band ({@link ModelBand}); lower/upper stay the statistical band.
     */
    public static final String CSV_MODEL_COLUMNS = ",model_std_n_alpha_cm-1,model_lower_n_alpha_cm-1,"
            + "model_upper_n_alpha_cm-1,total_lower_n_alpha_cm-1,total_upper_n_alpha_cm-1";

    /** How dM/dt is obtained from frames. */
    public enum Route {
        /** (D1) {@code sum_j Z_j v_j} with the model's BECs. */
        BEC,
        /** (D3) finite differences of the model's polarisation. */
        POLARIZATION
    }

    /** Opens one trajectory (each call a fresh reader). */
    @FunctionalInterface
    public interface FrameSource {
        /** {@return a fresh reader on the trajectory} */
        FrameReader open();
    }

    /** How the reference spectrum is drawn against the computed one. */
    public enum ReferenceScale {
        /** As it is, in its own units (n alpha in cm^-1 for refractiveindex.info data). */
        NONE,
        /** Multiplied so that its maximum in the frequency range equals that of the computed mean. */
        MAX;

        /**
         * A scale by its command-line name ("none" or "absolute", "max"), case-insensitive.
         *
         * @param s the name
         * @return the scale
         */
        public static ReferenceScale parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "none", "absolute" -> NONE;
                case "max" -> MAX;
                default -> throw new UserInputException("unknown reference scaling '" + s + "' (use none or max)");
            };
        }
    }

    /**
     * Peak search: maxima in [from, to] cm^-1, at least minRelativeHeight of the largest, separation apart.
     *
     * @param from the lower end (cm^-1)
     * @param to the upper end (cm^-1)
     * @param minRelativeHeight the smallest height relative to the largest
     * @param separation the smallest distance between peaks (cm^-1)
     * @param max the largest number of peaks
     */
    public record PeakSearch(double from, double to, double minRelativeHeight, double separation, int max) {
    }

    /**
     * One trajectory, dM/dt file or series.
     *
     * @param name               file name or label
     * @param frames             frames (or dM/dt samples)
     * @param atoms              atoms per frame (0 for dM/dt series)
     * @param volumeA3           volume used in the prefactor
     * @param velocities         where the velocities came from (null for dM/dt series)
     * @param meanSquareDmdt     mean of |dM/dt|^2, (e*A/fs)^2
     * @param mdSteps            "first..last every stride" of the MD steps in the frames, or null
     * @param dtFs               spacing of the samples (fs)
     * @param kineticTemperature mean kinetic temperature of the frames (K), NaN when not measured
     * @param fromFrames         true for trajectories, false for dM/dt series
     * @param correlation        (T6) correlation of displacements and velocities x dt, NaN without velocities
     * @param displacementRatio  (T6) displacements over velocities x dt (least squares), NaN without velocities
     */
    public record TrajectoryInfo(String name, int frames, int atoms, double volumeA3, String velocities,
            double meanSquareDmdt, String mdSteps, double dtFs, double kineticTemperature, boolean fromFrames,
            double correlation, double displacementRatio) {
    }

    /**
     * The reference as drawn: the spectrum, the factor it was multiplied by, and its maximum in the range.
     *
     * @param name the reference's name
     * @param spectrum the reference as read
     * @param scale how it is scaled
     * @param factor the factor it was multiplied by
     * @param peakWavenumber the wavenumber of its maximum in the frequency range (cm^-1)
     */
    public record ReferenceOverlay(String name, Spectrum spectrum, ReferenceScale scale, double factor,
            double peakWavenumber) {
        /** {@return the reference multiplied by its factor} */
        public Spectrum scaled() {
            return spectrum.scaled(factor);
        }
    }

    /**
     * The analysis: the mean spectrum with its band, the settings used, peaks and warnings.
     *
     * @param band        mean and 95 % band over the estimates
     * @param dtFs        time between samples (fs)
     * @param lags        lags K of the correlation functions
     * @param settings    the spectrum settings (the volume of the first estimate)
     * @param blocks      blocks per trajectory
     * @param trajectories one entry per trajectory or dM/dt series
     * @param warnings    what may spoil the result (also printed by the command line)
     * @param peaks       peaks of the mean, sorted by decreasing height
     * @param reference   the reference overlay, or null
     * @param modelBand   the BEC model's uncertainty and the combined band, or null without posterior samples
     */
    public record Result(SpectrumBand band, double dtFs, int lags, IrSettings settings, int blocks,
            List<TrajectoryInfo> trajectories, List<String> warnings, List<Peaks.Peak> peaks,
            ReferenceOverlay reference, ModelBand modelBand) {
        /** {@return the mean spectrum over the estimates} */
        public Spectrum mean() {
            return band.meanSpectrum();
        }

        /** {@return Nyquist wavenumber {@code 1 / (2 c dt)} (cm^-1, times the frequency scale)} */
        public double nyquist() {
            return settings.frequencyScale() / (2 * IrUnits.C_CM_PER_FS * dtFs);
        }

        /**
         * Writes the spectrum CSV ({@link #CSV_HEADER}), atomically.
         *
         * @param path the destination
         */
        public void writeCsv(Path path) {
            AtomicFiles.writeText(path, w -> {
                w.write(modelBand == null ? CSV_HEADER : CSV_HEADER.strip() + CSV_MODEL_COLUMNS + "\n");
                double[] nu = band.wavenumbers();
                for (int i = 0; i < nu.length; i++) {
                    w.write(String.format(Locale.ROOT, "%.4f,%.8g,%.8g,%.8g", nu[i], band.mean()[i],
                            band.lower()[i], band.upper()[i]));
                    if (modelBand != null) {
                        w.write(String.format(Locale.ROOT, ",%.8g,%.8g,%.8g,%.8g,%.8g", modelBand.std()[i],
                                modelBand.lower()[i], modelBand.upper()[i], modelBand.totalLower()[i],
                                modelBand.totalUpper()[i]));
                    }
                    w.write("\n");
                }
            });
        }
    }

    private final Builder b;

    private IrAnalysis(Builder b) {
        this.b = b;
    }

    /** {@return a builder with the command line's defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of an IR analysis; defaults as on the command line. */
    public static final class Builder {
        /** A builder with the command line's defaults. */
        public Builder() {
        }

        private BecModel model;
        private List<BecModel> modelSamples = List.of();
        private Map<String, Double> charges;
        private Route route = Route.BEC;
        private final List<String> names = new ArrayList<>();
        private final List<FrameSource> sources = new ArrayList<>();
        private final List<Path> dmdtFiles = new ArrayList<>();
        private final List<String> seriesNames = new ArrayList<>();
        private final List<DipoleDerivativeCsv.Series> series = new ArrayList<>();
        private Double dt;
        private double temperature = Double.NaN;
        private CorrelationWindow window = CorrelationWindow.HANN;
        private Double maxCorrTime;
        private QuantumCorrection correction = QuantumCorrection.NONE;
        private double frequencyScale = 1.0;
        private int padding = 4;
        private int blocks = 1;
        private SpectrumBand.Method interval = SpectrumBand.Method.AUTO;
        private Double volume;
        private boolean useFileVelocities = true;
        private double rangeFrom = 0;
        private double rangeTo = 4000;
        private PeakSearch peakSearch;
        private Spectrum reference;
        private String referenceName;
        private ReferenceScale referenceScale = ReferenceScale.NONE;
        private ObjIntConsumer<String> progress = (n, f) -> { };

        /**
         * dM/dt from the BECs (or polarisation, see {@link #route}) of a model at every frame.
         *
         * @param m the BEC model
         * @return this builder
         */
        public Builder model(BecModel m) {
            this.model = m;
            return this;
        }

        /**
         * Copies of the model with weights drawn from its posterior ({@code KernelBecModel.posteriorSamples}): each
         * gives dM/dt along the same trajectories, and their spread the model band (at least 2; none by default).
         *
         * @param samples the posterior copies of the model
         * @return this builder
         */
        public Builder modelSamples(List<? extends BecModel> samples) {
            this.modelSamples = List.copyOf(samples);
            return this;
        }

        /**
         * dM/dt from fixed charges per species (e); the frames must be neutral.
         *
         * @param q element symbol to charge (e)
         * @return this builder
         */
        public Builder charges(Map<String, Double> q) {
            this.charges = Map.copyOf(q);
            return this;
        }

        /**
         * How dM/dt is obtained from the model (BECs or polarisation).
         *
         * @param r the route
         * @return this builder
         */
        public Builder route(Route r) {
            this.route = Objects.requireNonNull(r);
            return this;
        }

        /**
         * One more trajectory (an independent estimate).
         *
         * @param name the name of the trajectory in reports
         * @param source opens the trajectory
         * @return this builder
         */
        public Builder trajectory(String name, FrameSource source) {
            names.add(name);
            sources.add(source);
            return this;
        }

        /**
         * One more dM/dt file of {@code zstar md} (an independent estimate).
         *
         * @param p the file
         * @return this builder
         */
        public Builder dmdtFile(Path p) {
            dmdtFiles.add(p);
            return this;
        }

        /**
         * One more dM/dt series in memory (an independent estimate).
         *
         * @param name the name of the series in reports
         * @param s the series
         * @return this builder
         */
        public Builder series(String name, DipoleDerivativeCsv.Series s) {
            seriesNames.add(name);
            series.add(s);
            return this;
        }

        /**
         * Time between frames (fs); null to take it from the frames' time_fs or the dM/dt series.
         *
         * @param fs the time between frames (fs), or null
         * @return this builder
         */
        public Builder dt(Double fs) {
            this.dt = fs;
            return this;
        }

        /**
         * The temperature of the trajectories (K).
         *
         * @param k the temperature (K)
         * @return this builder
         */
        public Builder temperature(double k) {
            this.temperature = k;
            return this;
        }

        /**
         * The window of the correlation function.
         *
         * @param w the window
         * @return this builder
         */
        public Builder window(CorrelationWindow w) {
            this.window = w;
            return this;
        }

        /**
         * Maximum correlation time (fs); null for half the shortest series or block.
         *
         * @param fs the time (fs), or null
         * @return this builder
         */
        public Builder maxCorrTime(Double fs) {
            this.maxCorrTime = fs;
            return this;
        }

        /**
         * The quantum correction of the classical line shape.
         *
         * @param q the correction
         * @return this builder
         */
        public Builder correction(QuantumCorrection q) {
            this.correction = q;
            return this;
        }

        /**
         * The factor applied to the frequencies (e.g. an empirical DFT scaling).
         *
         * @param f the factor
         * @return this builder
         */
        public Builder frequencyScale(double f) {
            this.frequencyScale = f;
            return this;
        }

        /**
         * Zero-padding factor (power of two), default 4.
         *
         * @param p the factor
         * @return this builder
         */
        public Builder padding(int p) {
            this.padding = p;
            return this;
        }

        /**
         * Contiguous blocks per trajectory, each one estimate; default 1.
         *
         * @param n the number of blocks
         * @return this builder
         */
        public Builder blocks(int n) {
            this.blocks = n;
            return this;
        }

        /**
         * How the 95 % band is computed from the estimates.
         *
         * @param m the method
         * @return this builder
         */
        public Builder interval(SpectrumBand.Method m) {
            this.interval = m;
            return this;
        }

        /**
         * Volume (A^3) instead of the mean cell volume; required for molecules.
         *
         * @param a3 the volume (A^3), or null
         * @return this builder
         */
        public Builder volume(Double a3) {
            this.volume = a3;
            return this;
        }

        /**
         * Takes the velocities stored in the frames when the first frame has them (else finite differences).
         *
         * @param use whether to
         * @return this builder
         */
        public Builder useFileVelocities(boolean use) {
            this.useFileVelocities = use;
            return this;
        }

        /**
         * The frequency range of interest (cm^-1): warnings (Nyquist), reference scaling, default peak search.
         *
         * @param from the lower end (cm^-1)
         * @param to the upper end (cm^-1)
         * @return this builder
         */
        public Builder frequencyRange(double from, double to) {
            if (!(to > from)) {
                throw new UserInputException("frequency range must have from < to, got " + from + ":" + to);
            }
            this.rangeFrom = from;
            this.rangeTo = to;
            return this;
        }

        /**
         * Default: maxima above max(from, 50) cm^-1 in the frequency range, 5 % high, 100 cm^-1 apart, 10.
         *
         * @param p the peak search
         * @return this builder
         */
        public Builder peakSearch(PeakSearch p) {
            this.peakSearch = p;
            return this;
        }

        /**
         * A reference spectrum drawn against the computed one.
         *
         * @param name the name in the legend
         * @param ref the spectrum
         * @param scale how it is scaled
         * @return this builder
         */
        public Builder reference(String name, Spectrum ref, ReferenceScale scale) {
            this.referenceName = name;
            this.reference = ref;
            this.referenceScale = scale;
            return this;
        }

        /**
         * Called with (trajectory name, frames read) every 1000 frames.
         *
         * @param p the callback
         * @return this builder
         */
        public Builder progress(ObjIntConsumer<String> p) {
            this.progress = p;
            return this;
        }

        /** {@return the analysis of these settings} */
        public IrAnalysis build() {
            int kinds = (sources.isEmpty() ? 0 : 1) + (dmdtFiles.isEmpty() ? 0 : 1) + (series.isEmpty() ? 0 : 1);
            if (kinds != 1) {
                throw new UserInputException("give trajectories, dM/dt files or dM/dt series (exactly one kind)");
            }
            if (!sources.isEmpty() && (model == null) == (charges == null)) {
                throw new UserInputException("trajectories need exactly one of a BEC model and fixed charges");
            }
            if (sources.isEmpty() && (model != null || charges != null)) {
                throw new UserInputException("dM/dt files and series already hold dM/dt: give no model or charges");
            }
            if (blocks < 1) {
                throw new UserInputException("the number of blocks must be at least 1, got " + blocks);
            }
            if (!modelSamples.isEmpty() && (model == null || sources.isEmpty())) {
                throw new UserInputException("posterior samples of the model need trajectories and a BEC model");
            }
            if (modelSamples.size() == 1) {
                throw new UserInputException("a model band needs at least 2 posterior samples, got 1");
            }
            // validates the numbers early (T, scale, padding, max correlation time)
            settings(dt == null ? 1.0 : dt, volume == null ? 1.0 : volume);
            return new IrAnalysis(this);
        }

        IrSettings settings(double dtFs, double volumeA3) {
            try {
                return new IrSettings(dtFs, temperature, volumeA3, window, maxCorrTime, correction, frequencyScale,
                        padding);
            } catch (UserInputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
        }
    }

    /** The estimates of all inputs before the spectra: dM/dt pieces, their volumes, dt, per-input info. */
    private static final class Estimates {
        final List<double[]> pieces = new ArrayList<>();
        final List<List<double[]>> samplePieces = new ArrayList<>(); // per posterior sample, pieces like pieces
        final List<Double> volumes = new ArrayList<>();
        Integer sampleCount; // posterior samples per input, fixed by the first
        final List<TrajectoryInfo> infos = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        Double dt;

        void add(double[] dmdt, int blocks, double volume) {
            List<double[]> parts;
            try {
                parts = IrSpectra.blocks(dmdt, blocks);
            } catch (UserInputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            pieces.addAll(parts);
            for (int i = 0; i < parts.size(); i++) {
                volumes.add(volume);
            }
        }

        /**
         * The dM/dt of posterior samples of the input just {@link #add}ed (the first input fixes their number), cut
         * into the same blocks.
         */
        void addSamples(String name, List<double[]> samples, int blocks) {
            if (sampleCount == null) {
                sampleCount = samples.size();
                for (int k = 0; k < samples.size(); k++) {
                    samplePieces.add(new ArrayList<>());
                }
            }
            if (samples.size() != sampleCount) {
                throw new UserInputException(name + " has " + samples.size() + " posterior samples of dM/dt, the "
                        + "inputs before " + sampleCount + "; all need the same number");
            }
            for (int k = 0; k < samples.size(); k++) {
                samplePieces.get(k).addAll(IrSpectra.blocks(samples.get(k), blocks));
            }
        }
    }

    /**
     * Runs the analysis.
     *
     * @return the mean spectrum, its band, peaks and warnings
     */
    public Result run() {
        Estimates est = new Estimates();
        if (!b.dmdtFiles.isEmpty()) {
            for (Path p : b.dmdtFiles) {
                DipoleDerivativeCsv.Series d;
                try {
                    d = DipoleDerivativeCsv.read(p);
                } catch (UserInputException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw new UserInputException(e.getMessage(), e);
                }
                addSeries(est, p.toString(), d, b.dmdtFiles.get(0).toString());
            }
        }
        for (int i = 0; i < b.series.size(); i++) {
            addSeries(est, b.seriesNames.get(i), b.series.get(i), b.seriesNames.get(0));
        }
        if (est.dt != null && b.dt != null && Math.abs(b.dt - est.dt) > 1e-6 * est.dt) {
            throw new UserInputException("--dt " + b.dt + " fs disagrees with the spacing of the dM/dt files ("
                    + est.dt + " fs)");
        }
        for (int i = 0; i < b.sources.size(); i++) {
            addTrajectory(est, b.names.get(i), b.sources.get(i));
        }
        return spectra(est);
    }

    private void addSeries(Estimates est, String name, DipoleDerivativeCsv.Series d, String firstName) {
        if (est.dt == null) {
            est.dt = d.dt();
        } else if (Math.abs(d.dt() - est.dt) > 1e-6 * est.dt) {
            throw new UserInputException(name + " is sampled every " + d.dt() + " fs, " + firstName + " every "
                    + est.dt + " fs; all need the same spacing");
        }
        double v;
        if (b.volume != null) {
            v = b.volume;
        } else if (Double.isNaN(d.volume())) {
            throw new UserInputException(name + " has no volume column (a molecule?): give the volume with --volume A3");
        } else {
            v = d.volume();
        }
        est.add(d.series(), b.blocks, v);
        est.addSamples(name, d.samples(), b.blocks);
        est.infos.add(new TrajectoryInfo(name, d.rows(), 0, v, null, IrSpectra.meanSquare(d.series()), null, d.dt(),
                Double.NaN, false, Double.NaN, Double.NaN));
    }

    private DipoleDerivativeSeries accumulator(double dt) {
        return accumulator(dt, b.model);
    }

    /** The accumulator of the route with {@code model} (the model itself or one of its posterior samples). */
    private DipoleDerivativeSeries accumulator(double dt, BecModel model) {
        if (b.route == Route.POLARIZATION) {
            // fixed charges: P = sum_j q_j r_j (FixedChargeModel), differenced like any model's
            return DipoleDerivativeSeries.polarization(b.charges != null ? new FixedChargeModel(b.charges) : model,
                    dt);
        }
        if (b.charges != null) {
            return DipoleDerivativeSeries.charges(b.charges, dt, b.useFileVelocities);
        }
        return DipoleDerivativeSeries.bec(model, dt, b.useFileVelocities);
    }

    /** The time step of a trajectory: --dt, checked against (or else taken from) the frames' time_fs. */
    private double resolveDt(Estimates est, String name, Structure first, Structure second) {
        Double fileDt = second == null ? null : TrajectoryCheck.timeSpacing(first, second);
        double dt;
        if (b.dt != null) {
            dt = b.dt; // a mismatch with time_fs is refused by TrajectoryCheck, frame by frame
        } else if (fileDt != null && fileDt > 0) {
            dt = fileDt;
        } else {
            throw new UserInputException(name + ": the frames carry no time (time_fs): give the time between frames "
                    + "with --dt");
        }
        if (est.dt != null && Math.abs(dt - est.dt) > 1e-6 * est.dt) {
            throw new UserInputException(name + " has frames " + dt + " fs apart, the trajectories before " + est.dt
                    + " fs; all need the same spacing");
        }
        est.dt = dt;
        return dt;
    }

    private void addTrajectory(Estimates est, String name, FrameSource source) {
        try (FrameReader r = source.open()) {
            Structure first = r.readNext();
            if (first == null) {
                throw new UserInputException(name + ": no frames");
            }
            if (b.charges != null) {
                DipoleDerivativeSeries.requireNeutral(b.charges, first);
            }
            Structure second = r.readNext();
            double dt = resolveDt(est, name, first, second);
            DipoleDerivativeSeries acc = accumulator(dt);
            List<DipoleDerivativeSeries> drawn = new ArrayList<>();
            for (BecModel m : b.modelSamples) {
                drawn.add(accumulator(dt, m));
            }
            TrajectoryCheck check = new TrajectoryCheck(name, dt);
            double volSum = 0;
            boolean periodic = true;
            Structure[] buffered = {first, second};
            int next = 0;
            Structure s;
            while ((s = next < 2 ? buffered[next++] : r.readNext()) != null) {
                check.accept(s);
                acc.accept(s);
                for (DipoleDerivativeSeries d : drawn) {
                    d.accept(s);
                }
                if (s.isPeriodic()) {
                    volSum += s.cell().volume();
                } else {
                    periodic = false;
                }
                if (acc.frames() % 1000 == 0) {
                    b.progress.accept(name, acc.frames());
                }
            }
            check.finish();
            finishTrajectory(est, name, acc, check, first.size(), periodic ? volSum / acc.frames() : Double.NaN);
            List<double[]> series = new ArrayList<>();
            for (DipoleDerivativeSeries d : drawn) {
                series.add(d.finish());
            }
            est.addSamples(name, series, b.blocks);
        }
    }

    private void finishTrajectory(Estimates est, String name, DipoleDerivativeSeries acc, TrajectoryCheck check,
            int atoms, double meanVolume) {
        double v;
        if (b.volume != null) {
            v = b.volume;
        } else if (!Double.isNaN(meanVolume)) {
            v = meanVolume;
        } else {
            throw new UserInputException(name + " has non-periodic frames: give the volume with --volume A3");
        }
        double[] d;
        try {
            d = acc.finish();
        } catch (UserInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UserInputException(name + ": " + e.getMessage(), e);
        }
        est.add(d, b.blocks, v);
        String velocities = acc.route() == DipoleDerivativeSeries.Route.POLARIZATION
                ? "not used (finite differences of P)"
                : acc.velocitiesFromFile() ? "from file" : "central differences of unwrapped positions";
        double tKin = check.kineticTemperature();
        est.infos.add(new TrajectoryInfo(name, acc.frames(), atoms, v, velocities, IrSpectra.meanSquare(d),
                check.mdSteps(), est.dt, tKin, true, check.correlation(), check.ratio()));
        if (!acc.velocitiesFromFile() && est.warnings.stream().noneMatch(w -> w.startsWith("velocities"))) {
            est.warnings.add(differencingWarning(est.dt, acc.route() == DipoleDerivativeSeries.Route.POLARIZATION));
        }
        if (Double.isFinite(tKin) && Math.abs(tKin / b.temperature - 1) > TEMPERATURE_TOLERANCE) {
            est.warnings.add(String.format(Locale.ROOT, "%s: the kinetic temperature of the frames is %.4g K, but the "
                    + "spectrum is computed for %.4g K (the prefactor is 1/T): check --temperature and --dt", name,
                    tKin, b.temperature));
        }
    }

    /** A number in its shortest form, at most 6 significant digits (5, 0.5, 2.5e-05). */
    static String num(double x) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", x)).stripTrailingZeros().toPlainString();
    }

    /**
     * (T2) Central differences see a vibration at nu with the factor sin(x)/x, x = 2 pi c nu dt, in dM/dt; quoted
     * at the top of the frequency range, or at half the Nyquist frequency when the range goes beyond that.
     */
    private String differencingWarning(double dt, boolean polarization) {
        double nu = Math.min(b.rangeTo, 0.5 / (2 * IrUnits.C_CM_PER_FS * dt));
        double x = 2 * Math.PI * IrUnits.C_CM_PER_FS * nu * dt;
        double f = Math.sin(x) / x;
        return String.format(Locale.ROOT, "velocities are not from the files: %s are differenced over frames %s fs "
                + "apart, which multiplies the intensity at %.0f cm^-1 by (sin x / x)^2 = %.3f; store velocities or "
                + "write frames more often", polarization ? "polarisations" : "positions", num(dt), nu, f * f);
    }

    private Result spectra(Estimates est) {
        int shortest = Integer.MAX_VALUE;
        for (double[] x : est.pieces) {
            shortest = Math.min(shortest, x.length / 3);
        }
        List<Spectrum> spectra = new ArrayList<>();
        int lags = 0;
        IrSettings first = null;
        for (int i = 0; i < est.pieces.size(); i++) {
            IrSettings s = b.settings(est.dt, est.volumes.get(i));
            first = first == null ? s : first;
            try {
                lags = IrSpectra.lags(s, shortest);
            } catch (UserInputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            spectra.add(IrSpectra.spectrum(IrSpectra.autocorrelation(est.pieces.get(i), 3, lags), s));
        }
        SpectrumBand band = SpectrumBand.of(spectra, b.interval);
        ModelBand modelBand = modelBand(est, band, shortest);
        Spectrum mean = band.meanSpectrum();
        samplingWarnings(est, lags);
        PeakSearch ps = b.peakSearch != null ? b.peakSearch
                : new PeakSearch(Math.max(b.rangeFrom, 50.0), b.rangeTo, 0.05, 100, 10);
        List<Peaks.Peak> peaks = Peaks.find(mean, ps.from(), ps.to(), ps.minRelativeHeight(), ps.separation(),
                ps.max());
        return new Result(band, est.dt, lags, first, b.blocks, List.copyOf(est.infos), List.copyOf(est.warnings),
                peaks, overlay(mean), modelBand);
    }

    /**
     * (IRU1) The mean spectrum of every posterior sample over the same estimates (same lags and settings as the
     * central one), and the model band from their spread; null without samples (or with fewer than 2).
     */
    private ModelBand modelBand(Estimates est, SpectrumBand band, int shortest) {
        if (est.samplePieces.size() < 2) {
            if (est.samplePieces.size() == 1) {
                est.warnings.add("the dM/dt files have one posterior sample: a model band needs at least 2");
            }
            return null;
        }
        List<Spectrum> means = new ArrayList<>();
        for (List<double[]> pieces : est.samplePieces) {
            List<Spectrum> spectra = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                IrSettings s = b.settings(est.dt, est.volumes.get(i));
                int lags = IrSpectra.lags(s, shortest);
                spectra.add(IrSpectra.spectrum(IrSpectra.autocorrelation(pieces.get(i), 3, lags), s));
            }
            means.add(SpectrumBand.of(spectra, b.interval).meanSpectrum());
        }
        return ModelBand.of(band, means);
    }

    private void samplingWarnings(Estimates est, int lags) {
        double nyquist = b.frequencyScale / (2 * IrUnits.C_CM_PER_FS * est.dt);
        if (b.rangeTo > nyquist) {
            est.warnings.add(String.format(Locale.ROOT, "samples %s fs apart resolve frequencies up to %.0f cm^-1 "
                    + "(Nyquist, 1/(2 c dt)), below the range up to %.0f cm^-1: motion faster than that is folded "
                    + "back (aliased) into the spectrum", num(est.dt), nyquist, b.rangeTo));
        }
        if (lags < MIN_LAGS) {
            est.warnings.add(String.format(Locale.ROOT, "only %d lags (correlation time %s fs): lines are about "
                    + "%.0f cm^-1 wide (1/(c K dt)); use longer trajectories, fewer blocks or a longer "
                    + "--max-corr-time", lags, num((lags - 1) * est.dt), 1 / (IrUnits.C_CM_PER_FS * lags * est.dt)));
        }
    }

    private ReferenceOverlay overlay(Spectrum mean) {
        if (b.reference == null) {
            return null;
        }
        int i = b.reference.argMax(b.rangeFrom, b.rangeTo);
        double refMax = i < 0 ? Double.NaN : b.reference.values()[i];
        if (!(refMax > 0)) {
            throw new UserInputException(b.referenceName + " has no positive values in " + b.rangeFrom + ":"
                    + b.rangeTo + " cm^-1");
        }
        double factor = b.referenceScale == ReferenceScale.MAX ? mean.max(b.rangeFrom, b.rangeTo) / refMax : 1.0;
        return new ReferenceOverlay(b.referenceName, b.reference, b.referenceScale, factor, b.reference.wavenumbers()[i]);
    }
}
