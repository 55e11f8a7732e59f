package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.models.BecEvaluation;
import org.zstar.models.BecMetrics;
import org.zstar.models.BecPrediction;
import org.zstar.models.KernelBecModel;
import org.zstar.models.UncertainPrediction;
import org.zstar.models.UncertaintyMetrics;
import org.zstar.structure.Structure;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zstar eval}: errors of a BEC model against reference BECs. */
@Command(name = "eval", header = "Errors of a BEC model against reference BECs.", mixinStandardHelpOptions = true,
        description = {"Evaluate a BEC model on structures with reference BECs: RMSE, MAE, max error, normalised",
            "RMSE (RMSE / std of the reference components), per species and per component, and the",
            "acoustic-sum-rule residual of the predictions; for a model with error bars their calibration:",
            "coverage_1sigma, coverage_2sigma (fractions of components within 1 and 2 sigma), mean_nll and",
            "sigma_error_rank_correlation (Spearman over atoms, sigma against absolute error)."})
public final class EvalCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public EvalCommand() {
    }

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Option(names = "--frames", paramLabel = "SPEC", description = "Only these frames (0-based over the files, e.g. 90-99).")
    String frames;

    @Option(names = "--asr-predictions", negatable = true,
            description = "Project the predicted BECs onto the acoustic sum rule before comparing, or not "
                    + "(--no-asr-predictions); default: as the model file says (train's --[no-]asr-predictions).")
    Boolean asrPredictions;

    @Option(names = "--project-asr", hidden = true, description = "Renamed: --asr-predictions.")
    void retiredProjectAsr(boolean ignored) {
        throw RetiredOptions.renamed(spec, "--project-asr", "--asr-predictions",
                "the predicted BECs are projected onto the acoustic sum rule before comparing");
    }

    @Option(names = "--json", description = "Print one JSON object (rmse, mae, max_error, nrmse, asr_max, per_species, ...).")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return WorkerThreads.call(threads, this::evaluate);
    }

    private Integer evaluate() throws Exception {
        KernelBecModel model = ModelRegistry.readBecModel(modelFile);
        List<Structure> set = ModelPredictions.frames(data, frames);
        requireReferences(set);
        // predict once without the model's own projection: its residual is the one before any correction, and
        // the projection is the same per-frame formula that the model applies (Z_j -= (sum_k Z_k - Q I)/N)
        List<BecPrediction> raw = ModelPredictions.predict(model.withProjectAsr(false), set);
        List<double[]> unprojected = BecEvaluation.becs(set, raw, false);
        List<double[]> projected = BecEvaluation.becs(set, raw, true);
        refuseOwnPredictions(set, unprojected, projected);
        double rawAsr = BecMetrics.of(set, unprojected).asrMax;
        boolean project = asrPredictions == null ? model.spec().projectAsr() : asrPredictions;
        BecMetrics m = BecMetrics.of(set, project ? projected : unprojected);
        Map<String, Object> calibration = null;
        if (model.posterior() != null) {
            // error bars through the model's own design (its projection included), scored on the same frames
            List<UncertainPrediction> up = ModelPredictions.predictWithUncertainty(model, set);
            calibration = UncertaintyMetrics.report(set, up, model.species());
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> map = m.toMap();
            if (calibration != null) {
                for (String key : List.of("coverage_1sigma", "coverage_2sigma", "mean_nll",
                        "sigma_error_rank_correlation")) {
                    map.put(key, calibration.get(key));
                }
                map.put("uncertainty", calibration);
            } else {
                map.put("uncertainty", "none (the model file has no posterior)");
            }
            map.put("frames", set.size());
            map.put("asr_max_before_projection", rawAsr);
            map.put("model", modelFile.toString());
            o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(map));
        } else {
            o.printf("%d frames, %d components%n", set.size(), m.components);
            o.println(m);
            o.printf("ASR residual before the model's projection: %.3g e%n", rawAsr);
            if (calibration != null) {
                o.printf("error bars: coverage 1 sigma %.3f, 2 sigma %.3f, mean NLL %.3f, sigma-error rank correlation %.3f%n",
                        calibration.get("coverage_1sigma"), calibration.get("coverage_2sigma"),
                        calibration.get("mean_nll"), calibration.get("sigma_error_rank_correlation"));
            } else {
                o.println("error bars: none (the model file has no posterior)");
            }
        }
        o.flush();
        return 0;
    }

    /** Largest |Z_ref - Z_pred| below which a frame's reference is taken for the model's own output (e). */
    static final double OWN_PREDICTION_TOLERANCE = 1e-8;

    /** Every frame needs a reference BEC; a predict output's bec_pred column is not one. */
    private void requireReferences(List<Structure> set) {
        for (Structure s : set) {
            if (!s.hasBec()) {
                throw new UsageException(data.origin(s) + " has no reference BEC" + (s.has(PredictCommand.BEC_PRED)
                        ? " (its '" + PredictCommand.BEC_PRED + "' column holds a model's predictions, which eval "
                                + "does not score against)" : ""));
            }
        }
    }

    /**
     * Refuses to score the model against its own predictions: a reference that equals the prediction (with or
     * without the sum-rule projection) to {@link #OWN_PREDICTION_TOLERANCE} cannot be DFT data, it was written by
     * this model (e.g. a predict output whose predictions were renamed to BEC).
     */
    private void refuseOwnPredictions(List<Structure> set, List<double[]> unprojected, List<double[]> projected) {
        for (int f = 0; f < set.size(); f++) {
            double[] ref = set.get(f).atomArrayView(Structure.BEC);
            if (maxAbsDifference(ref, unprojected.get(f)) <= OWN_PREDICTION_TOLERANCE
                    || maxAbsDifference(ref, projected.get(f)) <= OWN_PREDICTION_TOLERANCE) {
                throw new UsageException(data.origin(set.get(f)) + ": the reference BEC column ('BEC' or its alias) "
                        + "equals this model's predictions to " + OWN_PREDICTION_TOLERANCE + " e: it was written by the "
                        + "model, not computed by DFT; eval refuses to score a model against its own predictions");
            }
        }
    }

    private static double maxAbsDifference(double[] a, double[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            m = Math.max(m, Math.abs(a[k] - b[k]));
        }
        return m;
    }
}
