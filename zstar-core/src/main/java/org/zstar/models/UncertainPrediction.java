package org.zstar.models;

import org.zstar.linalg.Backends;
import org.zstar.structure.Structure;

/**
 * A prediction with its standard deviations, docs/THEORY.md "Uncertainty": every output is a row of the frame's
 * design ({@code Z = B w + c}), so its model variance is {@code c s^2 b^T H^-1 b} (U3) and a BEC component's
 * predictive variance adds the noise (U4)/(U5). Arrays are atom-major like {@link BecPrediction}; the charge,
 * dipole and polarisation deviations are model-only (those quantities have no labels, hence no noise).
 *
 * @param becStd predictive standard deviation of each BEC component against a DFT label (9N)
 * @param becStdUncalibrated the same with one noise level, {@code s^2 (1 + h)} (U4), for comparison (9N)
 * @param becModelStd model-only standard deviation of each BEC component (9N)
 * @param chargeStd model standard deviation of each charge (N)
 * @param dipoleStd model standard deviation of each dipole component (3N; null without dipoles)
 * @param polarizationStd model standard deviation of P (3)
 * @param prediction the prediction
 */
public record UncertainPrediction(BecPrediction prediction, double[] becStd, double[] becStdUncalibrated,
        double[] becModelStd, double[] chargeStd,
        double[] dipoleStd, double[] polarizationStd) {

    /**
     * Predicts through the full design (built in centre blocks, so memory is 9N x M plus one block).
     *
     * @param model the model, with a posterior
     * @param s the frame
     * @return the prediction with the standard deviation of every BEC component
     */
    public static UncertainPrediction of(KernelBecModel model, Structure s) {
        BecPosterior post = model.posterior();
        if (post == null) {
            throw new org.zstar.util.UserInputException("the model has no uncertainty (trained before the posterior "
                    + "was stored, or solved by the eigen fallback): retrain it");
        }
        FrameDesign d = model.blockDesign(s);
        BecPrediction p = d.predict(model.weightsView());
        var backend = Backends.get();
        int n = d.atoms;
        double[] hz = post.leverages(d.bec, 9 * n, backend);
        double[] becStd = new double[9 * n];
        double[] becModelStd = new double[9 * n];
        double[] becStdOne = new double[9 * n];
        for (int j = 0; j < n; j++) {
            String sym = s.symbol(j);
            for (int k = 0; k < 9; k++) {
                int r = 9 * j + k;
                becStd[r] = Math.sqrt(post.predictiveVariance(hz[r], sym, k));
                becModelStd[r] = Math.sqrt(post.modelVariance(hz[r]));
                becStdOne[r] = Math.sqrt(post.noiseVariance() * (1 + hz[r]));
            }
        }
        double[] chargeStd = modelStd(post, post.leverages(d.charges, n, backend));
        double[] dipoleStd = d.dipoles == null ? null : modelStd(post, post.leverages(d.dipoles, 3 * n, backend));
        double[] polStd = modelStd(post, post.leverages(d.polarization, 3, backend));
        return new UncertainPrediction(p, becStd, becStdOne, becModelStd, chargeStd, dipoleStd, polStd);
    }

    /**
     * The RMS model standard deviation of a frame's 9N BEC components, {@code sqrt(c s^2 mean_r h_r)} (U3): the BEC
     * model's extrapolation indicator in md (docs/THEORY.md (FFU5)). The design is built in centre blocks.
     *
     * @param model a model with a posterior
     * @param s the frame
     * @return the RMS model standard deviation (e)
     */
    public static double rmsBecModelStd(KernelBecModel model, Structure s) {
        BecPosterior post = model.posterior();
        if (post == null) {
            throw new org.zstar.util.UserInputException("the BEC model has no uncertainty: retrain it to monitor it");
        }
        FrameDesign d = model.blockDesign(s);
        double[] h = post.leverages(d.bec, 9 * d.atoms, Backends.get());
        double sum = 0;
        for (double v : h) {
            sum += v;
        }
        return Math.sqrt(post.modelVariance(sum / h.length));
    }

    private static double[] modelStd(BecPosterior post, double[] leverages) {
        double[] out = new double[leverages.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sqrt(post.modelVariance(leverages[i]));
        }
        return out;
    }
}
