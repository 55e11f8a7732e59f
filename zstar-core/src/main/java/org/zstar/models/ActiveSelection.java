package org.zstar.models;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Active learning of BECs: the K most informative frames of an unlabelled pool under a model's weight posterior,
 * by greedy batch selection (docs/THEORY.md "Active learning" (AL1)-(AL4)).
 *
 * <p>The score of a frame is its total model variance in units of {@code c s^2}, {@code tr(B_f H^-1 B_f^T)} (AL1).
 * After a pick, the posterior precision takes in that frame's rows, {@code H <- H + B_f^T B_f} (AL2): the posterior
 * covariance needs no labels, so near-duplicates of a picked frame lose their variance and the batch stays diverse.
 * The work is done in whitened coordinates {@code C = B V} ({@code H^-1 = V V^T}), where the precision starts as the
 * identity (AL3); a frame's trace is estimated from a Rademacher sketch of its rows (Hutchinson, AL4), exactly when
 * it has no more rows than probes.
 */
public final class ActiveSelection {
    private ActiveSelection() {
    }

    /** The design rows of every pool frame (row-major {@code rows(f) x M}); called again for each picked frame. */
    public interface Designs {
        /** {@return the number of pool frames} */
        int frames();

        /**
         * The design of one frame.
         *
         * @param frame pool index
         * @return its rows, row-major {@code rows x M}
         */
        double[] design(int frame);
    }

    /**
     * The picks and every pool frame's scores.
     *
     * @param picks pool indices in pick order
     * @param initialScore per pool frame, {@code tr(B_f H^-1 B_f^T)} under the model's own posterior (AL1)
     * @param pickScore per pool frame, its score when it was picked (after the earlier picks' updates), NaN if not
     * @param pickOrder per pool frame, its 0-based place in {@link #picks}, -1 if not picked
     * @param rows per pool frame, its design rows (9N)
     * @param probes per pool frame, the sketch size used (= rows when exact)
     * @param varianceScale {@code c s^2}: a score times this is the frame's summed model variance (e^2)
     * @param seconds wall time of the selection
     */
    public record Result(int[] picks, double[] initialScore, double[] pickScore, int[] pickOrder, int[] rows, int[] probes,
            double varianceScale, double seconds) {
        /**
         * RMS model standard deviation of a frame's components for a score.
         *
         * @param frame pool index
         * @param score a score of that frame ({@link #initialScore} or {@link #pickScore})
         * @return {@code sqrt(c s^2 score / 9N)} (e)
         */
        public double rmsSigma(int frame, double score) {
            return Math.sqrt(varianceScale * score / rows[frame]);
        }
    }

    /**
     * Selects from structures with a model that has a posterior (designs by {@link KernelBecModel#blockDesign}).
     *
     * @param model the BEC model, with its posterior
     * @param pool the candidate structures
     * @param count frames to pick, 1 to the pool size
     * @param probes Rademacher probes per frame (AL4)
     * @param seed seed of the probes
     * @param progress called once per designed frame, then once per pick (may be null)
     * @return the picks and every frame's scores
     */
    public static Result select(KernelBecModel model, List<Structure> pool, int count, int probes, long seed,
            IntConsumer progress) {
        BecPosterior post = model.posterior();
        if (post == null) {
            throw new UserInputException("the model has no posterior (trained with --uncertainty none, before the "
                    + "posterior was stored, or solved by the eigen fallback): retrain it to select frames");
        }
        Designs d = new Designs() {
            @Override
            public int frames() {
                return pool.size();
            }

            @Override
            public double[] design(int frame) {
                return model.blockDesign(pool.get(frame)).bec;
            }
        };
        return greedy(post, d, count, probes, seed, Backends.get(), progress);
    }

