package org.zstar.models;

import org.zstar.util.UserInputException;
import java.util.Locale;
import org.zstar.util.UserInputException;

/**
 * Hyper-parameters of a BEC model that are not descriptor parameters.
 *
 * @param kind monopole, dipole or combined
 * @param zeta power of the scalar kernel {@code K(i,B) = (x_i . x_B)^zeta} for charges
 * @param dipoleKernel linear {@code X_i X_B^T} or polynomial {@code (x_i . x_B)^(zetaDipole-1) X_i X_B^T}
 * @param dipoleZeta power of the polynomial dipole kernel (>= 1; 1 equals linear)
 * @param chargeForm exact (molecules), local (periodic) or auto
 * @param chargeOffsets whether each species gets a constant charge offset column
 * @param projectAsr project predicted BECs onto the acoustic sum rule, {@code Z_j <- Z_j - (sum_k Z_k - Q I)/N};
 *     linear in the weights, so training fits exactly what prediction returns (only the local charge form of
 *     periodic frames violates the rule before projection)
 */
public record BecModelSpec(ModelKind kind, int zeta, DipoleKernel dipoleKernel, int dipoleZeta,
        ChargeForm chargeForm, boolean chargeOffsets, boolean projectAsr) {

    /**
     * The dipole kernels: LINEAR {@code X_i X_B^T} and POLYNOMIAL {@code (x_i.x_B)^(zeta_p-1) X_i X_B^T} on sparse
     * references; FEATURES {@code p_i = X_i v_s}, linear in every lambda = 1 feature (the limit of the linear kernel
     * with references spanning the whole feature space), with no reference environments.
     */
    public enum DipoleKernel {
        /** Linear kernel on the reference environments. */
        LINEAR,
        /** Polynomial kernel modulated by the invariant descriptor. */
        POLYNOMIAL,
        /** Feature dipoles, linear in every lambda = 1 feature. */
        FEATURES;

        /**
         * The kernel of a name.
         *
         * @param s "linear", "polynomial" (or "poly") or "features"
         * @return the kernel
         * @throws UserInputException for another name
         */
        public static DipoleKernel parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "linear" -> LINEAR;
                case "polynomial", "poly" -> POLYNOMIAL;
                case "features" -> FEATURES;
                default -> throw new UserInputException("unknown dipole kernel '" + s
                        + "' (linear, polynomial or features)");
            };
        }
    }

    /**
     * Checks the powers.
     *
     * @param kind monopole, dipole or combined
     * @param zeta power of the charge kernel
     * @param dipoleKernel the dipole kernel
     * @param dipoleZeta power of the polynomial dipole kernel and of the modulators
     * @param chargeForm form of the charge-redistribution term
     * @param chargeOffsets one constant charge offset per species
     * @param projectAsr predictions projected onto the acoustic sum rule
     */
    public BecModelSpec {
        if (zeta < 1) {
            throw new UserInputException("kernel power zeta must be >= 1, got " + zeta);
        }
        if (dipoleZeta < 1) {
            throw new UserInputException("dipole kernel power must be >= 1, got " + dipoleZeta);
        }
    }

    /**
     * The {@link TrainingDefaults} form of a model kind.
     *
     * @param kind the model form
     * @return its default specification
     */
    public static BecModelSpec defaults(ModelKind kind) {
        return new BecModelSpec(kind, TrainingDefaults.ZETA, TrainingDefaults.DIPOLE_KERNEL, TrainingDefaults.DIPOLE_ZETA,
                TrainingDefaults.CHARGE_FORM, TrainingDefaults.CHARGE_OFFSETS, TrainingDefaults.PROJECT_PREDICTIONS_ASR);
    }

    /**
     * The same spec with another model kind.
     *
     * @param k the kind
     * @return the new spec
     */
    public BecModelSpec withKind(ModelKind k) {
        return new BecModelSpec(k, zeta, dipoleKernel, dipoleZeta, chargeForm, chargeOffsets, projectAsr);
    }

    /**
     * The same spec with another dipole kernel.
     *
     * @param k the dipole kernel
     * @return the new spec
     */
    public BecModelSpec withDipoleKernel(DipoleKernel k) {
        return new BecModelSpec(kind, zeta, k, dipoleZeta, chargeForm, chargeOffsets, projectAsr);
    }

    /**
     * The same spec with the sum-rule projection switched on or off.
     *
     * @param on whether predictions are projected onto the acoustic sum rule
     * @return the new spec
     */
    public BecModelSpec withProjectAsr(boolean on) {
        return new BecModelSpec(kind, zeta, dipoleKernel, dipoleZeta, chargeForm, chargeOffsets, on);
    }

    /** Power of the modulators {@code (x_i . x_M)^(zeta_p - 1)} of feature dipoles (docs/THEORY.md (D4)). */
    int modulatorPower() {
        return dipoleZeta - 1;
    }

    /** Effective power of the scalar factor of the dipole kernel (0 for linear). */
    int dipoleScalarPower() {
        return dipoleKernel == DipoleKernel.POLYNOMIAL ? dipoleZeta - 1 : 0;
    }
}
