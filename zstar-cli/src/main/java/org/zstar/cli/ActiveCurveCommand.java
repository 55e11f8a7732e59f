package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.experiments.ActiveLearningCurve;
import org.zstar.experiments.FrameSumStore;
import org.zstar.experiments.Stats;
import org.zstar.models.BecTrainer;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.models.UnitDescriptor;
import org.zstar.plot.ChartFiles;
import org.zstar.plot.ErrorBarCurves;
import org.zstar.plot.LinePlot;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zstar active-curve}: learning curves of the combined model with frames picked by the posterior (active
 * learning, the pool's labels as the oracle) against random frames, from one design pass (docs/THEORY.md (AL5)).
 */
@Command(name = "active-curve", header = "Active learning against random selection: learning curves from one design pass.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Designs every pool frame once with the combined (q+p) model (the per-frame sums of `zstar",
            "experiments`; the same scratch folder is reused) and, for each repeat, starts from the same random seed",
            "set (the first SIZE_0 frames of the repeat's random order): the random curve adds frames in that order,",
            "the active curve adds, one at a time, the frame of largest total model variance tr(H^-1 G_f) under the",
            "posterior of the model trained on the frames so far. Only the picked frames' labels are used; the",
            "references are selected once from the whole pool (in active learning the structures are known, only",
            "labels are queried). Writes PREFIX-al.csv/.json/.png/.svg."})
public final class ActiveCurveCommand implements Callable<Integer> {
    /** A command instance; picocli sets its options. */
    public ActiveCurveCommand() {
    }

    @Mixin
    DataOptions data;

    @Mixin
    DescriptorOptions descriptor;

    @Mixin
    ModelOptions model;

    @Mixin
    SplitOptions split;

    @Mixin
    ScratchOptions scratch;

    @Option(names = "--sizes", required = true, paramLabel = "N,N,...",
            description = "Training sizes, ascending; the first is the random seed set, the whole pool is always added.")
    String sizes;

    @Option(names = "--repeats", defaultValue = "3", description = "Seed sets / random orders (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--lambda-w", defaultValue = org.zstar.models.TrainingDefaults.LAMBDA_W_TEXT,
            description = "Tikhonov strength (default: ${DEFAULT-VALUE}).")
    double lambdaW;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Output prefix.")
    String out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title prefix of the figure (default: the data file name).")
    String title;

    @Option(names = "--replot", description = "Only redraw the figure and print the table from PREFIX-al.json (nothing is computed).")
    boolean replot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = commandSpec.commandLine().getErr();
        PrintWriter o = commandSpec.commandLine().getOut();
        if (repeats < 1) {
            throw new UsageException("--repeats must be >= 1");
        }
        if (replot) {
            ActiveLearningCurve.Result old = readResult(Path.of(out + "-al.json"));
            figure(old, out + "-al", title != null ? title : data.files.get(0).getFileName().toString());
            print(o, old);
            o.printf("redrew %s-al.png and .svg%n", out);
            o.flush();
            return 0;
        }
        List<Structure> frames = data.readAll();
        int[][] tt = split.trainTest(frames.size(), model.seed);
        List<Structure> pool = TrainCommand.pick(frames, tt[0]);
        List<Structure> test = TrainCommand.pick(frames, tt[1]);
        int[] sz = LearningCurveCommand.parseSizes(sizes, pool.size());
        if (sz.length < 2) {
            throw new UsageException("--sizes needs a seed size below the pool size");
        }
        TrainingOptions options = model.options(ModelKind.COMBINED, lambdaW, 0.0);
        List<String> species = BecTrainer.prepare(pool, false).species();
        DescriptorParameters params = descriptor.parameters(species);
        UnitDescriptor scalar = new UnitDescriptor(new ScalarDescriptor(params));
        VectorDescriptor vector = new VectorDescriptor(params);
        Path dir = scratch.folder(out);
        // the key of `zstar experiments`: the same data and options reuse its scratch files
        String key = "data=" + data.files + "\nrows=" + data.rowsUsed() + "\npool=" + java.util.Arrays.toString(tt[0])
                + "\ndescriptor=" + scalar.hyperParameters() + "\nvector=" + vector.hyperParameters();
        FrameSumStore st;
        try (Progress p = Progress.start("design pass", pool.size() + test.size())) {
            st = FrameSumStore.build(pool, test, scalar, vector, options, dir, key, false, k -> p.step());
        }
        err.printf("shared design: %d columns, selection %.1f s, pool %.1f s%s, test %.1f s%n", st.columns(),
                st.selectionSeconds, st.poolSeconds, st.reused ? " (reused files)" : "", st.testSeconds);
        ActiveLearningCurve.Result r;
        try (Progress p = Progress.start("active picks", ActiveLearningCurve.picks(pool.size(), sz, repeats))) {
            r = ActiveLearningCurve.run(st, sz, repeats, model.seed, lambdaW, 0.0, k -> p.step());
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data", data.files.stream().map(Path::toString).toList());
        settings.put("train_pool_indices", tt[0]);
        settings.put("test_frame_indices", tt[1]);
        settings.put("model", model.toMap());
        settings.put("descriptor", scalar.hyperParameters());
        settings.put("columns", st.columns());
        settings.put("lambda_w", lambdaW);
        settings.put("seed", model.seed);
        settings.put("design_seconds", Map.of("selection", st.selectionSeconds, "pool", st.poolSeconds, "test",
                st.testSeconds, "reused", st.reused));
        settings.put("references", "selected once from the whole pool (structures known, labels queried)");
        String name = title != null ? title : data.files.get(0).getFileName().toString();
        write(r, settings, out + "-al", name);
        print(o, r);
        if (!scratch.keep) {
            st.deleteFiles();
        }
        o.printf("wrote %s-al.csv, .json, .png, .svg%n", out);
        o.flush();
        return 0;
    }

