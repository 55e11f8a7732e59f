package org.zstar.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.models.BecEvaluation;
import org.zstar.models.BecModel;
import org.zstar.models.BecMetrics;
import org.zstar.models.BecModelSpec;
import org.zstar.models.BecPrediction;
import org.zstar.models.BecTrainer;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.models.UnitDescriptor;
import org.zstar.plot.ChartFiles;
import org.zstar.plot.LinePlot;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.FrameSelection;
import org.zstar.util.UserInputException;

/**
 * The main job of the README: train the monopole, dipole and combined BEC models on one seeded split of a
 * data set (by default zstar's built-in water8-pbe data: 8 water molecules per periodic box, Quantum
 * ESPRESSO PBE), compare their test errors side by side, and write a small report (markdown, a parity plot
 * as PNG and SVG).
 */
public final class BecDemo {
    /** Classpath resource of the built-in data (gzip extended XYZ). */
    public static final String BUILT_IN = "/org/zstar/data/water8-pbe.extxyz.gz";
    /** The three models the demo trains, in table order. */
    public static final ModelKind[] KINDS = {ModelKind.MONOPOLE, ModelKind.DIPOLE, ModelKind.COMBINED};

    /**
     * Demo settings: small reference sets and descriptors so that the three fits take a minute on 2 cores.
     *
     * @param testFraction held-out fraction of the frames (seeded random split)
     * @param seed seed of the split and of every other random choice
     * @param chargeRefs reference environments per species of the charge block
     * @param dipoleRefs reference environments per species of the dipole block
     * @param r2 two-body cutoff (A)
     * @param r3 three-body cutoff (A)
     * @param n2 two-body radial basis size
     * @param n3 three-body radial basis size
     * @param lmax largest angular momentum of the three-body part
     * @param projectAsr project the reference BECs onto the acoustic sum rule (train and test)
     * @param threads worker threads
     */
    public record Options(double testFraction, long seed, int chargeRefs, int dipoleRefs, double r2, double r3, int n2,
            int n3, int lmax, boolean projectAsr, int threads) {
        /**
         * {@return the demo's defaults: 20 % test frames, seed 42, 40 charge and 30 dipole references, small
         * descriptors}
         */
        public static Options defaults() {
            return new Options(0.2, 42, 40, 30, 5.0, 4.0, 8, 6, 3, true, Runtime.getRuntime().availableProcessors());
        }

        /**
         * {@return the same options with another thread count}
         *
         * @param t the worker threads
         */
        public Options withThreads(int t) {
            return new Options(testFraction, seed, chargeRefs, dipoleRefs, r2, r3, n2, n3, lmax, projectAsr, t);
        }

        /**
         * {@return the same options with other reference counts}
         *
         * @param q the charge references per species
         * @param p the dipole references per species
         */
        public Options withRefs(int q, int p) {
            return new Options(testFraction, seed, q, p, r2, r3, n2, n3, lmax, projectAsr, threads);
        }
    }

    /**
     * One model's outcome: the model, test metrics, the predicted test BECs, train RMSE and fitting time.
     *
     * @param kind the model kind
     * @param model the trained model
     * @param test its errors on the test frames
     * @param predictedTest its predicted BECs of the test frames, 9N each
     * @param trainRmse its training BEC RMSE (e)
     * @param seconds the training wall time (s)
     * @param weights its number of weights
     */
    public record ModelResult(ModelKind kind, BecModel model, BecMetrics test, List<double[]> predictedTest,
            double trainRmse, double seconds, int weights) {
    }

    /**
     * The whole comparison.
     *
     * @param dataLabel the name of the data in the report
     * @param train the training frames (as prepared)
     * @param test the test frames
     * @param asrRemovedMax the largest acoustic-sum-rule correction removed from the references (e)
     * @param models one result per model
     * @param options the options of the run
     */
    public record Result(String dataLabel, List<Structure> train, List<Structure> test, double asrRemovedMax,
            List<ModelResult> models, Options options) {
    }

    private BecDemo() {
    }

    /**
     * How the demo names the built-in data in its output.
     *
     * @param frames the number of frames
     * @return the label
     */
    public static String builtInLabel(int frames) {
        return "built-in water8-pbe (" + frames + " frames of 8 H2O, Quantum ESPRESSO 6.7 PBE; docs/DATA.md)";
    }

    /**
     * The built-in data set (copied from the classpath to a temporary file and read).
     *
     * @return the frames
     */
    public static List<Structure> builtInData() {
        return resource(BUILT_IN);
    }

    /** A gzip extended-XYZ resource of the classpath. */
    static List<Structure> resource(String name) {
        return org.zstar.io.BuiltInData.read(name);
    }

