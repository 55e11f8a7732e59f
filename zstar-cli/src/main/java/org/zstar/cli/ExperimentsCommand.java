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
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.experiments.FrameSumStore;
import org.zstar.experiments.Grids;
import org.zstar.experiments.LearningCurve;
import org.zstar.experiments.RegScan;
import org.zstar.experiments.SharedExperiments;
import org.zstar.experiments.SharedFit;
import org.zstar.experiments.Stats;
import org.zstar.models.BecTrainer;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.models.UnitDescriptor;
import org.zstar.plot.ChartFiles;
import org.zstar.plot.ErrorBarCurves;
import org.zstar.plot.HeatMap;
import org.zstar.plot.LinePlot;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zstar experiments}: learning curves of the three models, the regularisation map of the combined model and
 * the three whole-pool models from ONE design pass (docs/THEORY.md (E8)-(E10)).
 */
@Command(name = "experiments", header = "Learning curves, regularisation map and the q, p, q+p models from one design pass.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Designs every frame of the training pool once with the combined (q+p) model, whose columns hold",
            "the monopole (q) and dipole (p) models as blocks (same references, modulators and features, selected",
            "once from the whole pool), and stores each frame's normal-equation sums in a scratch folder. Then:",
            "learning curves of q, p and q+p (repeat r adds the pool in its own seeded order; its subsets are",
            "nested), the lambda_w x lambda_q map of q+p on the whole pool, and optionally the three whole-pool",
            "models. Writes PREFIX-lc.csv/.json/.png/.svg and PREFIX-reg.csv/.json/.png/.svg.",
            "Test errors come from the test frames' own sums: RMSE and nRMSE (no MAE, no max error)."})
public final class ExperimentsCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public ExperimentsCommand() {
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

    @Option(names = "--models", defaultValue = "monopole,dipole,combined", paramLabel = "LIST",
            description = "Models of the learning curves (default: ${DEFAULT-VALUE}).")
    String models;