    /** The smallest size whose mean active test RMSE is at most the random curve's at the whole pool (or -1). */
    static int framesToRandomFinal(ActiveLearningCurve.Result r) {
        List<ActiveLearningCurve.Point> pts = r.points();
        double target = Stats.mean(pts.get(pts.size() - 1).randomTestRmse());
        for (ActiveLearningCurve.Point p : pts) {
            if (Stats.mean(p.activeTestRmse()) <= target) {
                return p.size();
            }
        }
        return -1;
    }

    /** The fractions of the whole-pool error for which {@link #framesWithin} is reported: 1 %, 2 % and 5 % above it. */
    static final double[] WITHIN = {0.01, 0.02, 0.05};

    /**
     * The smallest size whose mean test RMSE (active or random) is within {@code fraction} of the whole-pool error,
     * i.e. at most {@code (1 + fraction) RMSE_pool} (THEORY (AL6)); the whole pool itself always qualifies.
     */
    static int framesWithin(ActiveLearningCurve.Result r, double fraction, boolean active) {
        List<ActiveLearningCurve.Point> pts = r.points();
        double target = (1.0 + fraction) * Stats.mean(pts.get(pts.size() - 1).randomTestRmse());
        for (ActiveLearningCurve.Point p : pts) {
            if (Stats.mean(active ? p.activeTestRmse() : p.randomTestRmse()) <= target) {
                return p.size();
            }
        }
        return -1;
    }