    /**
     * Splits, trains the three models and evaluates them; log receives one line per step.
     *
     * @param frames the frames with BECs
     * @param dataLabel the name of the data in the report
     * @param o the options
     * @param log receives one line per step
     * @return the three models and their errors
     */
    public static Result run(List<Structure> frames, String dataLabel, Options o, Consumer<String> log) {
        if (frames.size() < 2) {
            throw new UserInputException("the demo needs at least 2 frames with BECs, got " + frames.size());
        }
        FrameSelection.Split split = FrameSelection.random(frames.size(), o.testFraction(), o.seed());
        if (split.test().length == 0 || split.train().length == 0) {
            throw new UserInputException("split of " + frames.size() + " frames left no train or test frames");
        }
        BecTrainer.PreparedData train = BecTrainer.prepare(pick(frames, split.train()), o.projectAsr());
        List<Structure> test = BecTrainer.prepare(pick(frames, split.test()), o.projectAsr()).frames();
        log.accept(String.format(Locale.ROOT, "data: %s, %d frames (%d train, %d test), species %s%s", dataLabel,
                frames.size(), split.train().length, split.test().length, train.species(), o.projectAsr()
                        ? String.format(Locale.ROOT, "; acoustic sum rule projection removed up to %.3f e", train.asrRemovedMax())
                        : ""));
        DescriptorParameters params = new DescriptorParameters(train.species(), o.r2(), o.r3(),
                DescriptorParameters.DEFAULT_SIGMA, o.n2(), o.n3(), o.lmax(), DescriptorParameters.DEFAULT_BETA,
                DescriptorParameters.DEFAULT_GRID_STEP);
        UnitDescriptor scalar = new UnitDescriptor(new ScalarDescriptor(params));
        VectorDescriptor vector = new VectorDescriptor(params);
        List<ModelResult> results = new ArrayList<>();
        for (ModelKind kind : KINDS) {
            long t0 = System.nanoTime();
            TrainingOptions opts = TrainingOptions.builder(kind).chargeRefs(o.chargeRefs()).dipoleRefs(o.dipoleRefs())
                    .projectAsr(o.projectAsr()).threads(o.threads()).seed(o.seed()).build();
            BecTrainer.Assembled a = BecTrainer.assemble(train, scalar, vector, opts, k -> { });
            BecTrainer.Fit fit = a.solve(opts.lambdaW(), opts.lambdaQ());
            List<BecPrediction> preds = BecEvaluation.predictAll(fit.model(), test, k -> { });
            List<double[]> becs = BecEvaluation.becs(test, preds, false);
            BecMetrics m = BecMetrics.of(test, becs);
            double s = (System.nanoTime() - t0) * 1e-9;
            results.add(new ModelResult(kind, fit.model(), m, becs, fit.trainRmse(), s, a.refs.columns()));
            log.accept(String.format(Locale.ROOT, "%-9s trained in %5.1f s: %s", kind.label(), s, m));
        }
        return new Result(dataLabel, train.frames(), test, train.asrRemovedMax(), results, o);
    }