    @Option(names = "--sizes", defaultValue = "auto", paramLabel = "N,N,...|auto",
            description = "Training sizes; auto = 1, 2, 4, ... below the pool size; the whole pool is always added "
                    + "(default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = "--repeats", defaultValue = "4", description = "Random orders of the pool (repeats per size below the pool; default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--lambda-w", defaultValue = org.zstar.models.TrainingDefaults.LAMBDA_W_TEXT,
            description = "Tikhonov strength of the learning curves and models (default: ${DEFAULT-VALUE}).")
    double lambdaW;

    @Option(names = "--map-lambda-w", defaultValue = "log:1e-10:1e-2:9", paramLabel = "LIST",
            description = "Tikhonov strengths of the map (values and log:FROM:TO:COUNT items; default: ${DEFAULT-VALUE}).")
    String mapLambdaW;

    @Option(names = "--map-lambda-q", defaultValue = "0,log:1e-3:10:5", paramLabel = "LIST",
            description = "Charge-regularisation strengths of the map (default: ${DEFAULT-VALUE}); 'none' skips the map.")
    String mapLambdaQ;

    @Option(names = "--save-models", paramLabel = "PREFIX",
            description = "Write the whole-pool models PREFIX-monopole.zstar, PREFIX-dipole.zstar, PREFIX-combined.zstar.")
    String saveModels;

    @Option(names = "--resume", description = "Keep the frame files already in the scratch folder (an interrupted run with "
            + "the same data and options) and design only the missing frames.")
    boolean resume;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Output prefix.")
    String out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Title prefix of the figures (default: the data file name).")
    String title;

    @Option(names = "--replot", description = "Only redraw the learning-curve figure from PREFIX-lc.json (nothing is computed).")
    boolean replot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    /** 1, 2, 4, ... below the pool, then the pool. */
    static int[] parseSizes(String s, int pool) {
        if (s.trim().equalsIgnoreCase("auto")) {
            TreeSet<Integer> set = new TreeSet<>();
            for (int k = 1; k < pool; k *= 2) {
                set.add(k);
            }
            set.add(pool);
            return set.stream().mapToInt(Integer::intValue).toArray();
        }
        return LearningCurveCommand.parseSizes(s, pool);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = commandSpec.commandLine().getErr();
        PrintWriter o = commandSpec.commandLine().getOut();
        List<ModelKind> kinds = LearningCurveCommand.parseModels(models);
        if (replot) {
            curveFigure(readCurve(Path.of(out + "-lc.json")), kinds, out + "-lc",
                    title != null ? title : data.files.get(0).getFileName().toString());
            o.printf("redrew %s-lc.png and .svg%n", out);
            o.flush();
            return 0;
        }
        if (repeats < 1) {
            throw new UsageException("--repeats must be >= 1");
        }
        boolean map = !mapLambdaQ.trim().equalsIgnoreCase("none");
        double[] lw = map ? Grids.parse(mapLambdaW, "--map-lambda-w") : null;
        double[] lq = map ? Grids.parse(mapLambdaQ, "--map-lambda-q") : null;
        List<Structure> frames = data.readAll();
        int[][] tt = split.trainTest(frames.size(), model.seed);
        List<Structure> pool = TrainCommand.pick(frames, tt[0]);
        List<Structure> test = TrainCommand.pick(frames, tt[1]);
        int[] sz = parseSizes(sizes, pool.size());
        TrainingOptions options = model.options(ModelKind.COMBINED, lambdaW, 0.0);
        List<String> species = BecTrainer.prepare(pool, false).species();
        DescriptorParameters params = descriptor.parameters(species);
        UnitDescriptor scalar = new UnitDescriptor(new ScalarDescriptor(params));
        VectorDescriptor vector = new VectorDescriptor(params);
        Path dir = scratch.folder(out);
        String key = "data=" + data.files + "\nrows=" + data.rowsUsed() + "\npool=" + java.util.Arrays.toString(tt[0])
                + "\ndescriptor=" + scalar.hyperParameters() + "\nvector=" + vector.hyperParameters();
        err.printf("experiments: pool %d frames, test %d frames, sizes %s, %d repeats, scratch %s%n", pool.size(),
                test.size(), java.util.Arrays.toString(sz), repeats, dir);
        FrameSumStore st;
        try (Progress p = Progress.start("design pass", pool.size() + test.size())) {
            st = FrameSumStore.build(pool, test, scalar, vector, options, dir, key, resume, k -> p.step());
        }
        err.printf("shared design: %d columns (%s), selection %.1f s, pool %.1f s%s, test %.1f s%n", st.columns(),
                st.species(), st.selectionSeconds, st.poolSeconds, st.reused ? " (reused files)" : "", st.testSeconds);
        Map<String, Object> settings = settings(kinds, sz, tt, scalar, st);
        SharedExperiments.CurveRun run;
        try (Progress p = Progress.start("learning-curve fits", SharedExperiments.fits(pool.size(), sz, repeats, kinds.size()))) {
            run = SharedExperiments.learningCurve(st, kinds, sz, repeats, model.seed, lambdaW, 0.0, k -> p.step());
        }
        String name = title != null ? title : data.files.get(0).getFileName().toString();
        writeCurve(run.curve(), settings, kinds, out + "-lc", name);
        printCurve(o, run.curve());
        if (saveModels != null) {
            for (Map.Entry<ModelKind, SharedFit> e : run.fullFits().entrySet()) {
                Map<String, Object> prov = new LinkedHashMap<>();
                prov.put("data", settings.get("data"));
                prov.put("train_frame_indices", tt[0]);
                prov.put("trained_by", "zstar experiments (shared design)");
                Path file = Path.of(saveModels + "-" + e.getKey().label() + ".zstar");
                ModelFiles.save(e.getValue().model(st, pool.size(), prov), file);
                o.printf("wrote %s (test RMSE %.4f e)%n", file, e.getValue().testRmse);
            }
        }
        if (map) {
            RegScan.Result r;
            try (Progress p = Progress.start("map", (long) lw.length * lq.length)) {
                r = SharedExperiments.regMap(st, run.fullPool(), lw, lq, k -> p.step());
            }
            AtomicFiles.writeString(Path.of(out + "-reg.csv"), RegScan.toCsv(r));
            AtomicFiles.writeString(Path.of(out + "-reg.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(RegScan.toMap(r, settings)));
            heatMap(r, name + ": regularisation map of q+p (" + test.size() + " test frames)").writePngAndSvg(out + "-reg");
            RegScan.Point b = r.best();
            o.printf("map: %d points in %.1f s; best lambda_w %.3g, lambda_q %.3g: test RMSE %.4f e%n", r.points().size(),
                    r.seconds(), b.lambdaW(), b.lambdaQ(), b.testRmse());
        }
        if (!scratch.keep) {
            st.deleteFiles();
        }
        o.printf("wrote %s-lc.*%s%n", out, map ? " and " + out + "-reg.*" : "");
        o.flush();
        return 0;
    }

    private Map<String, Object> settings(List<ModelKind> kinds, int[] sz, int[][] tt, UnitDescriptor scalar,
            FrameSumStore st) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("data", data.files.stream().map(Path::toString).toList());
        s.put("bec_rows", data.rowsUsed());
        s.put("models", kinds.stream().map(ModelKind::label).toList());
        s.put("sizes", sz);
        s.put("repeats", repeats);
        s.put("lambda_w", lambdaW);
        s.put("train_pool_indices", tt[0]);
        s.put("test_frame_indices", tt[1]);
        s.put("descriptor", scalar.hyperParameters());
        s.put("model", model.toMap());
        s.put("columns", st.columns());
        s.put("design_seconds", Map.of("selection", st.selectionSeconds, "pool", st.poolSeconds, "test", st.testSeconds,
                "reused", st.reused));
        s.put("references", "selected once from the whole training pool for the combined model; q and p use its blocks");
        return s;
    }

    static void writeCurve(LearningCurve.Result r, Map<String, Object> settings, List<ModelKind> kinds, String prefix,
            String name) throws Exception {
        StringBuilder sb = new StringBuilder("model,train_frames,repeats,train_rmse_mean,train_rmse_std,test_rmse_mean,"
                + "test_rmse_std,train_nrmse_mean,train_nrmse_std,test_nrmse_mean,test_nrmse_std\n");
        List<Object> pts = new ArrayList<>();
        for (LearningCurve.Point p : r.points()) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%.6g,%.3g,%.6g,%.3g,%.6g,%.3g,%.6g,%.3g%n", p.model(), p.size(),
                    p.testRmse().length, Stats.mean(p.trainRmse()), Stats.std(p.trainRmse()), Stats.mean(p.testRmse()),
                    Stats.std(p.testRmse()), Stats.mean(p.trainNrmse()), Stats.std(p.trainNrmse()),
                    Stats.mean(p.testNrmse()), Stats.std(p.testNrmse())));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model", p.model());
            e.put("train_frames", p.size());
            e.put("train_rmse", p.trainRmse());
            e.put("train_nrmse", p.trainNrmse());
            e.put("test_rmse", p.testRmse());
            e.put("test_nrmse", p.testNrmse());
            e.put("subsets", p.subsets());
            e.put("solver", p.solver());
            pts.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", settings);
        m.put("pool_frames", r.poolFrames());
        m.put("test_frames", r.testFrames());
        m.put("test_reference_std", r.testReferenceStd());
        m.put("columns", r.columns());
        m.put("seconds", r.seconds());
        m.put("points", pts);
        AtomicFiles.writeString(Path.of(prefix + ".csv"), sb.toString());
        AtomicFiles.writeString(Path.of(prefix + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(m));
        curveFigure(r, kinds, prefix, name);
    }

    /** Fig. 1 style: log-log RMSE against training frames, test solid, train dashed, nRMSE on the right axis. */
    static void curveFigure(LearningCurve.Result r, List<ModelKind> kinds, String prefix, String name) {
        String t = name + ": learning curves (" + r.testFrames() + " test frames; solid test, dashed train)";
        ErrorBarCurves plot = new ErrorBarCurves(t, "training frames", "BEC RMSE (e; below 0.001 drawn at 0.001)")
                .logX(true).logY(true).floor(1e-3)
                .rightAxis(String.format(Locale.ROOT, "nRMSE = RMSE / %.3f e (std of test BECs)", r.testReferenceStd()),
                        r.testReferenceStd());
        for (ModelKind kind : kinds) {
            List<LearningCurve.Point> pts = r.points().stream().filter(p -> p.model().equals(kind.label())).toList();
            int n = pts.size();
            double[] x = new double[n], te = new double[n], tes = new double[n], tr = new double[n], trs = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = pts.get(i).size();
                te[i] = Stats.mean(pts.get(i).testRmse());
                tes[i] = Stats.std(pts.get(i).testRmse());
                tr[i] = Stats.mean(pts.get(i).trainRmse());
                trs[i] = Stats.std(pts.get(i).trainRmse());
            }
            java.awt.Color c = LinePlot.color(kind.ordinal()); // blue q, orange p, green q+p in every figure
            plot.curve(kind.label() + " test", x, te, tes, c, false);
            plot.curve(kind.label() + " train", x, tr, trs, c, true);
        }
        ChartFiles.writePngAndSvg(plot.toChart(), prefix);
    }

