package org.zstar.forcefield;

import org.zstar.models.TrainingOptions;

/**
 * The one place for the default of every force-field training setting. {@link ForceFieldTrainingOptions#builder}
 * and the help of {@code zstar train-ff} (picocli {@code defaultValue} reads the {@code *_TEXT} constants) take
 * them from here. The quantity weights have no constant: by default each is the inverse standard deviation of its
 * training targets (docs/THEORY.md, "Force field and MD", (FF5)), settled when the data are seen.
 */
public final class ForceFieldDefaults {
    private ForceFieldDefaults() {
    }

    /** Kernel exponent of {@code K = (x . x_B)^zeta}. */
    public static final int ZETA = 4;
    /** {@link #ZETA} as picocli's default text. */
    public static final String ZETA_TEXT = "" + ZETA;
    /** Reference environments per species. */
    public static final int REFERENCES = 300;
    /** {@link #REFERENCES} as picocli's default text. */
    public static final String REFERENCES_TEXT = "" + REFERENCES;
    /** Sparse selection of the reference environments. */
    public static final TrainingOptions.Selection SELECTION = TrainingOptions.Selection.CUR;
    /** {@link #SELECTION} as picocli's default text. */
    public static final String SELECTION_TEXT = "cur";
    /** Tikhonov strength relative to the mean diagonal of the weighted normal matrix. */
    public static final double LAMBDA = 1e-9;
    /** {@link #LAMBDA} as picocli's default text. */
    public static final String LAMBDA_TEXT = "1e-9";

    /**
     * Worker threads when none are asked for.
     *
     * @return the number of processors
     */
    public static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
