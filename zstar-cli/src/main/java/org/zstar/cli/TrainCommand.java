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
import org.zstar.models.BecPrediction;
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
@Command(name = "train", header = "Train a BEC model (monopole, dipole or combined) by derivative learning.", mixinStandardHelpOptions = true,
        description = {"Train a Born-effective-charge model (monopole, dipole or combined) on structures with BECs,",
            "print train and test errors, and write the model file."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "monopole|dipole|combined",
            description = "Model form: monopole (charges q), dipole (dipoles p with fixed charges) or combined (q+p).")
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
        List<Structure> frames = data.readAll();
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
            assembled = BecTrainer.assemble(prepared, scalar, vector, options, k -> p.step());
        }
        BecTrainer.Fit fit = assembled.solve(lambdaW, lambdaQ);
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
        if (testSet.size() > 0) {
            List<BecPrediction> preds;
            try (Progress p = Progress.start("test predictions", testSet.size())) {
                preds = BecEvaluation.predictAll(fit.model(), testSet, k -> p.step());
            }
            BecMetrics m = BecMetrics.of(testSet, BecEvaluation.becs(testSet, preds, false));
            summary.put("test", m.toMap());
        }
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
        provenance.put("summary", stored);
        KernelBecModel model = fit.model().withMetadata(provenance);
        ModelFiles.save(model, out);
        PrintWriter o = commandSpec.commandLine().getOut();
        if (json) {
            o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        } else {
            o.printf("model      %s, %d weights, trained in %.1f s%n", modelKind.label(), columns,
                    trainSeconds);
            o.printf("solver     %s%n", fit.solverReport());
            o.printf("train      RMSE %.4f e (%d frames)%n", fit.trainRmse(), train.length);
            if (summary.containsKey("test")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) summary.get("test");
                o.printf("test       RMSE %.4f e  MAE %.4f e  max %.4f e  nRMSE %.4f  ASR %.2e e (%d frames)%n",
                        t.get("rmse"), t.get("mae"), t.get("max_error"), t.get("nrmse"), t.get("asr_max"), test.length);
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) t.get("per_species");
                per.forEach((sym, v) -> o.printf("           %-3s RMSE %.4f e%n", sym, v.get("rmse")));
            }
            o.printf("wrote      %s%n", out);
        }
        o.flush();
        return 0;
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
