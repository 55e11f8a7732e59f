package org.zstar.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.zstar.models.BecModelSpec;
import org.zstar.models.ChargeForm;
import org.zstar.models.ModelKind;
import org.zstar.models.TrainingOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** BEC-model hyper-parameters shared by train, learning-curve and reg-scan (picocli mixin). */
public final class ModelOptions {
    @Option(names = "--zeta", defaultValue = "4", description = "Power of the scalar kernel (x_i.x_B)^zeta (default: ${DEFAULT-VALUE}).")
    int zeta;

    @Option(names = "--dipole-kernel", defaultValue = "linear", paramLabel = "linear|polynomial|features",
            description = "Dipole kernel: linear X_i X_B^T or polynomial (x_i.x_B)^(zeta_p-1) X_i X_B^T on reference "
                    + "environments, or features: p_i = X_i v_s, linear in every lambda=1 feature (default: ${DEFAULT-VALUE}).")
    String dipoleKernel;

    @Option(names = "--dipole-zeta", defaultValue = "2", description = "Power of the polynomial dipole kernel (default: ${DEFAULT-VALUE}).")
    int dipoleZeta;

    @Option(names = "--charge-form", defaultValue = "auto", paramLabel = "auto|local|exact",
            description = "Charge-redistribution term: exact (molecules), local (periodic cells), auto (default: ${DEFAULT-VALUE}).")
    String chargeForm;

    @Option(names = "--charge-offsets", description = "Give each species a constant charge offset (an extra weight).")
    boolean chargeOffsets;

    @Option(names = "--charge-refs", defaultValue = "100", paramLabel = "N|SYM=N,...",
            description = "Reference environments per species for the charges (default: ${DEFAULT-VALUE}).")
    String chargeRefs;

    @Option(names = "--dipole-refs", defaultValue = "60", paramLabel = "N|SYM=N,...",
            description = "Reference environments per species for the dipoles (default: ${DEFAULT-VALUE}).")
    String dipoleRefs;

    @Option(names = "--dipole-modulators", defaultValue = "0", paramLabel = "G|SYM=G,...",
            description = "Feature dipoles only: modulate them by the kernel values (x_i.x_M)^(zeta_p-1) of G farthest-point "
                    + "environments M per species, p_i = X_i (v_s + sum_g y_ig u_sg) (default: ${DEFAULT-VALUE}, off).")
    String dipoleModulators;

    @Option(names = "--selection", defaultValue = "fps", paramLabel = "fps|cur",
            description = "Sparse selection of the references: farthest point or CUR (default: ${DEFAULT-VALUE}).")
    String selection;

    @Option(names = "--fixed-charges", paramLabel = "SYM=Q,...",
            description = "Dipole model: fixed charges per species (default: training mean of tr(Z)/3).")
    String fixedCharges;

    @Option(names = "--asr-predictions", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Project the model's predicted BECs onto the acoustic sum rule, Z_j <- Z_j - (sum_k Z_k - Q I)/N "
                    + "(stored in the model; default: on, --no-asr-predictions leaves them as the kernel gives them).")
    boolean asrPredictions;

    @Option(names = "--asr-references", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Project the training reference BECs onto the acoustic sum rule before fitting "
                    + "(default: off, the references as computed).")
    boolean asrReferences;

    @Option(names = "--no-asr-projection", hidden = true, description = "Renamed: --no-asr-predictions.")
    void retiredNoAsrProjection(boolean ignored) {
        throw RetiredOptions.renamed(mixee, "--no-asr-projection", "--no-asr-predictions",
                "the predicted BECs are left as the kernel gives them");
    }

    @Option(names = "--project-asr", hidden = true, description = "Renamed: --asr-references.")
    void retiredProjectAsr(boolean ignored) {
        throw RetiredOptions.renamed(mixee, "--project-asr", "--asr-references",
                "the training references are projected onto the acoustic sum rule");
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    BecModelSpec spec(ModelKind kind) {
        return new BecModelSpec(kind, zeta, BecModelSpec.DipoleKernel.parse(dipoleKernel), dipoleZeta,
                ChargeForm.parse(chargeForm), chargeOffsets, asrPredictions);
    }

    TrainingOptions options(ModelKind kind, double lambdaW, double lambdaQ) {
        return new TrainingOptions(spec(kind), Specs.perSpeciesCounts(chargeRefs, "--charge-refs"),
                Specs.perSpeciesCounts(dipoleRefs, "--dipole-refs"), selection, lambdaW, lambdaQ,
                Specs.perSpeciesValues(fixedCharges, "--fixed-charges"), asrReferences,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, seed,
                Specs.perSpeciesCounts(dipoleModulators, "--dipole-modulators", 0));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", zeta);
        m.put("dipole_kernel", dipoleKernel);
        m.put("dipole_zeta", dipoleZeta);
        m.put("charge_form", chargeForm);
        m.put("charge_offsets", chargeOffsets);
        m.put("charge_refs", chargeRefs);
        m.put("dipole_refs", dipoleRefs);
        m.put("dipole_modulators", dipoleModulators);
        m.put("selection", selection);
        m.put("fixed_charges", fixedCharges);
        m.put("asr_predictions", asrPredictions);
        m.put("asr_references", asrReferences);
        m.put("seed", seed);
        return m;
    }
}
