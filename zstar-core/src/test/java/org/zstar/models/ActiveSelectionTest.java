package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.zstar.linalg.Backends;
import org.zstar.util.UserInputException;

/** Greedy posterior selection (docs/THEORY.md (AL1)-(AL4)) against dense brute force. */
class ActiveSelectionTest {
    static final int M = BecPosteriorTest.COLS;
    static final double LAMBDA = 0.5;

    /** Frames of {@code rows} random rows each; frame sizes scale the rows so the scores differ. */
    static List<double[]> frames(int count, int rows, long seed) {
        Random r = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            double[] b = new double[rows * M];
            double scale = 0.5 + 0.3 * f;
            for (int i = 0; i < b.length; i++) {
                b[i] = scale * r.nextGaussian();
            }
            out.add(b);
        }
        return out;
    }

    static ActiveSelection.Designs designs(List<double[]> frames) {
        return new ActiveSelection.Designs() {
            @Override
            public int frames() {
                return frames.size();
            }

            @Override
            public double[] design(int frame) {
                return frames.get(frame).clone();
            }
        };
    }

    /** {@code tr(B (H + sum_picked B_f^T B_f)^-1 B^T)} with H = G + lambda I, by a dense inverse. */
    static double bruteScore(BecPosteriorTest.Fitted fit, List<double[]> frames, List<Integer> picked, int frame) {
        double[] h = fit.gram().clone();
        for (int i = 0; i < M; i++) {
            h[i * M + i] += LAMBDA;
        }
        for (int p : picked) {
            double[] b = frames.get(p);
            for (int r = 0; r < b.length / M; r++) {
                for (int i = 0; i < M; i++) {
                    for (int j = 0; j < M; j++) {
                        h[i * M + j] += b[r * M + i] * b[r * M + j];
                    }
                }
            }
        }
        double[] inv = BecPosteriorTest.inverse(h, M);
        double[] b = frames.get(frame);
        double t = 0;
        for (int r = 0; r < b.length / M; r++) {
            for (int i = 0; i < M; i++) {
                for (int j = 0; j < M; j++) {
                    t += b[r * M + i] * inv[i * M + j] * b[r * M + j];
                }
            }
        }
        return t;
    }

    @Test
    void exactScoresAndPicksFollowTheUpdatedPosterior() {
        BecPosteriorTest.Fitted fit = BecPosteriorTest.fit(3, LAMBDA);
        List<double[]> frames = frames(7, 5, 21);
        ActiveSelection.Result r = ActiveSelection.greedy(fit.posterior(), designs(frames), 4, 8, 1L, Backends.get(), null);
        List<Integer> picked = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int pick = r.picks()[k];
            double best = -1;
            int argmax = -1;
            for (int f = 0; f < frames.size(); f++) {
                double s = bruteScore(fit, frames, picked, f);
                if (k == 0) {
                    assertThat(r.initialScore()[f]).isCloseTo(s, within(1e-10 * s));
                }
                if (!picked.contains(f) && s > best) {
                    best = s;
                    argmax = f;
                }
            }
            assertThat(pick).as("pick %d", k).isEqualTo(argmax);
            assertThat(r.pickScore()[pick]).isCloseTo(best, within(1e-9 * best));
            assertThat(r.pickOrder()[pick]).isEqualTo(k);
            picked.add(pick);
        }
        assertThat(r.probes()).containsOnly(5); // 5 rows <= 8 probes: exact
        assertThat(r.varianceScale()).isCloseTo(fit.posterior().noiseVariance(), within(1e-15));
    }

    @Test
    void aDuplicateOfAPickedFrameLosesItsVariance() {
        BecPosteriorTest.Fitted fit = BecPosteriorTest.fit(4, LAMBDA);
        List<double[]> frames = frames(5, 4, 8);
        frames.add(frames.get(4).clone()); // frame 5 duplicates the largest frame 4
        ActiveSelection.Result r = ActiveSelection.greedy(fit.posterior(), designs(frames), 2, 8, 1L, Backends.get(), null);
        // by the initial scores alone the two copies would be the top two
        assertThat(r.initialScore()[5]).isCloseTo(r.initialScore()[4], within(1e-12 * r.initialScore()[4]));
        for (int f = 0; f < 4; f++) {
            assertThat(r.initialScore()[f]).isLessThan(r.initialScore()[4]);
        }
        assertThat(r.picks()[0]).isEqualTo(4);
        assertThat(r.picks()[1]).as("the copy is not picked after the original").isNotEqualTo(5);
        double copyAfter = bruteScore(fit, frames, List.of(4), 5);
        assertThat(copyAfter).isLessThan(r.pickScore()[r.picks()[1]]).isLessThan(0.9 * r.initialScore()[5]);
    }

    @Test
    void hutchinsonSketchIsUnbiased() {
        BecPosteriorTest.Fitted fit = BecPosteriorTest.fit(6, LAMBDA);
        List<double[]> frames = frames(3, 40, 5);
        double[] exact = ActiveSelection.greedy(fit.posterior(), designs(frames), 1, 40, 1L, Backends.get(), null)
                .initialScore();
        double[] mean = new double[3];
        int seeds = 300;
        for (int s = 0; s < seeds; s++) {
            ActiveSelection.Result r = ActiveSelection.greedy(fit.posterior(), designs(frames), 1, 6, s, Backends.get(), null);
            assertThat(r.probes()).containsOnly(6);
            for (int f = 0; f < 3; f++) {
                mean[f] += r.initialScore()[f] / seeds;
            }
        }
        for (int f = 0; f < 3; f++) {
            assertThat(mean[f]).isCloseTo(exact[f], within(0.03 * exact[f]));
        }
    }

    @Test
    void refusesImpossibleCounts() {
        BecPosteriorTest.Fitted fit = BecPosteriorTest.fit(6, LAMBDA);
        List<double[]> frames = frames(3, 4, 5);
        assertThatThrownBy(() -> ActiveSelection.greedy(fit.posterior(), designs(frames), 4, 8, 1L, Backends.get(), null))
                .isInstanceOf(UserInputException.class).hasMessageContaining("pool of 3");
        assertThatThrownBy(() -> ActiveSelection.greedy(fit.posterior(), designs(frames), 0, 8, 1L, Backends.get(), null))
                .isInstanceOf(UserInputException.class);
    }
}