    static void write(ActiveLearningCurve.Result r, Map<String, Object> settings, String prefix, String name)
            throws Exception {
        StringBuilder sb = new StringBuilder("train_frames,repeats,random_test_rmse_mean,random_test_rmse_std,"
                + "active_test_rmse_mean,active_test_rmse_std,random_train_rmse_mean,active_train_rmse_mean\n");
        List<Object> pts = new ArrayList<>();
        for (ActiveLearningCurve.Point p : r.points()) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%.6g,%.3g,%.6g,%.3g,%.6g,%.6g%n", p.size(),
                    p.randomTestRmse().length, Stats.mean(p.randomTestRmse()), Stats.std(p.randomTestRmse()),
                    Stats.mean(p.activeTestRmse()), Stats.std(p.activeTestRmse()), Stats.mean(p.randomTrainRmse()),
                    Stats.mean(p.activeTrainRmse())));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("train_frames", p.size());
            e.put("random_test_rmse", p.randomTestRmse());
            e.put("active_test_rmse", p.activeTestRmse());
            e.put("random_train_rmse", p.randomTrainRmse());
            e.put("active_train_rmse", p.activeTrainRmse());
            pts.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", settings);
        m.put("pool_frames", r.poolFrames());
        m.put("test_frames", r.testFrames());
        m.put("test_reference_std", r.testReferenceStd());
        m.put("seconds", r.seconds());
        m.put("active_seconds", r.activeSeconds());
        m.put("frames_to_random_final_error", framesToRandomFinal(r));
        List<Object> within = new ArrayList<>();
        for (double fr : WITHIN) {
            within.add(Map.of("fraction", fr, "random", framesWithin(r, fr, false), "active", framesWithin(r, fr, true)));
        }
        m.put("frames_within_whole_pool_error", within);
        m.put("points", pts);
        m.put("random_orders", r.randomOrders());
        m.put("active_orders", r.activeOrders());
        List<Object> scores = new ArrayList<>();
        for (double[] s : r.pickScores()) {
            List<Object> l = new ArrayList<>();
            for (double v : s) {
                l.add(Double.isNaN(v) ? null : v);
            }
            scores.add(l);
        }
        m.put("pick_scores_trace_hinv_g", scores);
        AtomicFiles.writeString(Path.of(prefix + ".csv"), sb.toString());
        AtomicFiles.writeString(Path.of(prefix + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(m));
        figure(r, prefix, name);
    }

    /** Test RMSE against training frames, random and active (mean and std over the repeats), and random's final. */
    static void figure(ActiveLearningCurve.Result r, String prefix, String name) {
        int n = r.points().size();
        double[] x = new double[n], ra = new double[n], ras = new double[n], ac = new double[n], acs = new double[n];
        for (int i = 0; i < n; i++) {
            ActiveLearningCurve.Point p = r.points().get(i);
            x[i] = p.size();
            ra[i] = Stats.mean(p.randomTestRmse());
            ras[i] = Stats.std(p.randomTestRmse());
            ac[i] = Stats.mean(p.activeTestRmse());
            acs[i] = Stats.std(p.activeTestRmse());
        }
        int reps = r.points().get(0).randomTestRmse().length;
        String t = String.format(Locale.ROOT, "%s: active vs random selection, q+p (%d test frames, %d seed sets)", name,
                r.testFrames(), reps);
        ErrorBarCurves plot = new ErrorBarCurves(t, "training frames", "test BEC RMSE (e)").logX(true).logY(false).tightY(true)
                .rightAxis(String.format(Locale.ROOT, "nRMSE = RMSE / %.3f e", r.testReferenceStd()), r.testReferenceStd());
        plot.curve("random", x, ra, ras, LinePlot.color(0), false);
        plot.curve("active (posterior)", x, ac, acs, LinePlot.color(2), false);
        plot.curve("random, whole pool", new double[] {x[0], x[n - 1]}, new double[] {ra[n - 1], ra[n - 1]},
                new double[2], LinePlot.color(1), true);
        ChartFiles.writePngAndSvg(plot.toChart(), prefix);
    }

    /** The curve of a PREFIX-al.json written by this command (for --replot; orders and scores are not read). */
    static ActiveLearningCurve.Result readResult(Path json) throws Exception {
        com.fasterxml.jackson.databind.JsonNode j = new ObjectMapper().readTree(java.nio.file.Files.readString(json));
        List<ActiveLearningCurve.Point> pts = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode p : j.get("points")) {
            pts.add(new ActiveLearningCurve.Point(p.get("train_frames").asInt(), values(p.get("random_test_rmse")),
                    values(p.get("active_test_rmse")), values(p.get("random_train_rmse")),
                    values(p.get("active_train_rmse"))));
        }
        int[] sizes = pts.stream().mapToInt(ActiveLearningCurve.Point::size).toArray();
        return new ActiveLearningCurve.Result(sizes, pts, List.of(), List.of(), List.of(), j.get("pool_frames").asInt(),
                j.get("test_frames").asInt(), j.get("test_reference_std").asDouble(), j.get("seconds").asDouble(),
                j.get("active_seconds").asDouble());
    }

    private static double[] values(com.fasterxml.jackson.databind.JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    /** The table, the frames to random's whole-pool error and to within each fraction of {@link #WITHIN}. */
    static void print(PrintWriter o, ActiveLearningCurve.Result r) {
        o.printf("%6s %22s %22s%n", "frames", "random test RMSE (e)", "active test RMSE (e)");
        for (ActiveLearningCurve.Point p : r.points()) {
            o.printf(Locale.ROOT, "%6d %13.5f +- %.5f %13.5f +- %.5f%n", p.size(), Stats.mean(p.randomTestRmse()),
                    Stats.std(p.randomTestRmse()), Stats.mean(p.activeTestRmse()), Stats.std(p.activeTestRmse()));
        }
        int k = framesToRandomFinal(r);
        o.printf(Locale.ROOT, "active reaches the whole-pool random error with %d of %d frames (%.0f %%); %.1f s (active %.1f s)%n",
                k, r.poolFrames(), 100.0 * k / r.poolFrames(), r.seconds(), r.activeSeconds());
        for (double fr : WITHIN) {
            int a = framesWithin(r, fr, true);
            int b = framesWithin(r, fr, false);
            o.printf(Locale.ROOT, "within %.0f %% of the whole-pool error: active %d frames (%.0f %%), random %d (%.0f %%)%n",
                    100 * fr, a, 100.0 * a / r.poolFrames(), b, 100.0 * b / r.poolFrames());
        }
    }
}