    /** The learning curve of a PREFIX-lc.json written by this command (for --replot). */
    static LearningCurve.Result readCurve(Path json) throws Exception {
        com.fasterxml.jackson.databind.JsonNode j = new ObjectMapper().readTree(java.nio.file.Files.readString(json));
        List<LearningCurve.Point> pts = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode p : j.get("points")) {
            double[] tr = values(p.get("train_rmse")), te = values(p.get("test_rmse"));
            pts.add(new LearningCurve.Point(p.get("model").asText(), p.get("train_frames").asInt(), tr,
                    values(p.get("train_nrmse")), te, null, values(p.get("test_nrmse")), null, List.of(), List.of()));
        }
        return new LearningCurve.Result(pts, j.get("pool_frames").asInt(), j.get("test_frames").asInt(),
                j.get("test_reference_std").asDouble(), Map.of(), j.get("seconds").asDouble());
    }

    private static double[] values(com.fasterxml.jackson.databind.JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    private static void printCurve(PrintWriter o, LearningCurve.Result r) {
        o.printf("%-9s %6s %20s %20s %18s%n", "model", "frames", "test RMSE (e)", "train RMSE (e)", "test nRMSE");
        for (LearningCurve.Point pt : r.points()) {
            o.printf("%-9s %6d %11.4f +- %.4f %11.4f +- %.4f %9.4f +- %.4f%n", pt.model(), pt.size(),
                    Stats.mean(pt.testRmse()), Stats.std(pt.testRmse()), Stats.mean(pt.trainRmse()),
                    Stats.std(pt.trainRmse()), Stats.mean(pt.testNrmse()), Stats.std(pt.testNrmse()));
        }
        o.printf("columns %s; %.1f s%n", r.columns(), r.seconds());
    }

    static HeatMap heatMap(RegScan.Result r, String title) {
        String[] xl = new String[r.lambdaW().length];
        String[] yl = new String[r.lambdaQ().length];
        for (int i = 0; i < xl.length; i++) {
            xl[i] = HeatMap.label(r.lambdaW()[i]);
        }
        for (int i = 0; i < yl.length; i++) {
            yl[i] = HeatMap.label(r.lambdaQ()[i]);
        }
        HeatMap h = new HeatMap("lambda_w (Tikhonov, relative)", xl, "lambda_q (charge regularisation)", yl).title(title);
        h.panel("test RMSE (e)", grid(r, p -> p.testRmse()), "%.4f", true);
        for (String s : r.species()) {
            h.panel("mean q(" + s + ") (e)", grid(r, p -> p.meanCharge().get(s)), "%.3f", false);
        }
        h.panel("max |q| (e)", grid(r, RegScan.Point::maxAbsCharge), "%.3f", false);
        h.panel("max |p| (e A)", grid(r, RegScan.Point::maxAbsDipole), "%.3f", true);
        return h;
    }

    private static double[][] grid(RegScan.Result r, java.util.function.ToDoubleFunction<RegScan.Point> f) {
        int nq = r.lambdaQ().length;
        int nw = r.lambdaW().length;
        double[][] v = new double[nq][nw];
        for (int iq = 0; iq < nq; iq++) {
            for (int iw = 0; iw < nw; iw++) {
                v[iq][iw] = f.applyAsDouble(r.at(iq, iw));
            }
        }
        return v;
    }
}
