package org.zstar.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.forcefield.ForceFieldMetrics;
import org.zstar.forcefield.ForceFieldTrainer;
import org.zstar.forcefield.ForceFieldTrainingOptions;
import org.zstar.models.TrainingOptions;
import org.zstar.forcefield.KernelForceField;
import org.zstar.md.MdGuard;
import org.zstar.md.MolecularDynamics;
import org.zstar.md.ThermoWriter;
import org.zstar.md.Thermostat;
import org.zstar.md.TrajectoryWriter;
import org.zstar.models.BecModel;
import org.zstar.plot.LinePlot;
import org.zstar.spectra.DipoleDerivativeCsv;
import org.zstar.spectra.DipoleDerivativeSampler;
import org.zstar.spectra.IrAnalysis;
import org.zstar.spectra.Peaks;
import org.zstar.spectra.SpectrumBand;
import org.zstar.structure.Structure;

/**
 * The MD and IR part of the demo: a kernel force field trained on DFT energies and forces, a short Bussi NVT run
 * whose dM/dt = sum_j Z_j v_j comes from a BEC model every few steps, and the IR spectrum n alpha(w) with a 95 %
 * band over contiguous blocks of the run (docs/THEORY.md, "IR spectra"). Writes md.xyz, md-thermo.csv, md-dmdt.csv,
 * ir.csv, ir.png and ir.svg into the output folder.
 */
public final class MdDemo {
    /**
     * The settings of the MD demo.
     *
     * @param refs force-field reference environments per species (farthest-point sampling)
     * @param temperature thermostat temperature (K)
     * @param dt time step (fs)
     * @param equilibration steps run before recording (the start frame need not be an equilibrium one)
     * @param steps recorded steps
     * @param becEvery dM/dt every this many steps
     * @param blocks contiguous blocks of the recorded run, one spectrum estimate each
     * @param seed seed of the velocities and the thermostat
     * @param threads worker threads
     */
    public record Options(int refs, double temperature, double dt, int equilibration, int steps, int becEvery,
            int blocks, long seed, int threads) {
        /**
         * {@return the demo's defaults: 100 references, 300 K, 0.5 fs, 1000 + 8000 steps, dM/dt every 4, 4 blocks, seed
         * 42}
         */
        public static Options defaults() {
            return new Options(100, 300, 0.5, 1000, 8000, 4, 4, 42, Runtime.getRuntime().availableProcessors());
        }

        /**
         * {@return the same options with other run lengths}
         *
         * @param equilibrationSteps the steps before recording
         * @param recordedSteps the recorded steps
         * @param nBlocks the blocks of the recorded run
         */
        public Options withSteps(int equilibrationSteps, int recordedSteps, int nBlocks) {
            return new Options(refs, temperature, dt, equilibrationSteps, recordedSteps, becEvery, nBlocks, seed,
                    threads);
        }
    }

    /**
     * What the run gave: force-field test errors, temperature statistics, the spectrum and its peaks.
     *
     * @param forceFieldTest the force field's errors on the test frames
     * @param forceFieldFrames the number of force-field training frames
     * @param temperatureMean the mean temperature of the recorded run (K)
     * @param temperatureStd its standard deviation (K)
     * @param spectrum the IR spectrum with its 95 % band
     * @param peaks the peaks of the mean spectrum
     * @param seconds the wall time (s)
     */
    public record Result(ForceFieldMetrics forceFieldTest, int forceFieldFrames, double temperatureMean,
            double temperatureStd, SpectrumBand spectrum, List<Peaks.Peak> peaks, double seconds) {
    }

    private MdDemo() {
    }

    /** The built-in force-field frames: the BEC frames' energies and forces plus the active-learning frames. */
    public static final String BUILT_IN_MD = "/org/zstar/data/water8-pbe-md.extxyz.gz";

    /**
     * {@return the built-in force-field frames: the BEC frames' energies and forces plus the active-learning frames}
     */
    public static List<Structure> builtInMdData() {
        return BecDemo.resource(BUILT_IN_MD);
    }

