package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.experiments.LearningCurve;
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

/** {@code zstar learning-curve}: test and train errors of the BEC models versus the number of training frames. */
@Command(name = "learning-curve", header = "Learning curves of the BEC models (${sys:zstar.becKindNames}).", mixinStandardHelpOptions = true,
        description = {"Learning curves of the monopole, dipole and combined BEC models: train on seeded random",
            "subsets of increasing size of the training pool (repeated), evaluate on a fixed test set; writes",
            "PREFIX.csv, PREFIX.json and PREFIX.png/.svg. Each frame's descriptors are computed once; the",
            "references are selected once from the whole pool."})
public final class LearningCurveCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public LearningCurveCommand() {
    }


    @Mixin
    DataOptions data;

    @Mixin
    DescriptorOptions descriptor;

    @Mixin
    ModelOptions model;

    @Mixin
    SplitOptions split;

    @Option(names = "--models", defaultValue = "monopole,dipole,combined", paramLabel = "LIST",
            description = "Models to run, comma separated, of ${sys:zstar.becKindNames} (default: ${DEFAULT-VALUE}).")
    String models;

    @Option(names = "--sizes", defaultValue = "auto", paramLabel = "N,N,...|auto",
            description = "Training sizes; auto = 5, 10, 20, ... below the pool size. The whole pool is always added (default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = "--repeats", defaultValue = "3", description = "Random subsets per size below the pool size (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--lambda-w", defaultValue = org.zstar.models.TrainingDefaults.LAMBDA_W_TEXT,
            description = "Tikhonov regularisation, relative to the mean diagonal of the normal matrix (default: ${DEFAULT-VALUE}).")
    double lambdaW;

    @Option(names = "--lambda-q", defaultValue = org.zstar.models.TrainingDefaults.LAMBDA_Q_TEXT, description = "Charge regularisation weight (default: ${DEFAULT-VALUE}, off).")
    double lambdaQ;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Output prefix: PREFIX.csv, .json, .png, .svg.")
    String out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Figure title (default: Learning curves (N test frames)).")
    String title;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    static List<ModelKind> parseModels(String s) {
        List<ModelKind> kinds = new ArrayList<>();
        for (String t : s.split(",")) {
            if (!t.isBlank()) {
                ModelKind k = ModelKind.parse(t.trim());
                if (!kinds.contains(k)) {
                    kinds.add(k);
                }
            }
        }
        if (kinds.isEmpty()) {
            throw new UsageException("--models: no model given");
        }
        return kinds;
    }

    static int[] parseSizes(String s, int pool) {
        if (s.trim().equalsIgnoreCase("auto")) {
            return LearningCurve.autoSizes(pool);
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (String t : s.split(",")) {
            if (t.isBlank()) {
                continue;
            }
            int v;
            try {
                v = Integer.parseInt(t.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--sizes: '" + t + "' is not a whole number");
            }
            if (v < 1 || v > pool) {
                throw new UsageException("--sizes: " + v + " is outside 1.." + pool + " (the training pool)");
            }
            set.add(v);
        }
        set.add(pool);
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = commandSpec.commandLine().getErr();
        PrintWriter o = commandSpec.commandLine().getOut();
        List<ModelKind> kinds = parseModels(models);
        if (repeats < 1) {
            throw new UsageException("--repeats must be >= 1");
        }
        List<Structure> frames = data.readAll();
        int[][] tt = split.trainTest(frames.size(), model.seed);
        List<Structure> pool = TrainCommand.pick(frames, tt[0]);
        List<Structure> test = TrainCommand.pick(frames, tt[1]);
        int[] sz = parseSizes(sizes, pool.size());
        TrainingOptions options = model.options(kinds.get(0), lambdaW, lambdaQ);
        List<String> species = BecTrainer.prepare(pool, false).species();
        DescriptorParameters params = descriptor.parameters(species);
        UnitDescriptor scalar = new UnitDescriptor(new ScalarDescriptor(params));
        VectorDescriptor vector = new VectorDescriptor(params);
        err.printf("learning curve of %s: pool %d frames, test %d frames, sizes %s, %d repeats%n", kinds, pool.size(),
                test.size(), Arrays.toString(sz), repeats);
        LearningCurve.Result r;
        try (Progress p = Progress.start("learning-curve fits", LearningCurve.fits(pool.size(), sz, repeats, kinds.size()))) {
            r = LearningCurve.run(pool, test, scalar, vector, kinds, options, sz, repeats, model.seed, k -> p.step());
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data", data.files.stream().map(Path::toString).toList());
        settings.put("bec_rows", data.rowsUsed());
        settings.put("models", kinds.stream().map(ModelKind::label).toList());
        settings.put("sizes", sz);
        settings.put("repeats", repeats);
        settings.put("lambda_w", lambdaW);
        settings.put("lambda_q", lambdaQ);
        settings.put("train_pool_indices", tt[0]);
        settings.put("test_frame_indices", tt[1]);
        settings.put("descriptor", scalar.hyperParameters());
        settings.put("model", model.toMap());
        AtomicFiles.writeString(Path.of(out + ".csv"), LearningCurve.toCsv(r));
        AtomicFiles.writeString(Path.of(out + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(LearningCurve.toMap(r, settings)));
        writeFigure(r, kinds, out, title);
        o.printf("%-9s %6s %20s %20s %16s %16s%n", "model", "frames", "test RMSE (e)", "train RMSE (e)", "test nRMSE",
                "test MAE (e)");
        for (LearningCurve.Point pt : r.points()) {
            o.printf("%-9s %6d %11.4f +- %.4f %11.4f +- %.4f %9.4f +- %.3f %9.4f +- %.3f%n", pt.model(), pt.size(),
                    Stats.mean(pt.testRmse()), Stats.std(pt.testRmse()), Stats.mean(pt.trainRmse()),
                    Stats.std(pt.trainRmse()), Stats.mean(pt.testNrmse()), Stats.std(pt.testNrmse()),
                    Stats.mean(pt.testMae()), Stats.std(pt.testMae()));
        }
        o.printf("columns %s; %.1f s; wrote %s.csv, %s.json, %s.png, %s.svg%n", r.columns(), r.seconds(), out, out, out, out);
        o.flush();
        return 0;
    }

    static void writeFigure(LearningCurve.Result r, List<ModelKind> kinds, String prefix, String title) {
        ErrorBarCurves plot = new ErrorBarCurves(title != null ? title : "Learning curves (" + r.testFrames() + " test frames)",
                "training frames", "BEC RMSE (e)").logX(true)
                .rightAxis(String.format(Locale.ROOT, "nRMSE = RMSE / %.3f e (std of test BECs)", r.testReferenceStd()),
                        r.testReferenceStd());
        for (int k = 0; k < kinds.size(); k++) {
            String name = kinds.get(k).label();
            List<LearningCurve.Point> pts = r.points().stream().filter(p -> p.model().equals(name)).toList();
            double[] x = new double[pts.size()];
            double[] te = new double[pts.size()];
            double[] tes = new double[pts.size()];
            double[] tr = new double[pts.size()];
            double[] trs = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                x[i] = pts.get(i).size();
                te[i] = Stats.mean(pts.get(i).testRmse());
                tes[i] = Stats.std(pts.get(i).testRmse());
                tr[i] = Stats.mean(pts.get(i).trainRmse());
                trs[i] = Stats.std(pts.get(i).trainRmse());
            }
            // one colour per model kind, the same in every figure (monopole, dipole, combined)
            java.awt.Color c = LinePlot.color(kinds.get(k).ordinal());
            plot.curve(name + " test", x, te, tes, c, false);
            plot.curve(name + " train", x, tr, trs, c, true);
        }
        ChartFiles.writePngAndSvg(plot.toChart(), prefix);
    }
}
