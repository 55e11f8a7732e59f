package org.zstar.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.zstar.models.BecModelSpec;
import org.zstar.models.ChargeForm;
import org.zstar.models.ModelKind;
import org.zstar.models.SpeciesCounts;
import org.zstar.models.TrainingDefaults;
import org.zstar.models.TrainingOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** BEC-model hyper-parameters shared by train, learning-curve and reg-scan (picocli mixin). */
public final class ModelOptions {
    /** Options of a command (a picocli mixin or group); picocli sets them. */
    public ModelOptions() {
    }

    @Option(names = "--zeta", defaultValue = TrainingDefaults.ZETA_TEXT,
            description = "Power of the scalar kernel (x_i.x_B)^zeta (default: ${DEFAULT-VALUE}).")
    int zeta;

    @Option(names = "--dipole-kernel", defaultValue = TrainingDefaults.DIPOLE_KERNEL_TEXT,
            paramLabel = "linear|polynomial|features",
            description = "Dipole kernel: linear X_i X_B^T or polynomial (x_i.x_B)^(zeta_p-1) X_i X_B^T on reference "
                    + "environments, or features: p_i = X_i v_s, linear in every lambda=1 feature (default: ${DEFAULT-VALUE}).")
    String dipoleKernel;

    @Option(names = "--dipole-zeta", defaultValue = TrainingDefaults.DIPOLE_ZETA_TEXT,
            description = "Power of the polynomial dipole kernel and of the modulators (default: ${DEFAULT-VALUE}).")
    int dipoleZeta;

    @Option(names = "--charge-form", defaultValue = TrainingDefaults.CHARGE_FORM_TEXT, paramLabel = "auto|local|exact",
            description = "Charge-redistribution term: exact (molecules), local (periodic cells), auto (default: ${DEFAULT-VALUE}).")
    String chargeForm;

    @Option(names = "--charge-offsets", negatable = true, defaultValue = TrainingDefaults.CHARGE_OFFSETS_TEXT,
            fallbackValue = "true",
            description = "Give each species a constant charge offset (an extra weight); --no-charge-offsets: none "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean chargeOffsets;

    @Option(names = "--charge-refs", defaultValue = TrainingDefaults.CHARGE_REFS_TEXT, paramLabel = "N|SYM=N,...",
            description = "Reference environments per species for the charges (default: ${DEFAULT-VALUE}).")
    String chargeRefs;

    @Option(names = "--dipole-refs", defaultValue = TrainingDefaults.DIPOLE_REFS_TEXT, paramLabel = "N|SYM=N,...",
            description = "Reference environments per species for the linear and polynomial dipole kernels "
                    + "(default: ${DEFAULT-VALUE}).")
    String dipoleRefs;

    @Option(names = "--dipole-modulators", paramLabel = "G|SYM=G,...",
            description = "Feature dipoles only: modulate them by the kernel values (x_i.x_M)^(zeta_p-1) of G farthest-point "
                    + "environments M per species, p_i = X_i (v_s + sum_g y_ig u_sg) (default: "
                    + TrainingDefaults.DIPOLE_MODULATORS_TEXT + " with feature dipoles, else 0).")
    String dipoleModulators;

    @Option(names = "--modulated-features", defaultValue = TrainingDefaults.MODULATED_FEATURES_TEXT,
            paramLabel = "K|SYM=K,...",
            description = "Lambda=1 features per species that the modulators multiply, picked by a pivoted Cholesky "
                    + "factorisation of their second moments; 0 = all (default: ${DEFAULT-VALUE}).")
    String modulatedFeatures;

    @Option(names = "--selection", defaultValue = TrainingDefaults.SELECTION_TEXT, paramLabel = "fps|cur",
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

    @Option(names = "--threads", description = "Worker threads; they bound all the work (default: all processors).")
    Integer threads;

    /** The --threads value, or the default (all processors). */
    int threadCount() {
        return threads == null ? TrainingDefaults.threads() : threads;
    }

    @Option(names = "--seed", defaultValue = TrainingDefaults.SEED_TEXT,
            description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    BecModelSpec spec(ModelKind kind) {
        return new BecModelSpec(kind, zeta, BecModelSpec.DipoleKernel.parse(dipoleKernel), dipoleZeta,
                ChargeForm.parse(chargeForm), chargeOffsets, asrPredictions);
    }

    TrainingOptions options(ModelKind kind, double lambdaW, double lambdaQ) {
        TrainingOptions.Builder b = TrainingOptions.builder(kind).spec(spec(kind))
                .chargeRefs(counts(chargeRefs, "--charge-refs", 1))
                .dipoleRefs(counts(dipoleRefs, "--dipole-refs", 1))
                .modulatedFeatures(counts(modulatedFeatures, "--modulated-features", 0))
                .selection(TrainingOptions.Selection.parse(selection))
                .lambdaW(lambdaW).lambdaQ(lambdaQ)
                .fixedCharges(Specs.perSpeciesValues(fixedCharges, "--fixed-charges"))
                .projectAsr(asrReferences).threads(threads == null ? TrainingDefaults.threads() : threads).seed(seed);
        if (dipoleModulators != null) {
            b.dipoleModulators(counts(dipoleModulators, "--dipole-modulators", 0));
        }
        return b.build();
    }

    /** "N" or "SYM=N,..." ("*" = the rest; species not named get N, else the default of the option). */
    static SpeciesCounts counts(String text, String option, int min) {
        Map<String, Integer> map = new LinkedHashMap<>(Specs.perSpeciesCounts(text, option, min));
        Integer others = map.remove("*");
        int fallback = others != null ? others : switch (option) {
            case "--charge-refs" -> TrainingDefaults.CHARGE_REFS;
            case "--dipole-refs" -> TrainingDefaults.DIPOLE_REFS;
            case "--modulated-features" -> TrainingDefaults.MODULATED_FEATURES;
            default -> 0;
        };
        return SpeciesCounts.of(fallback, map);
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
        m.put("modulated_features", modulatedFeatures);
        m.put("selection", selection);
        m.put("fixed_charges", fixedCharges);
        m.put("asr_predictions", asrPredictions);
        m.put("asr_references", asrReferences);
        m.put("seed", seed);
        return m;
    }
}
