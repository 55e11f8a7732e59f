package org.zstar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.zstar.io.ExtXyzWriter;
import org.zstar.models.BecPrediction;
import org.zstar.models.KernelBecModel;
import org.zstar.models.UncertainPrediction;
import org.zstar.structure.Structure;
import org.zstar.registry.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zstar predict}: charges, dipoles, BECs and their parts for every atom, as extended XYZ. */
@Command(name = "predict", header = "Predict charges, dipoles, BECs and their parts; write extended XYZ.", mixinStandardHelpOptions = true,
        description = {"Predict with a BEC model and write extended XYZ: every quantity of the input under its own",
            "name and meaning (a reference BEC stays the BEC column, rows = field), plus the predictions under",
            "names of their own: per atom bec_pred (Z, row = field), charges_pred (q), dipoles_pred (p),",
            "bec_pred_monopole (q I), bec_pred_redistribution and bec_pred_dipole (the parts of bec_pred); per",
            "frame polarization_pred (the model's P, e*A, positions as given). eval scores the BEC column, never",
            "bec_pred. A model with error bars adds bec_pred_std (predictive sigma of each component against a",
            "DFT label), bec_pred_model_std (model part only), charges_pred_std, dipoles_pred_std and per frame",
            "polarization_pred_std (docs/THEORY.md, \"Uncertainty\")."})
public final class PredictCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public PredictCommand() {
    }

    /** Predicted per-atom columns (flat, atom-major) and the per-frame key: their names in the output. */
    public static final String BEC_PRED = "bec_pred";
    /** Predicted charges q_i (e), one per atom. */
    public static final String CHARGES_PRED = "charges_pred";
    /** Predicted atomic dipoles p_i (e A), 3 per atom. */
    public static final String DIPOLES_PRED = "dipoles_pred";
    /** The monopole part of the predicted BEC, 9 per atom. */
    public static final String BEC_PRED_MONOPOLE = "bec_pred_monopole";
    /** The charge-redistribution part of the predicted BEC, 9 per atom. */
    public static final String BEC_PRED_REDISTRIBUTION = "bec_pred_redistribution";
    /** The dipole part of the predicted BEC, 9 per atom. */
    public static final String BEC_PRED_DIPOLE = "bec_pred_dipole";
    /** The predicted polarisation P of the frame (e A), 3 numbers. */
    public static final String POLARIZATION_PRED = "polarization_pred";
    /** Standard deviations of the predictions (docs/THEORY.md (U3)-(U5)). */
    public static final String BEC_PRED_STD = "bec_pred_std";
    /** The model (weight) part of the BEC standard deviation, 9 per atom. */
    public static final String BEC_PRED_MODEL_STD = "bec_pred_model_std";
    /** Standard deviation of the predicted charges (e), one per atom. */
    public static final String CHARGES_PRED_STD = "charges_pred_std";
    /** Standard deviation of the predicted dipoles (e A), 3 per atom. */
    public static final String DIPOLES_PRED_STD = "dipoles_pred_std";
    /** Standard deviation of the predicted polarisation (e A), 3 numbers. */
    public static final String POLARIZATION_PRED_STD = "polarization_pred_std";

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Option(names = "--frames", paramLabel = "SPEC", description = "Only these frames (0-based over the files).")
    String frames;

    @Option(names = "--out", required = true, paramLabel = "OUT.xyz",
            description = "Extended XYZ file to write (not one of the inputs).")
    Path out;

    @Option(names = "--asr-predictions", negatable = true,
            description = "Project the predicted BECs onto the acoustic sum rule, or not (--no-asr-predictions); "
                    + "default: as the model file says.")
    Boolean asrPredictions;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireNotAnInput(out, data.files, "--out");
        OutputPaths.requireWritable(out, "--out");
        return WorkerThreads.call(threads, this::predictAll);
    }

    private Integer predictAll() {
        KernelBecModel model = ModelRegistry.readBecModel(modelFile);
        if (asrPredictions != null) {
            model = model.withProjectAsr(asrPredictions);
        }
        List<Structure> set = ModelPredictions.frames(data, frames);
        boolean errorBars = model.posterior() != null;
        List<UncertainPrediction> uncertain = errorBars ? ModelPredictions.predictWithUncertainty(model, set) : null;
        List<BecPrediction> preds = errorBars ? uncertain.stream().map(UncertainPrediction::prediction).toList()
                : ModelPredictions.predict(model, set);
        List<Structure> written = new ArrayList<>(set.size());
        for (int f = 0; f < set.size(); f++) {
            Structure s = withPredictions(set.get(f), preds.get(f));
            if (errorBars) {
                s = withStandardDeviations(s, uncertain.get(f));
            }
            written.add(s);
        }
        ExtXyzWriter.write(out, written);
        KernelBecModel m = model;
        if (set.stream().anyMatch(s -> !m.polarizationIntegratesBec(s))) {
            // (PC3) the polarisation of a crystal frame is the model's sum q r + sum p, not an integral of its Z
            PrintWriter e = spec.commandLine().getErr();
            e.println("warning: " + POLARIZATION_PRED + " of the periodic frames is this model's P = sum q r + sum p "
                    + "at the positions as given: in a crystal it is not the integral of the predicted BECs, so its "
                    + "differences between frames are not a polarisation change (for dM/dt use zstar dmdt, "
                    + "sum_j Z_j v_j; docs/THEORY.md (PC3))");
            e.flush();
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %d frames to %s%n", written.size(), out);
        o.flush();
        return 0;
    }

    /**
     * The input frame unchanged (its reference BEC, charges, dipoles, dipole or polarization keep their names and
     * meaning) plus the predictions under their own names.
     */
    static Structure withPredictions(Structure s, BecPrediction p) {
        for (String name : List.of(BEC_PRED, CHARGES_PRED, DIPOLES_PRED, BEC_PRED_MONOPOLE, BEC_PRED_REDISTRIBUTION,
                BEC_PRED_DIPOLE)) {
            if (s.has(name)) {
                throw new UsageException("the input already has a '" + name + "' column (a zstar predict output?): "
                        + "predict on the original data instead");
            }
        }
        Structure.Builder b = s.toBuilder()
                .atomArray(BEC_PRED, p.bec())
                .atomArray(BEC_PRED_MONOPOLE, p.monopole())
                .atomArray(BEC_PRED_REDISTRIBUTION, p.redistribution())
                .atomArray(BEC_PRED_DIPOLE, p.dipolePart())
                .info(POLARIZATION_PRED, p.polarization());
        if (p.charges() != null) {
            b.atomArray(CHARGES_PRED, p.charges());
        }
        if (p.dipoles() != null) {
            b.atomArray(DIPOLES_PRED, p.dipoles());
        }
        return b.build();
    }

    /** The standard deviations of a prediction with error bars next to its values. */
    static Structure withStandardDeviations(Structure s, UncertainPrediction u) {
        Structure.Builder b = s.toBuilder().atomArray(BEC_PRED_STD, u.becStd())
                .atomArray(BEC_PRED_MODEL_STD, u.becModelStd()).atomArray(CHARGES_PRED_STD, u.chargeStd())
                .info(POLARIZATION_PRED_STD, u.polarizationStd());
        if (u.dipoleStd() != null) {
            b.atomArray(DIPOLES_PRED_STD, u.dipoleStd());
        }
        return b.build();
    }
}