    /**
     * Greedy selection (AL2)-(AL4).
     *
     * @param post the model's posterior
     * @param designs the pool frames' design rows
     * @param count frames to pick, 1 to the pool size
     * @param probes Rademacher probes per frame; frames with at most this many rows are scored exactly
     * @param seed seed of the probes
     * @param be the linear-algebra backend
     * @param progress called once per designed frame, then once per pick (may be null)
     * @return the picks and every frame's scores
     */
    public static Result greedy(BecPosterior post, Designs designs, int count, int probes, long seed, DenseBackend be,
            IntConsumer progress) {
        long t0 = System.nanoTime();
        int pool = designs.frames();
        if (count < 1 || count > pool) {
            throw new UserInputException("cannot select " + count + " frames from a pool of " + pool
                    + " (the count must be between 1 and the pool size)");
        }
        if (probes < 1) {
            throw new UserInputException("the number of probes must be >= 1, got " + probes);
        }
        int m = post.columns();
        double[] v = post.inverseFactorView();
        Sketch sk = sketch(designs, v, m, probes, seed, be, progress);
        double[] score = frameScores(sk, null, m, be);
        double[] initial = score.clone();
        double[] precision = new double[m * m]; // P = I + sum_picked C_f^T C_f (AL3), upper triangle
        for (int i = 0; i < m; i++) {
            precision[i * m + i] = 1.0;
        }
        int[] picks = new int[count];
        double[] pickScore = new double[pool];
        Arrays.fill(pickScore, Double.NaN);
        int[] pickOrder = new int[pool];
        Arrays.fill(pickOrder, -1);
        double[] whitened = null;
        for (int k = 0; k < count; k++) {
            int best = -1;
            for (int f = 0; f < pool; f++) {
                if (pickOrder[f] < 0 && (best < 0 || score[f] > score[best])) {
                    best = f;
                }
            }
            picks[k] = best;
            pickOrder[best] = k;
            pickScore[best] = score[best];
            if (k + 1 < count) {
                double[] b = designs.design(best);
                int rows = b.length / m;
                whitened = whitened == null || whitened.length < rows * m ? new double[rows * m] : whitened;
                be.gemm(false, false, rows, m, m, 1.0, b, 0, m, v, 0, m, 0.0, whitened, 0, m); // C_f = B_f V
                be.syrkAtA(rows, m, 1.0, whitened, 0, m, precision, m); // P += C_f^T C_f (AL2 whitened)
                double[] rInverse = be.cholesky(precision, m).factor().clone(); // P = R^T R
                BecPosterior.invertUpperInPlace(rInverse, m);
                score = frameScores(sk, rInverse, m, be);
            }
            if (progress != null) {
                progress.accept(pool + k + 1);
            }
        }
        return new Result(picks, initial, pickScore, pickOrder, sk.rows, sk.probes, post.modelVariance(1.0),
                (System.nanoTime() - t0) * 1e-9);
    }

    /** Sketched whitened rows of every frame, stacked: frame f owns rows {@code [start[f], start[f + 1])}. */
    private record Sketch(double[] rows2d, int[] start, int[] rows, int[] probes) {
    }

    /**
     * (AL4) Per frame, {@code W_f = Z_f^T B_f V} with Z_f a 9N x k Rademacher matrix scaled by {@code 1/sqrt(k)}
     * (so {@code E[Z Z^T] = I}), or {@code W_f = B_f V} (exact) when {@code 9N <= k}.
     */
    private static Sketch sketch(Designs designs, double[] v, int m, int probes, long seed, DenseBackend be,
            IntConsumer progress) {
        int pool = designs.frames();
        double[][] parts = new double[pool][];
        int[] rows = new int[pool];
        int[] kf = new int[pool];
        int[] start = new int[pool + 1];
        Random rnd = new Random(seed);
        for (int f = 0; f < pool; f++) {
            double[] b = designs.design(f);
            if (b.length % m != 0) {
                throw new IllegalArgumentException("design of frame " + f + " has " + b.length + " entries, not a multiple of "
                        + m);
            }
            int r = b.length / m;
            rows[f] = r;
            double[] t; // the k x M rows before whitening
            if (r <= probes) {
                kf[f] = r;
                t = b;
            } else {
                int k = probes;
                kf[f] = k;
                double scale = 1.0 / Math.sqrt(k);
                double[] z = new double[r * k];
                for (int i = 0; i < z.length; i++) {
                    z[i] = rnd.nextBoolean() ? scale : -scale;
                }
                t = new double[k * m];
                be.gemm(true, false, k, m, r, 1.0, z, 0, k, b, 0, m, 0.0, t, 0, m); // Z^T B
            }
            double[] w = new double[kf[f] * m];
            be.gemm(false, false, kf[f], m, m, 1.0, t, 0, m, v, 0, m, 0.0, w, 0, m); // (Z^T B) V
            parts[f] = w;
            start[f + 1] = start[f] + kf[f];
            if (progress != null) {
                progress.accept(f + 1);
            }
        }
        double[] all = new double[start[pool] * m];
        for (int f = 0; f < pool; f++) {
            System.arraycopy(parts[f], 0, all, start[f] * m, parts[f].length);
        }
        return new Sketch(all, start, rows, kf);
    }

    /**
     * (AL3) {@code tr(C_f P^-1 C_f^T) = sum_rows |w R^-1|^2} with {@code P = R^T R}; {@code rInverse == null} means
     * P = I (the model's own posterior).
     */
    private static double[] frameScores(Sketch sk, double[] rInverse, int m, DenseBackend be) {
        int total = sk.start[sk.start.length - 1];
        double[] x = sk.rows2d;
        if (rInverse != null) {
            x = new double[total * m];
            be.gemm(false, false, total, m, m, 1.0, sk.rows2d, 0, m, rInverse, 0, m, 0.0, x, 0, m);
        }
        int pool = sk.rows.length;
        double[] score = new double[pool];
        for (int f = 0; f < pool; f++) {
            double s = 0;
            for (int i = sk.start[f] * m; i < sk.start[f + 1] * m; i++) {
                s += x[i] * x[i];
            }
            score[f] = s;
        }
        return score;
    }
}