    /**
     * Trains the force field on {@code ffTrain} (errors on {@code ffTest}), runs MD from {@code start} and computes
     * the spectrum with the given BEC model.
     *
     * @param ffTrain the force-field training frames
     * @param ffTest the force-field test frames
     * @param start the first MD frame
     * @param bec the BEC model of the spectrum
     * @param o the options
     * @param dir the output folder
     * @param log receives one line per step
     * @return the force-field errors, the temperature statistics and the spectrum
     */
    public static Result run(List<Structure> ffTrain, List<Structure> ffTest, Structure start, BecModel bec, Options o,
            Path dir, Consumer<String> log) {
        long t0 = System.nanoTime();
        List<String> species = new ArrayList<>(new java.util.TreeSet<>(start.speciesCounts().keySet()));
        // the compact descriptor of the BEC demo keeps the force field small and fast
        BecDemo.Options bo = BecDemo.Options.defaults();
        ScalarDescriptor d = new ScalarDescriptor(new DescriptorParameters(species, bo.r2(), bo.r3(),
                DescriptorParameters.DEFAULT_SIGMA, bo.n2(), bo.n3(), bo.lmax(), DescriptorParameters.DEFAULT_BETA,
                DescriptorParameters.DEFAULT_GRID_STEP));
        ForceFieldTrainingOptions ffo = ForceFieldTrainingOptions.builder().references(o.refs())
                .selection(TrainingOptions.Selection.FPS).threads(o.threads()).build();
        KernelForceField ff = ForceFieldTrainer.train(ffTrain, d, ffo);
        ForceFieldMetrics m = ForceFieldMetrics.evaluate(ff, ffTest);
        log.accept(String.format(Locale.ROOT, "force field on %d frames: test energy RMSE %.2f meV/atom, force RMSE "
                + "%.0f meV/A (%d test frames)", ffTrain.size(), m.energyRmseMeVPerAtom(), m.forceRmseMeVPerA(),
                ffTest.size()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        MolecularDynamics md = new MolecularDynamics(ff, start.toBuilder().velocities(null).build(),
                new MolecularDynamics.Settings(o.dt(), Thermostat.BUSSI, o.temperature(), 100.0, 0.01, o.seed()),
                o.temperature());
        for (int k = 0; k < o.equilibration(); k++) {
            md.step();
        }
        MdGuard guard = new MdGuard(MdGuard.Limits.defaults());
        DipoleDerivativeCsv.Series series;
        try (TrajectoryWriter xyz = new TrajectoryWriter(dir.resolve("md.xyz"));
                ThermoWriter thermo = new ThermoWriter(dir.resolve("md-thermo.csv"));
                DipoleDerivativeSampler dmdt = new DipoleDerivativeSampler(bec, dir.resolve("md-dmdt.csv"))) {
            md.attach(guard, 1).attach(dmdt, o.becEvery()).attach(thermo, 1).attach(xyz, 200);
            md.run(o.steps());
            series = dmdt.series();
        }
        MdGuard.Summary ms = guard.summary();
        double tSum = ms.meanTemperature(), tSq = ms.temperatureStd();
        log.accept(String.format(Locale.ROOT, "MD: %d + %d steps of %.2f fs (Bussi, %.0f K): T = %.0f +- %.0f K",
                o.equilibration(), o.steps(), o.dt(), o.temperature(), tSum, tSq));
        // the demo's spectrum settings: padding 4, peaks above 300 cm^-1 that are 150 cm^-1 apart
        IrAnalysis.Result ir = IrAnalysis.builder().series("md-dmdt.csv", series).temperature(o.temperature())
                .blocks(o.blocks()).padding(4).frequencyRange(0, 4000)
                .peakSearch(new IrAnalysis.PeakSearch(300, 4000, 0.05, 150, 6)).build().run();
        SpectrumBand band = ir.band();
        List<Peaks.Peak> peaks = new ArrayList<>(ir.peaks());
        peaks.sort(java.util.Comparator.comparingDouble(Peaks.Peak::wavenumber));
        ir.writeCsv(dir.resolve("ir.csv"));
        writeSpectrum(band, dir, o);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        StringBuilder p = new StringBuilder();
        for (Peaks.Peak pk : peaks) {
            p.append(String.format(Locale.ROOT, " %.0f", pk.wavenumber()));
        }
        log.accept(String.format(Locale.ROOT, "IR spectrum from %d blocks: peaks at%s cm^-1 (%.0f s for force field,"
                + " MD and spectrum)", band.count(), p, seconds));
        return new Result(m, ffTrain.size(), tSum, tSq, band, peaks, seconds);
    }

    private static void writeSpectrum(SpectrumBand band, Path dir, Options o) {
        LinePlot plot = new LinePlot(String.format(Locale.ROOT, "IR spectrum, %d blocks of one %.1f ps run, T = %.0f K",
                band.count(), o.steps() * o.dt() / 1000, o.temperature()), "wavenumber (cm\u207b\u00b9)",
                "n\u03b1 (cm\u207b\u00b9)").xRange(0.0, 4000.0);
        double top = band.meanSpectrum().max(0.0, 4000.0);
        if (top > 0) {
            plot.yRange(0.0, 1.1 * top); // set by the spectrum, not by the band
        }
        if (band.count() > 1) {
            plot.band("95 % CI", band.wavenumbers(), band.lower(), band.upper(), LinePlot.color(0));
        }
        plot.line("mean", band.wavenumbers(), band.mean(), LinePlot.color(0));
        plot.writePng(dir.resolve("ir.png"));
        plot.writeSvg(dir.resolve("ir.svg"));
    }

    /**
     * The report section (markdown).
     *
     * @param r the MD demo's result
     * @param o the options it ran with
     * @return the markdown section
     */
    public static String reportSection(Result r, Options o) {
        StringBuilder md = new StringBuilder("## Molecular dynamics and IR spectrum\n\n");
        md.append(String.format(Locale.ROOT, "Kernel force field trained on %d frames (energies and forces), %d "
                + "reference environments per species; test errors %.2f meV/atom and %.0f meV/A. Bussi NVT at %.0f K, "
                + "time step %.2f fs, %d equilibration steps, then %d steps with dM/dt = sum_j Z_j v_j from the "
                + "combined BEC model every %d steps: T = %.0f +- %.0f K. The band is the 95 %% interval over %d "
                + "contiguous blocks of the one run (short: a qualitative spectrum).%n%n", r.forceFieldFrames(), o.refs(),
                r.forceFieldTest().energyRmseMeVPerAtom(), r.forceFieldTest().forceRmseMeVPerA(), o.temperature(),
                o.dt(), o.equilibration(), o.steps(), o.becEvery(), r.temperatureMean(), r.temperatureStd(),
                r.spectrum().count()));
        md.append("Largest peaks above 300 cm^-1 (cm^-1, ascending):");
        for (Peaks.Peak pk : r.peaks()) {
            md.append(String.format(Locale.ROOT, " %.0f", pk.wavenumber()));
        }
        md.append("\n\n![IR spectrum](ir.png)\n\n([SVG](ir.svg), data: ir.csv, md.xyz, md-thermo.csv, md-dmdt.csv)\n\n");
        return md.toString();
    }
}
