package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.models.BecEvaluation;
import org.zstar.models.BecMetrics;
import org.zstar.models.BecPosterior;
import org.zstar.models.BecPrediction;
import org.zstar.models.PosteriorCalibration;
import org.zstar.models.UncertainPrediction;
import org.zstar.models.UncertaintyMetrics;
import org.zstar.models.BecTrainer;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import org.zstar.models.UnitDescriptor;
import org.zstar.structure.Structure;
import org.zstar.util.FrameSelection;
import org.zstar.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zstar train}: derivative learning of a BEC model. */
@Command(name = "train", header = "Train a BEC model (${sys:zstar.becKindNames}) by derivative learning.", mixinStandardHelpOptions = true,
        description = {"Train a Born-effective-charge model (${sys:zstar.becKindNames}) on structures with BECs,",
            "print train and test errors, and write the model file."})
public final class TrainCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public TrainCommand() {
    }

    @Option(names = "--model", required = true, paramLabel = "${sys:zstar.becKindLabels}",
            description = "Model form: ${sys:zstar.becKinds}.")
    String kind;

    @Mixin
    DataOptions data;

    @ArgGroup(exclusive = true)
    TestSplit split;

    static final class TestSplit {
        @Option(names = "--test-frames", paramLabel = "SPEC",
                description = "Held-out frames, e.g. 90-99 or 90-99,120 (0-based over the files in order).")
        String frames;

        @Option(names = "--test-fraction", paramLabel = "F",
                description = "Hold out this fraction of the frames at random (seeded by --seed).")
        Double fraction;
    }

    @Option(names = "--train-frames", paramLabel = "SPEC",
            description = "Train only on these frames (default: every frame not held out).")
    String trainFrames;

    @Mixin
    DescriptorOptions descriptor;

    @Mixin
    ModelOptions model;

    @Option(names = "--lambda-w", defaultValue = org.zstar.models.TrainingDefaults.LAMBDA_W_TEXT,
            description = "Tikhonov regularisation, relative to the mean diagonal of the normal matrix (default: ${DEFAULT-VALUE}).")
    double lambdaW;

    @Option(names = "--lambda-q", defaultValue = org.zstar.models.TrainingDefaults.LAMBDA_Q_TEXT,
            description = "Charge regularisation weight pulling q_j towards tr(Z_j)/3 (default: ${DEFAULT-VALUE}, off).")
    double lambdaQ;

    @Option(names = "--uncertainty", defaultValue = "calibrated", paramLabel = "none|posterior|calibrated",
            description = {"Store the weight posterior for error bars: posterior (one noise level from the training "
                + "residuals), calibrated (also per-species noise and a model-variance scale fitted on the last "
                + "--calibration-fraction of the TRAINING frames), or none (default: ${DEFAULT-VALUE})."})
    String uncertainty;

    /** Default of --calibration-fraction (also what `zstar bench train` calibrates with). */
    static final String CALIBRATION_FRACTION_TEXT = "0.1";

    @Option(names = "--calibration-fraction", defaultValue = CALIBRATION_FRACTION_TEXT, paramLabel = "F",
            description = "Share of the training frames (the last ones) held out to calibrate the error bars (default: ${DEFAULT-VALUE}).")
    double calibrationFraction;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write.")
    Path out;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = commandSpec.commandLine().getErr();
        OutputPaths.requireWritable(out, "--out");
        ModelKind modelKind = ModelKind.parse(kind);
        uncertaintyMode(); // bad values fail before the training, not after
        List<Structure> frames = data.readAll(model.threadCount());
        int n = frames.size();
        FrameSelection.Split parts = FrameSelection.trainTest(n, split == null ? null : split.frames,
                split == null ? null : split.fraction, trainFrames, model.seed);
        int[] train = parts.train();
        int[] test = parts.test();
        List<Structure> trainSet = pick(frames, train);
        List<Structure> testSet = pick(frames, test);
        TrainingOptions options = model.options(modelKind, lambdaW, lambdaQ);
        BecTrainer.PreparedData prepared = BecTrainer.prepare(trainSet, options.projectAsr());
        DescriptorParameters params = descriptor.parameters(prepared.species());
        UnitDescriptor scalar = new UnitDescriptor(new ScalarDescriptor(params));
        VectorDescriptor vector = new VectorDescriptor(params);
        err.printf("training %s model on %d frames (%d held out), species %s%n", modelKind.label(), train.length,
                test.length, prepared.species());
        if (options.projectAsr()) {
            err.printf("acoustic sum rule projection removed up to %.3g e per tensor component sum%n",
                    prepared.asrRemovedMax());
        }
        long t0 = System.nanoTime();
        BecTrainer.Assembled assembled;
        try (Progress p = Progress.start("normal equations", trainSet.size())) {
            // the calibration holds out the last training frames: their designs are kept for it where memory allows
            int keepFrom = "calibrated".equals(uncertaintyMode())
                    ? PosteriorCalibration.firstHeldOut(trainSet.size(), calibrationFraction) : Integer.MAX_VALUE;
            assembled = BecTrainer.assemble(prepared, scalar, vector, options, k -> p.step(), keepFrom);
        }
        // the calibration first: its downdated copy of the normal matrix and the model's posterior (both M x M)
        // then never live at the same time (BaTiO3's 9927 weights: 788 MB each, under a 2 GB heap)
        BecPosterior.Calibration calibration = calibrationOf(err, prepared, assembled);
        BecTrainer.Fit fit = assembled.solve(lambdaW, lambdaQ, !"none".equals(uncertaintyMode()));
        KernelBecModel trained = withUncertainty(err, fit.model(), calibration);
        int columns = assembled.refs.columns();
        assembled = null; // the normal equations are the largest arrays: free them before the test predictions
        double trainSeconds = (System.nanoTime() - t0) * 1e-9;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", modelKind.label());
        summary.put("train_frames", train.length);
        summary.put("test_frames", test.length);
        summary.put("columns", columns);
        summary.put("train_rmse", fit.trainRmse());
        summary.put("train_seconds", trainSeconds);
        summary.put("solver", fit.solverReport());
        summary.put("threads", options.threads());
        summary.put("peak_heap_mb", peakHeapMb());
        addTestErrors(summary, fit.model(), trained, testSet, model.threadCount());
        if (trained.posterior() != null) {
            summary.put("posterior", posteriorSummary(trained.posterior()));
        }
        save(trained, summary, train, test);
        PrintWriter o = commandSpec.commandLine().getOut();
        if (json) {
            o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            print(o, summary, modelKind, columns, trainSeconds, fit, train.length, test.length);
        }
        o.flush();
        return 0;
    }

    /**
     * The error-bar calibration when --uncertainty calibrated asks for it (docs/THEORY.md (U5)), else null; null
     * too, with a message, when too few frames are left to hold out or the downdated normal matrix is not
     * positive definite.
     */
    private BecPosterior.Calibration calibrationOf(PrintWriter err, BecTrainer.PreparedData prepared,
            BecTrainer.Assembled assembled) {
        if (!"calibrated".equals(uncertaintyMode())) {
            return null;
        }
        BecPosterior.Calibration cal;
        try {
            cal = PosteriorCalibration.calibrate(prepared, assembled, lambdaW, lambdaQ, calibrationFraction,
                    model.threadCount());
        } catch (org.zstar.linalg.NotPositiveDefiniteException e) {
            err.println("error bars not calibrated: the normal matrix without the held-out frames is not positive "
                    + "definite (" + e.getMessage() + "); one noise level kept");
            return null;
        }
        if (cal == null) {
            err.println("too few training frames to calibrate the error bars: one noise level kept");
        }
        return cal;
    }

    /** The fitted model with its posterior as --uncertainty asks: none, as solved, or with the calibration. */
    private KernelBecModel withUncertainty(PrintWriter err, KernelBecModel trained,
            BecPosterior.Calibration calibration) {
        if (!"none".equals(uncertaintyMode()) && trained.posterior() == null) {
            err.println("no uncertainty stored: the solve fell back to the eigen-decomposition (no Cholesky factor)");
        }
        if (calibration != null && trained.posterior() != null) {
            return trained.withPosterior(trained.posterior().withCalibration(calibration));
        }
        return trained;
    }

    /** Test errors (and error-bar quality when the model has a posterior) into the summary. */
    private static void addTestErrors(Map<String, Object> summary, KernelBecModel fitted, KernelBecModel trained,
            List<Structure> testSet, int threads) throws Exception {
        if (testSet.size() > 0) {
            List<BecPrediction> preds;
            try (Progress p = Progress.start("test predictions", testSet.size())) {
                preds = BecEvaluation.predictAll(fitted, testSet, k -> p.step());
            }
            BecMetrics m = BecMetrics.of(testSet, BecEvaluation.becs(testSet, preds, false));
            summary.put("test", m.toMap());
            if (trained.posterior() != null) {
                long u0 = System.nanoTime();
                List<UncertainPrediction> up = WorkerThreads.call(threads,
                        () -> ModelPredictions.predictWithUncertainty(trained, testSet));
                summary.put("test_uncertainty", UncertaintyMetrics.report(testSet, up, trained.species()));
                summary.put("test_uncertainty_seconds", (System.nanoTime() - u0) * 1e-9);
            }
        }
    }

    /** Writes the model with its provenance and the summary (timings left out: the same inputs give the same bytes). */
    private void save(KernelBecModel trained, Map<String, Object> summary, int[] train, int[] test) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("data", data.files.stream().map(Path::toString).toList());
        provenance.put("bec_rows", data.rowsUsed());
        provenance.put("train_frame_indices", train);
        provenance.put("test_frame_indices", test);
        // timings stay out of the model file: same data, options and seed give the same bytes on any machine
        Map<String, Object> stored = new LinkedHashMap<>(summary);
        stored.remove("train_seconds");
        stored.remove("threads");
        stored.remove("peak_heap_mb");
        stored.remove("test_uncertainty_seconds");
        provenance.put("summary", stored);
        KernelBecModel model = trained.withMetadata(provenance);
        ModelFiles.save(model, out);
    }

    /** The summary as text. */
    private void print(PrintWriter o, Map<String, Object> summary, ModelKind modelKind, int columns,
            double trainSeconds, BecTrainer.Fit fit, int trainFrames, int testFrames) {
        o.printf("model      %s, %d weights, trained in %.1f s%n", modelKind.label(), columns, trainSeconds);
        o.printf("solver     %s%n", fit.solverReport());
        o.printf("train      RMSE %.4f e (%d frames)%n", fit.trainRmse(), trainFrames);
        if (summary.containsKey("test")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) summary.get("test");
            o.printf("test       RMSE %.4f e  MAE %.4f e  max %.4f e  nRMSE %.4f  ASR %.2e e (%d frames)%n",
                    t.get("rmse"), t.get("mae"), t.get("max_error"), t.get("nrmse"), t.get("asr_max"), testFrames);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) t.get("per_species");
            per.forEach((sym, v) -> o.printf("           %-3s RMSE %.4f e%n", sym, v.get("rmse")));
        }
        if (summary.containsKey("test_uncertainty")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> u = (Map<String, Object>) summary.get("test_uncertainty");
            o.printf("error bars coverage 1 sigma %.3f, 2 sigma %.3f, NLL %.3f, rank correlation %.3f%n",
                    u.get("coverage_1sigma"), u.get("coverage_2sigma"), u.get("mean_nll"),
                    u.get("sigma_error_rank_correlation"));
        }
        o.printf("wrote      %s%n", out);
    }

    private String uncertaintyMode() {
        if (!List.of("none", "posterior", "calibrated").contains(uncertainty)) {
            throw new UsageException("--uncertainty must be none, posterior or calibrated, got '" + uncertainty + "'");
        }
        if (!(calibrationFraction > 0 && calibrationFraction < 1)) {
            throw new UsageException("--calibration-fraction must be in (0, 1), got " + calibrationFraction);
        }
        return uncertainty;
    }

    /** What the summary says about the posterior (the factor itself stays in the model file). */
    static Map<String, Object> posteriorSummary(BecPosterior p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise_sigma", Math.sqrt(p.noiseVariance()));
        m.put("effective_parameters", p.effectiveParameters());
        m.put("observations", p.observations());
        BecPosterior.Calibration c = p.calibration();
        if (c != null) {
            Map<String, Object> noise = new LinkedHashMap<>();
            for (int s = 0; s < c.species().size(); s++) {
                noise.put(c.species().get(s), Map.of("diagonal_sigma", Math.sqrt(c.noiseVariance()[s][0]),
                        "off_diagonal_sigma", Math.sqrt(c.noiseVariance()[s][1])));
            }
            m.put("calibrated_noise", noise);
            m.put("model_variance_scale", c.modelVarianceScale());
            m.put("held_out_training_frames", c.frames().length);
            m.put("held_out_nll_before", c.heldOutNllBefore());
            m.put("held_out_nll_after", c.heldOutNllAfter());
        }
        return m;
    }

    /** Largest heap in use seen by the JVM's memory pools so far (MB). */
    static long peakHeapMb() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean b : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (b.getType() == java.lang.management.MemoryType.HEAP && b.getPeakUsage() != null) {
                peak += b.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    static List<Structure> pick(List<Structure> frames, int[] idx) {
        List<Structure> out = new ArrayList<>(idx.length);
        for (int i : idx) {
            out.add(frames.get(i));
        }
        return out;
    }
}