    private static List<Structure> pick(List<Structure> frames, int[] idx) {
        List<Structure> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(frames.get(i));
        }
        return out;
    }

    /**
     * The side-by-side table (markdown).
     *
     * @param r the demo's result
     * @return the table
     */
    public static String table(Result r) {
        List<String> species = new ArrayList<>(r.models().get(0).test().perSpecies.keySet());
        StringBuilder sb = new StringBuilder();
        sb.append("| model | test RMSE (e) | MAE (e) | max (e) | nRMSE |");
        for (String s : species) {
            sb.append(' ').append(s).append(" RMSE (e) |");
        }
        sb.append(" ASR max (e) | train RMSE (e) | weights | time (s) |\n|---|---|---|---|---|");
        sb.append("---|".repeat(species.size())).append("---|---|---|---|\n");
        for (ModelResult m : r.models()) {
            BecMetrics t = m.test();
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.3f |", m.kind().label(), t.rmse, t.mae,
                    t.maxError, t.nrmse));
            for (String s : species) {
                sb.append(String.format(Locale.ROOT, " %.4f |", t.perSpecies.get(s)[1]));
            }
            sb.append(String.format(Locale.ROOT, " %.1e | %.4f | %d | %.1f |%n", t.asrMax, m.trainRmse(), m.weights(),
                    m.seconds()));
        }
        return sb.toString();
    }

    /**
     * Parity plot: predicted vs reference test BEC components, one colour per model.
     *
     * @param r the demo's result
     * @return the chart
     */
    public static XYChart parityChart(Result r) {
        XYChart chart = new XYChartBuilder().width(640).height(600).title("Born effective charges, test frames")
                .xAxisTitle("DFT Z (e)").yAxisTitle("predicted Z (e)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int c = 0;
        for (ModelResult m : r.models()) {
            int n = 0;
            for (Structure s : r.test()) {
                n += 9 * s.size();
            }
            double[] x = new double[n];
            double[] y = new double[n];
            int k = 0;
            for (int f = 0; f < r.test().size(); f++) {
                double[] ref = r.test().get(f).bec();
                double[] pred = m.predictedTest().get(f);
                for (int i = 0; i < ref.length; i++) {
                    x[k] = ref[i];
                    y[k] = pred[i];
                    lo = Math.min(lo, Math.min(x[k], y[k]));
                    hi = Math.max(hi, Math.max(x[k], y[k]));
                    k++;
                }
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s (RMSE %.3f e)", m.kind().label(), m.test().rmse),
                    x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(LinePlot.color(c++));
        }
        XYSeries diag = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
        diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(Color.GRAY);
        diag.setLineStyle(new BasicStroke(1f));
        return chart;
    }

    /**
     * Writes dir/report.md, dir/parity.png and dir/parity.svg; returns the report path.
     *
     * @param r the demo's result
     * @param dir the output folder
     * @param command the command line, for the report
     * @param totalSeconds the wall time of the demo (s)
     * @return the report path
     */
    public static Path writeReport(Result r, Path dir, String command, double totalSeconds) {
        return writeReport(r, dir, command, totalSeconds, null);
    }

    /**
     * The report, with an extra markdown section (e.g. the MD and IR part) when not null.
     *
     * @param r the demo's result
     * @param dir the output folder
     * @param command the command line, for the report
     * @param totalSeconds the wall time of the demo (s)
     * @param extraSection markdown appended to the report, or null
     * @return the report path
     */
    public static Path writeReport(Result r, Path dir, String command, double totalSeconds, String extraSection) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        ChartFiles.writePngAndSvg(parityChart(r), dir.resolve("parity").toString());
        Options o = r.options();
        StringBuilder md = new StringBuilder();
        md.append(extraSection == null ? "# zstar demo: monopole, dipole and combined BEC models\n\n"
                : "# zstar demo: BEC models, molecular dynamics and IR spectrum\n\n");
        md.append("Data: ").append(r.dataLabel()).append(String.format(Locale.ROOT,
                ". Seeded random split (seed %d): %d training frames, %d test frames.%n%n", o.seed(), r.train().size(),
                r.test().size()));
        if (o.projectAsr()) {
            md.append(String.format(Locale.ROOT, "Reference BECs projected onto the acoustic sum rule "
                    + "(Z_j <- Z_j - (sum_k Z_k - Q I)/N, train and test; it removed up to %.3f e from a component sum "
                    + "of a training frame).%n%n", r.asrRemovedMax()));
        }
        md.append(String.format(Locale.ROOT, "Descriptors: r2 = %.1f A, r3 = %.1f A, n2 = %d, n3 = %d, lmax = %d. "
                + "Charge reference environments per species: %d, farthest-point sampling. "
                + "Kernel power zeta = %d, %s dipoles with %d modulators per species on %d selected lambda = 1 "
                + "features (docs/THEORY.md (D4), (D5)), charge offsets %s, lambda_w = %s (the defaults of "
                + "org.zstar.models.TrainingDefaults).%n%n", o.r2(), o.r3(), o.n2(), o.n3(),
                o.lmax(), o.chargeRefs(), org.zstar.models.TrainingDefaults.ZETA,
                org.zstar.models.TrainingDefaults.DIPOLE_KERNEL_TEXT, org.zstar.models.TrainingDefaults.DIPOLE_MODULATORS,
                org.zstar.models.TrainingDefaults.MODULATED_FEATURES,
                org.zstar.models.TrainingDefaults.CHARGE_OFFSETS ? "on" : "off",
                org.zstar.models.TrainingDefaults.LAMBDA_W_TEXT));
        md.append("## Test errors\n\n").append(table(r)).append('\n');
        md.append("nRMSE = RMSE / standard deviation of the reference components; ASR max = largest component of "
                + "sum_j Z_j - Q I of the predictions.\n\n");
        md.append("## Parity plot\n\n![parity](parity.png)\n\n([SVG](parity.svg))\n\n");
        if (extraSection != null) {
            md.append(extraSection);
        }
        md.append(String.format(Locale.ROOT, "Produced by `%s` in %.0f s.%n", command, totalSeconds));
        Path report = dir.resolve("report.md");
        AtomicFiles.writeString(report, md.toString());
        return report;
    }
}
