package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.experiments.Grids;
import org.zstar.experiments.RegScan;
import org.zstar.models.BecTrainer;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.models.UnitDescriptor;
import org.zstar.plot.HeatMap;
import org.zstar.structure.Structure;
import org.zstar.util.AtomicFiles;
import org.zstar.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zstar reg-scan}: a grid over the Tikhonov and charge-regularisation strengths. */
@Command(name = "reg-scan", header = "Regularisation map (lambda_w x lambda_q) of a BEC model.", mixinStandardHelpOptions = true,
        description = {"Regularisation map of a BEC model (default: combined): assemble the normal equations once,",
            "solve on a grid of lambda_w (Tikhonov) and lambda_q (charge regularisation) and report per point the",
            "test RMSE, the mean charge per species, max |q| and max |p|. Writes PREFIX.csv, PREFIX.json and heat",
            "maps PREFIX.png/.svg."})
public final class RegScanCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public RegScanCommand() {
    }

    @Mixin
    DataOptions data;

    @Mixin
    DescriptorOptions descriptor;

    @Mixin
    ModelOptions model;

    @Mixin
    SplitOptions split;

    @Option(names = "--model", defaultValue = "combined", paramLabel = "${sys:zstar.becKindLabels}",
            description = "Model form (default: ${DEFAULT-VALUE}; lambda_q needs charges).")
    String kind;

    @Option(names = "--lambda-w", defaultValue = "log:1e-10:1e-2:9", paramLabel = "LIST",
            description = "Tikhonov strengths (relative to the mean diagonal of the normal matrix): values and "
                    + "log:FROM:TO:COUNT items, comma separated (default: ${DEFAULT-VALUE}).")
    String lambdaW;

    @Option(names = "--lambda-q", defaultValue = "0,log:1e-3:10:5", paramLabel = "LIST",
            description = "Charge-regularisation strengths, same syntax (default: ${DEFAULT-VALUE}).")
    String lambdaQ;

    @Option(names = "--save-model", paramLabel = "MODEL", description = "Also write the model of the grid point with the lowest test RMSE.")
    Path saveModel;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Output prefix: PREFIX.csv, .json, .png, .svg.")
    String out;

    @Option(names = "--title", paramLabel = "TEXT", description = "Figure title (default: Regularisation scan, MODEL model (test frames)).")
    String title;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = commandSpec.commandLine().getErr();
        PrintWriter o = commandSpec.commandLine().getOut();
        ModelKind modelKind = ModelKind.parse(kind);
        double[] lw = Grids.parse(lambdaW, "--lambda-w");
        double[] lq = Grids.parse(lambdaQ, "--lambda-q");
        if (!modelKind.hasCharges()) {
            for (double v : lq) {
                if (v > 0) {
                    throw new UsageException("--lambda-q needs a model with charges (monopole or combined)");
                }
            }
        }
        List<Structure> frames = data.readAll();
        int[][] tt = split.trainTest(frames.size(), model.seed);
        List<Structure> train = TrainCommand.pick(frames, tt[0]);
        List<Structure> test = TrainCommand.pick(frames, tt[1]);
        TrainingOptions options = model.options(modelKind, lw[0], lq[0]);
        BecTrainer.PreparedData prepared = BecTrainer.prepare(train, options.projectAsr());
        DescriptorParameters params = descriptor.parameters(prepared.species());
        UnitDescriptor scalar = new UnitDescriptor(new ScalarDescriptor(params));
        VectorDescriptor vector = new VectorDescriptor(params);
        err.printf("regularisation scan of the %s model: %d training frames, %d test frames, %d x %d grid%n",
                modelKind.label(), train.size(), test.size(), lw.length, lq.length);
        long t0 = System.nanoTime();
        BecTrainer.Assembled assembled;
        try (Progress p = Progress.start("normal equations", train.size())) {
            assembled = BecTrainer.assemble(prepared, scalar, vector, options, k -> p.step());
        }
        double assembleSeconds = (System.nanoTime() - t0) * 1e-9;
        RegScan.Result r;
        try (Progress p = Progress.start("grid", (long) lw.length * lq.length)) {
            r = RegScan.run(assembled, test, lw, lq, k -> p.step());
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data", data.files.stream().map(Path::toString).toList());
        settings.put("bec_rows", data.rowsUsed());
        settings.put("model_kind", modelKind.label());
        settings.put("train_frame_indices", tt[0]);
        settings.put("test_frame_indices", tt[1]);
        settings.put("columns", assembled.refs.columns());
        settings.put("assemble_seconds", assembleSeconds);
        settings.put("descriptor", scalar.hyperParameters());
        settings.put("model", model.toMap());
        AtomicFiles.writeString(Path.of(out + ".csv"), RegScan.toCsv(r));
        AtomicFiles.writeString(Path.of(out + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(RegScan.toMap(r, settings)));
        heatMap(r, modelKind, title).writePngAndSvg(out);
        RegScan.Point best = r.best();
        o.printf("assembled %d columns from %d frames in %.1f s; %d grid points solved in %.1f s%n",
                assembled.refs.columns(), train.size(), assembleSeconds, r.points().size(), r.seconds());
        printGrid(o, r);
        o.printf("best: lambda_w %.3g, lambda_q %.3g, test RMSE %.4f e (nRMSE %.4f)%n", best.lambdaW(), best.lambdaQ(),
                best.testRmse(), best.testNrmse());
        if (saveModel != null) {
            BecTrainer.Fit fit = assembled.solve(best.lambdaW(), best.lambdaQ());
            Map<String, Object> prov = new LinkedHashMap<>();
            prov.put("data", settings.get("data"));
            prov.put("bec_rows", data.rowsUsed());
            prov.put("train_frame_indices", tt[0]);
            prov.put("test_frame_indices", tt[1]);
            prov.put("chosen_by", "reg-scan: lowest test RMSE");
            KernelBecModel m = fit.model().withMetadata(prov);
            ModelFiles.save(m, saveModel);
            o.printf("wrote model %s%n", saveModel);
        }
        o.printf("wrote %s.csv, %s.json, %s.png, %s.svg%n", out, out, out, out);
        o.flush();
        return 0;
    }

    /** One line per grid point: the two strengths, test and train RMSE, mean charges, largest charge and dipole. */
    private static void printGrid(PrintWriter o, RegScan.Result r) {
    o.printf("%10s %10s %10s %10s", "lambda_w", "lambda_q", "test RMSE", "train RMSE");
    for (String s : r.species()) {
        o.printf(" %9s", "<q_" + s + ">");
    }
    o.printf(" %9s %9s%n", "max|q|", "max|p|");
    for (RegScan.Point p : r.points()) {
        o.printf("%10.3g %10.3g %10.4f %10.4f", p.lambdaW(), p.lambdaQ(), p.testRmse(), p.trainRmse());
        for (String s : r.species()) {
            o.printf(" %9.4f", p.meanCharge().get(s));
        }
        o.printf(" %9.4f %9.4f%n", p.maxAbsCharge(), p.maxAbsDipole());
    }
    }

    static HeatMap heatMap(RegScan.Result r, ModelKind kind, String title) {
        String[] xl = new String[r.lambdaW().length];
        String[] yl = new String[r.lambdaQ().length];
        for (int i = 0; i < xl.length; i++) {
            xl[i] = HeatMap.label(r.lambdaW()[i]);
        }
        for (int i = 0; i < yl.length; i++) {
            yl[i] = HeatMap.label(r.lambdaQ()[i]);
        }
        int nq = yl.length;
        int nw = xl.length;
        HeatMap h = new HeatMap("lambda_w (Tikhonov, relative)", xl, "lambda_q (charge regularisation)", yl)
                .title(title != null ? title : "Regularisation scan, " + kind.label() + " model (test frames)");
        h.panel("test RMSE (e)", grid(r, nq, nw, p -> p.testRmse()), "%.4f", true);
        if (kind.hasCharges()) {
            for (String s : r.species()) {
                h.panel("mean q(" + s + ") (e)", grid(r, nq, nw, p -> p.meanCharge().get(s)), "%.3f", false);
            }
            h.panel("max |q| (e)", grid(r, nq, nw, RegScan.Point::maxAbsCharge), "%.3f", false);
        }
        if (kind.hasDipoles()) {
            h.panel("max |p| (e A)", grid(r, nq, nw, RegScan.Point::maxAbsDipole), "%.3f", false);
        }
        return h;
    }

    private static double[][] grid(RegScan.Result r, int nq, int nw, java.util.function.ToDoubleFunction<RegScan.Point> f) {
        double[][] v = new double[nq][nw];
        for (int iq = 0; iq < nq; iq++) {
            for (int iw = 0; iw < nw; iw++) {
                v[iq][iw] = f.applyAsDouble(r.at(iq, iw));
            }
        }
        return v;
    }
}
