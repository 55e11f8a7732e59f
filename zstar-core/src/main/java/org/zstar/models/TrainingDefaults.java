package org.zstar.models;

/**
 * The one place for the default of every BEC training setting. {@link TrainingOptions#builder}, the CLI help
 * (picocli {@code defaultValue} reads the {@code *_TEXT} constants), the demo and docs/RESULTS.md ("Defaults of
 * the BEC models", where each value's origin is recorded) all take them from here.
 *
 * <p>The default model is the combined (q+p) model with modulated feature dipoles and charge offsets
 * (docs/THEORY.md (D4), (D5)): the most accurate setting measured, with the modulators restricted to a
 * selected subset of the lambda = 1 features so that the number of weights, and with it memory and time, stays
 * bounded (docs/RESULTS.md).
 */
public final class TrainingDefaults {
    private TrainingDefaults() {
    }

    /** Power of the charge kernel (x_i . x_B)^zeta. */
    public static final int ZETA = 4;
    /** {@link #ZETA} as the text of picocli's {@code defaultValue}. */
    public static final String ZETA_TEXT = "" + ZETA;
    /** Dipole kernel. */
    public static final BecModelSpec.DipoleKernel DIPOLE_KERNEL = BecModelSpec.DipoleKernel.FEATURES;
    /** {@link #DIPOLE_KERNEL} as the text of picocli's {@code defaultValue}. */
    public static final String DIPOLE_KERNEL_TEXT = "features";
    /** Power zeta_p of the polynomial dipole kernel and of the modulators (x_i . x_M)^(zeta_p - 1). */
    public static final int DIPOLE_ZETA = 2;
    /** {@link #DIPOLE_ZETA} as the text of picocli's {@code defaultValue}. */
    public static final String DIPOLE_ZETA_TEXT = "" + DIPOLE_ZETA;
    /** Form of the charge redistribution term: local or exact by the periodicity of the frame. */
    public static final ChargeForm CHARGE_FORM = ChargeForm.AUTO;
    /** {@link #CHARGE_FORM} as the text of picocli's {@code defaultValue}. */
    public static final String CHARGE_FORM_TEXT = "auto";
    /** One constant charge offset per species (combined and monopole models). */
    public static final boolean CHARGE_OFFSETS = true;
    /** {@link #CHARGE_OFFSETS} as the text of picocli's {@code defaultValue}. */
    public static final String CHARGE_OFFSETS_TEXT = "" + CHARGE_OFFSETS;
    /** Predictions projected onto the acoustic sum rule. */
    public static final boolean PROJECT_PREDICTIONS_ASR = true;
    /** Charge reference environments per species. */
    public static final int CHARGE_REFS = 200;
    /** {@link #CHARGE_REFS} as the text of picocli's {@code defaultValue}. */
    public static final String CHARGE_REFS_TEXT = "" + CHARGE_REFS;
    /** Dipole reference environments per species (linear and polynomial dipole kernels). */
    public static final int DIPOLE_REFS = 60;
    /** {@link #DIPOLE_REFS} as the text of picocli's {@code defaultValue}. */
    public static final String DIPOLE_REFS_TEXT = "" + DIPOLE_REFS;
    /** Modulator environments per species of the feature dipoles. */
    public static final int DIPOLE_MODULATORS = 3;
    /** {@link #DIPOLE_MODULATORS} as the text of picocli's {@code defaultValue}. */
    public static final String DIPOLE_MODULATORS_TEXT = "" + DIPOLE_MODULATORS;
    /** Lambda = 1 features per species that the modulators multiply (0 = all). */
    public static final int MODULATED_FEATURES = 256;
    /** {@link #MODULATED_FEATURES} as the text of picocli's {@code defaultValue}. */
    public static final String MODULATED_FEATURES_TEXT = "" + MODULATED_FEATURES;
    /** Sparse selection of the reference environments. */
    public static final TrainingOptions.Selection SELECTION = TrainingOptions.Selection.FPS;
    /** {@link #SELECTION} as the text of picocli's {@code defaultValue}. */
    public static final String SELECTION_TEXT = "fps";
    /** Tikhonov strength relative to the mean diagonal of the normal matrix. */
    public static final double LAMBDA_W = 1e-8;
    /** {@link #LAMBDA_W} as the text of picocli's {@code defaultValue}. */
    public static final String LAMBDA_W_TEXT = "1e-8";
    /** Charge regularisation (0 = off). */
    public static final double LAMBDA_Q = 0.0;
    /** {@link #LAMBDA_Q} as the text of picocli's {@code defaultValue}. */
    public static final String LAMBDA_Q_TEXT = "0";
    /** Seed of every random choice of a training (candidate subsets, splits). */
    public static final long SEED = 42L;
    /** {@link #SEED} as the text of picocli's {@code defaultValue}. */
    public static final String SEED_TEXT = "" + SEED;
    /** Three-body cutoff of the BEC models' descriptors (A). */
    public static final double R3 = 6.0;
    /** {@link #R3} as the text of picocli's {@code defaultValue}. */
    public static final String R3_TEXT = "6.0";

    /** {@return worker threads when none are asked for: every processor} */
    public static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
