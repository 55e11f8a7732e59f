package org.zstar.models;

import java.util.List;
import java.util.function.IntConsumer;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.structure.Structure;

/**
 * BEC training and evaluation as library calls, with typed results: what {@code zstar train} does, without the
 * command line. The descriptor defaults to the one the CLI uses ({@link #defaultDescriptor}); the settings to
 * {@link TrainingDefaults} through {@link TrainingOptions#defaults}.
 *
 * <pre>
 * BecTraining.Result r = BecTraining.train(trainFrames, TrainingOptions.defaults(ModelKind.COMBINED));
 * BecMetrics test = BecTraining.evaluate(r.model(), testFrames);
 * </pre>
 */
public final class BecTraining {
    private BecTraining() {
    }

    /**
     * A trained model with its training RMSE (e, over every BEC component), the solver's report, the number of
     * weights, the wall time and where it went (not stored in the model file).
     *
     * @param model the trained model
     * @param trainRmse the training BEC RMSE over every component (e)
     * @param solverReport how the normal equations were solved
     * @param weights the number of weights
     * @param seconds the wall time (s)
     * @param timings where the time went
     */
    public record Result(KernelBecModel model, double trainRmse, String solverReport, int weights, double seconds,
            BecTrainer.Timings timings) {
    }

    /**
     * The descriptor of {@code zstar train} without descriptor options: the defaults with R3 = TrainingDefaults.R3.
     *
     * @param species the species it resolves
     * @return the descriptor parameters
     */
    public static DescriptorParameters defaultDescriptor(List<String> species) {
        return new DescriptorParameters(species, DescriptorParameters.DEFAULT_R2, TrainingDefaults.R3,
                DescriptorParameters.DEFAULT_SIGMA, DescriptorParameters.DEFAULT_N2, DescriptorParameters.DEFAULT_N3,
                DescriptorParameters.DEFAULT_LMAX, DescriptorParameters.DEFAULT_BETA,
                DescriptorParameters.DEFAULT_GRID_STEP);
    }

    /**
     * Trains on {@code frames} (every one with BECs) with the default descriptor.
     *
     * @param frames training frames with BECs
     * @param options the settings
     * @return the model and its training report
     */
    public static Result train(List<Structure> frames, TrainingOptions options) {
        return train(frames, options, null, null);
    }

    /**
     * Trains on {@code frames}.
     *
     * @param descriptor descriptor parameters, or null for {@link #defaultDescriptor} of the frames' species
     * @param progress called with the number of frames assembled so far, or null
     * @param frames training frames with BECs
     * @param options the settings
     * @return the model and its training report
     */
    public static Result train(List<Structure> frames, TrainingOptions options, DescriptorParameters descriptor,
            IntConsumer progress) {
        long t0 = System.nanoTime();
        BecTrainer.PreparedData data = BecTrainer.prepare(frames, options.projectAsr());
        DescriptorParameters p = descriptor != null ? descriptor : defaultDescriptor(data.species());
        UnitDescriptor scalar = new UnitDescriptor(new ScalarDescriptor(p));
        VectorDescriptor vector = new VectorDescriptor(p);
        BecTrainer.Assembled assembled = BecTrainer.assemble(data, scalar, vector, options, progress);
        BecTrainer.Fit fit = assembled.solve(options.lambdaW(), options.lambdaQ());
        return new Result(fit.model(), fit.trainRmse(), fit.solverReport(), assembled.refs.columns(),
                (System.nanoTime() - t0) * 1e-9, assembled.timings);
    }

    /**
     * Errors of a model on frames with reference BECs (predictions as the model projects them).
     *
     * @param model any BEC model
     * @param frames frames with reference BECs
     * @return the errors
     */
    public static BecMetrics evaluate(BecModel model, List<Structure> frames) {
        List<BecPrediction> predictions = BecEvaluation.predictAll(model, frames, null);
        return BecMetrics.of(frames, BecEvaluation.becs(frames, predictions, false));
    }
}
