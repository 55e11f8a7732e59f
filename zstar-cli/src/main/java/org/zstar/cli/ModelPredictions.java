package org.zstar.cli;

import java.util.List;
import org.zstar.models.BecEvaluation;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Structure;
import org.zstar.util.FrameSelection;
import org.zstar.util.Progress;

/** The frames a command works on, and a model's predictions for them with a progress bar. */
final class ModelPredictions {
    private ModelPredictions() {
    }

    /** All frames of the data, or the SPEC subset (0-based over the files in order). */
    static List<Structure> frames(DataOptions data, String spec) {
        List<Structure> all = data.readAll();
        return spec == null ? all : TrainCommand.pick(all, FrameSelection.parse(spec, all.size()));
    }

    /**
     * Predictions with standard deviations (through the full design; the model must have a posterior), in frame
     * order. Inside a ForkJoinPool (the --threads pool of predict and eval) as many frames as it has workers are
     * predicted at once, so memory is that many designs; elsewhere one at a time.
     */
    static List<org.zstar.models.UncertainPrediction> predictWithUncertainty(org.zstar.models.KernelBecModel model,
            List<Structure> frames) {
        List<org.zstar.models.UncertainPrediction> out = new java.util.ArrayList<>(frames.size());
        int width = java.util.concurrent.ForkJoinTask.inForkJoinPool()
                ? java.util.concurrent.ForkJoinTask.getPool().getParallelism() : 1;
        try (Progress p = Progress.start("predictions with error bars", frames.size())) {
            for (int k0 = 0; k0 < frames.size(); k0 += width) {
                int k1 = Math.min(frames.size(), k0 + width);
                out.addAll(java.util.stream.IntStream.range(k0, k1).parallel()
                        .mapToObj(k -> org.zstar.models.UncertainPrediction.of(model, frames.get(k))).toList());
                for (int k = k0; k < k1; k++) {
                    p.step();
                }
            }
        }
        return out;
    }

    /**
     * {@code count} copies of a model with weights drawn from its posterior (seeded); refused for models without
     * a posterior.
     */
    static List<org.zstar.models.KernelBecModel> posteriorSamples(BecModel model, java.nio.file.Path file, int count,
            long seed) {
        if (!(model instanceof org.zstar.models.KernelBecModel k) || k.posterior() == null) {
            throw new UsageException(file + " has no weight posterior to sample (trained with --uncertainty none, "
                    + "before the posterior was stored, or solved by the eigen fallback): retrain it");
        }
        return k.posteriorSamples(count, seed);
    }

    static List<BecPrediction> predict(BecModel model, List<Structure> frames) {
        try (Progress p = Progress.start("predictions", frames.size())) {
            return BecEvaluation.predictAll(model, frames, k -> p.step());
        }
    }
}
