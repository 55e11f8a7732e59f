package org.zstar.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.zstar.structure.Structure;

/** Predictions for many frames (in parallel), and the acoustic-sum-rule projection of predicted BECs. */
public final class BecEvaluation {
    private BecEvaluation() {
    }

    /**
     * Predicts every frame, in parallel; results in frame order. {@code progress} is called once per frame.
     *
     * @param model the model
     * @param frames the frames
     * @param progress called once per frame (may be null)
     * @return one prediction per frame, in order
     */
    public static List<BecPrediction> predictAll(BecModel model, List<Structure> frames, IntConsumer progress) {
        BecPrediction[] out = new BecPrediction[frames.size()];
        IntStream.range(0, frames.size()).parallel().forEach(f -> {
            out[f] = model.predict(frames.get(f));
            if (progress != null) {
                progress.accept(f);
            }
        });
        return new ArrayList<>(Arrays.asList(out));
    }

    /**
     * {@code Z_j <- Z_j - (sum_k Z_k - Q I)/N}: the projection onto the acoustic sum rule, per frame.
     *
     * @param s the frame, for the atom count and the total charge
     * @param bec the BECs, 9N values (Z[j][a][b] = dP_a/dr_{j,b})
     * @return the projected BECs (a new array)
     */
    public static double[] projectAsr(Structure s, double[] bec) {
        double[] excess = BecTrainer.asrExcess(s, bec);
        double[] out = bec.clone();
        int n = s.size();
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < 9; k++) {
                out[9 * j + k] -= excess[k] / n;
            }
        }
        return out;
    }

    /**
     * The BEC arrays of predictions, optionally projected onto the sum rule.
     *
     * @param frames the frames, for the sum-rule projection
     * @param predictions one prediction per frame
     * @param projectAsr whether to project each frame's BECs onto the sum rule
     * @return one 9N array per frame
     */
    public static List<double[]> becs(List<Structure> frames, List<BecPrediction> predictions, boolean projectAsr) {
        List<double[]> out = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            double[] z = predictions.get(f).bec();
            out.add(projectAsr ? projectAsr(frames.get(f), z) : z);
        }
        return out;
    }
}
