package org.zstar.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.models.BecPosterior;
import org.zstar.models.ModelKind;
import org.zstar.util.UserInputException;

/**
 * Learning curves of the combined model with frames chosen by the posterior (active learning) against random
 * frames, from one {@link FrameSumStore} (docs/THEORY.md (AL5)): the labels of the pool are the oracle, queried
 * only for the frames picked.
 *
 * <p>Repeat r starts both curves from the same seed set, the first {@code sizes[0]} frames of its random order
 * ({@link SharedExperiments#order}, the order of the random learning curve); the random curve continues in that
 * order, the active one picks, one frame at a time, the pool frame of largest {@code tr(H_S^-1 G_f)} under the
 * posterior of the model trained on the current set S ({@code H_S = G_S + lambda_q^2 G_q,S + lambda_S I}, the
 * training's own matrix), then adds its sums: the greedy update {@code H <- H + G_f} of (AL2), with the stored
 * per-frame Gram matrices, so every score is exact. The whole pool is the same model for both.
 */
public final class ActiveLearningCurve {
    private ActiveLearningCurve() {
    }

    /**
     * Test and train RMSE per repeat of one size, for both strategies.
     *
     * @param size training frames
     * @param randomTestRmse test RMSE (e) of the random curve, per repeat
     * @param activeTestRmse test RMSE (e) of the active curve, per repeat
     * @param randomTrainRmse train RMSE (e) of the random curve, per repeat
     * @param activeTrainRmse train RMSE (e) of the active curve, per repeat
     */
    public record Point(int size, double[] randomTestRmse, double[] activeTestRmse, double[] randomTrainRmse,
            double[] activeTrainRmse) {
    }

    /**
     * Both curves of a run.
     *
     * @param sizes the training sizes
     * @param points one per size
     * @param randomOrders per repeat, the random order of the pool (its first sizes[0] frames are the seed set)
     * @param activeOrders per repeat, the pool frames in the order the active curve took them (seed set first)
     * @param pickScores per repeat, {@code tr(H_S^-1 G_f)} of each picked frame when it was picked (NaN for seeds)
     * @param poolFrames pool size
     * @param testFrames test frames
     * @param testReferenceStd standard deviation of the test BEC components (e)
     * @param seconds wall time of the run
     * @param activeSeconds of which the active curves
     */
    public record Result(int[] sizes, List<Point> points, List<int[]> randomOrders, List<int[]> activeOrders,
            List<double[]> pickScores, int poolFrames, int testFrames, double testReferenceStd, double seconds,
            double activeSeconds) {
    }

    /**
     * Posterior evaluations (Cholesky and inverse of H) of a run: one per active pick below the pool size.
     *
     * @param pool pool frames
     * @param sizes the training sizes of the run
     * @param repeats seed sets
     * @return the number of picks (for progress displays)
     */
    public static int picks(int pool, int[] sizes, int repeats) {
        int last = sizes[sizes.length - 1] == pool && sizes.length > 1 ? sizes[sizes.length - 2] : sizes[sizes.length - 1];
        return repeats * Math.max(0, last - sizes[0]);
    }

    /**
     * Both curves for every repeat.
     *
     * @param st the per-frame sums of the pool and the test frames
     * @param sizes ascending training sizes, sizes[0] the seed set (>= 1)
     * @param repeats seed sets (random orders of the pool)
     * @param seed seed of the random orders ({@link SharedExperiments#order})
     * @param lambdaW Tikhonov strength, relative to the mean diagonal of G
     * @param lambdaQ charge-regularisation strength
     * @param progress called once per active pick (may be null)
     * @return the curves, the orders and the pick scores
     */
    public static Result run(FrameSumStore st, int[] sizes, int repeats, long seed, double lambdaW, double lambdaQ,
            IntConsumer progress) {
        long t0 = System.nanoTime();
        int pool = st.poolSize;
        validate(sizes, repeats, pool);
        int ns = sizes.length;
        double[][][] values = new double[4][ns][repeats]; // random test, active test, random train, active train
        List<int[]> randomOrders = new ArrayList<>();
        List<int[]> activeOrders = new ArrayList<>();
        List<double[]> pickScores = new ArrayList<>();
        double activeSeconds = 0;
        int[] done = {0};
        for (int r = 0; r < repeats; r++) {
            int[] ord = SharedExperiments.order(pool, seed, r);
            randomOrders.add(ord);
            PackedSums sums = st.empty();
            int next = 0;
            for (int i = 0; i < ns; i++) {
                for (; next < sizes[i]; next++) {
                    sums.addFile(FrameSumStore.frameFile(st.dir, ord[next]));
                }
                SharedFit f = SharedFit.solve(st, sums, ModelKind.COMBINED, lambdaW, lambdaQ);
                values[0][i][r] = f.testRmse;
                values[2][i][r] = f.trainRmse;
            }
            long ta = System.nanoTime();
            int[] active = new int[pool];
            double[] score = new double[pool];
            Arrays.fill(score, Double.NaN);
            activeCurve(st, ord, sizes, lambdaW, lambdaQ, active, score, values, r, progress, done);
            activeSeconds += (System.nanoTime() - ta) * 1e-9;
            activeOrders.add(Arrays.copyOf(active, sizes[ns - 1]));
            pickScores.add(Arrays.copyOf(score, sizes[ns - 1]));
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < ns; i++) {
            points.add(new Point(sizes[i], values[0][i], values[1][i], values[2][i], values[3][i]));
        }
        return new Result(sizes.clone(), points, randomOrders, activeOrders, pickScores, pool, st.testAtoms.size(),
                st.testStd, (System.nanoTime() - t0) * 1e-9, activeSeconds);
    }

    private static void validate(int[] sizes, int repeats, int pool) {
        if (repeats < 1) {
            throw new UserInputException("repeats must be >= 1");
        }
        if (sizes.length < 2) {
            throw new UserInputException("the active-learning curve needs a seed size and at least one larger size");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1 || sizes[i] > pool || (i > 0 && sizes[i] <= sizes[i - 1])) {
                throw new UserInputException("training sizes must ascend within 1.." + pool + ": " + Arrays.toString(sizes));
            }
        }
    }

    /** Repeat r's active curve: the seed set of {@code ord}, then greedy picks; fills {@code active} and errors. */
    private static void activeCurve(FrameSumStore st, int[] ord, int[] sizes, double lambdaW, double lambdaQ, int[] active,
            double[] score, double[][][] values, int r, IntConsumer progress, int[] done) {
        int pool = st.poolSize;
        boolean[] taken = new boolean[pool];
        PackedSums sums = st.empty();
        PackedSums candidate = st.empty();
        double[] bound = new double[pool]; // last computed score: an upper bound of the current one (lazy greedy)
        Arrays.fill(bound, Double.POSITIVE_INFINITY);
        int count = 0;
        for (; count < sizes[0]; count++) {
            active[count] = ord[count];
            taken[ord[count]] = true;
            sums.addFile(FrameSumStore.frameFile(st.dir, ord[count]));
        }
        for (int i = 0; i < sizes.length; i++) {
            while (count < sizes[i]) {
                int pick;
                if (sizes[i] == pool) {
                    pick = firstFree(taken); // the whole pool: nothing to choose
                } else {
                    pick = lazyPick(st, sums, candidate, taken, bound, lambdaW, lambdaQ);
                    score[count] = bound[pick];
                    if (progress != null) {
                        progress.accept(++done[0]);
                    }
                }
                active[count++] = pick;
                taken[pick] = true;
                sums.addFile(FrameSumStore.frameFile(st.dir, pick));
            }
            SharedFit f = SharedFit.solve(st, sums, ModelKind.COMBINED, lambdaW, lambdaQ);
            values[1][i][r] = f.testRmse;
            values[3][i][r] = f.trainRmse;
        }
    }

    private static int firstFree(boolean[] taken) {
        for (int f = 0; f < taken.length; f++) {
            if (!taken[f]) {
                return f;
            }
        }
        throw new IllegalStateException("no frame left");
    }

    private static int argmax(double[] s, boolean[] taken) {
        int best = -1;
        for (int f = 0; f < s.length; f++) {
            if (!taken[f] && (best < 0 || s[f] > s[best])) {
                best = f;
            }
        }
        return best;
    }

    /**
     * The free frame of largest {@code tr(H_S^-1 G_f)} by lazy greedy evaluation (AL5): H_S only grows as frames are
     * added (a sum of Gram matrices plus {@code lambda_w gbar_S I}, and gbar_S grows too), so every score only
     * decreases and a score computed at an earlier pick bounds the current one from above; the candidates are
     * scored in decreasing order of their bounds until the best fresh score is at least every other bound. Exactly
     * the argmax of a full scan, with far fewer frames read.
     */
    private static int lazyPick(FrameSumStore st, PackedSums sums, PackedSums scratch, boolean[] taken, double[] bound,
            double lambdaW, double lambdaQ) {
        double q2 = lambdaQ > 0 ? lambdaQ * lambdaQ : 0.0;
        double[][] w = weightedInverse(st, sums, q2, lambdaW);
        boolean[] fresh = new boolean[st.poolSize];
        while (true) {
            int c = argmax(bound, taken);
            if (fresh[c]) {
                return c;
            }
            bound[c] = score(st, c, w, q2, scratch);
            fresh[c] = true;
        }
    }

    /** {@code tr(H^-1 (G_f + q2 G_q,f))} of pool frame f from its file: a dot product with the weighted inverse. */
    private static double score(FrameSumStore st, int f, double[][] weighted, double q2, PackedSums scratch) {
        Path file = FrameSumStore.frameFile(st.dir, f);
        DoubleFiles.read(file, new double[][] {scratch.gram, scratch.rhs, scratch.chargeGram, scratch.chargeRhs,
            scratch.scalars}, false);
        return dot(weighted[0], scratch.gram) + (q2 > 0 ? dot(weighted[1], scratch.chargeGram) : 0.0);
    }

    /** The packed {@code H^-1} (BEC block, then charge block times q2), weighted 1 on the diagonal, 2 off it. */
    private static double[][] weightedInverse(FrameSumStore st, PackedSums sums, double q2, double lambdaW) {
        int m = st.m;
        int mq = st.mq;
        double[] hInverse = inverse(st, sums, q2, lambdaW);
        double[] weighted = new double[sums.gram.length];
        for (int i = 0; i < m; i++) {
            int row = (int) PackedSums.rowStart(i, m);
            for (int j = i; j < m; j++) {
                weighted[row + j - i] = (i == j ? 1.0 : 2.0) * hInverse[i * m + j];
            }
        }
        double[] weightedQ = new double[sums.chargeGram.length];
        for (int i = 0; i < mq && q2 > 0; i++) {
            int row = (int) PackedSums.rowStart(i, mq);
            for (int j = i; j < mq; j++) {
                weightedQ[row + j - i] = (i == j ? q2 : 2.0 * q2) * hInverse[i * m + j];
            }
        }
        return new double[][] {weighted, weightedQ};
    }

    /**
     * {@code H^-1} (row-major, full) of the combined model trained on the summed frames: {@code H = G + q2 G_q +
     * lambda_w gbar I} as in {@link SharedFit}, {@code H = U^T U}, {@code H^-1 = U^-1 U^-T}.
     */
    static double[] inverse(FrameSumStore st, PackedSums sums, double q2, double lambdaW) {
        int m = st.m;
        double meanDiag = 0;
        for (int i = 0; i < m; i++) {
            meanDiag += sums.gram[(int) PackedSums.rowStart(i, m)];
        }
        double lambda = lambdaW * meanDiag / m;
        double[] h = new double[m * m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(sums.gram, (int) PackedSums.rowStart(i, m), h, i * m + i, m - i);
            h[i * m + i] += lambda;
        }
        for (int i = 0; i < st.mq && q2 > 0; i++) {
            int src = (int) PackedSums.rowStart(i, st.mq);
            for (int j = i; j < st.mq; j++) {
                h[i * m + j] += q2 * sums.chargeGram[src + j - i];
            }
        }
        DenseBackend be = Backends.get();
        double[] v = be.choleskyInPlace(h, m).factor();
        BecPosterior.invertUpperInPlace(v, m);
        double[] inv = new double[m * m];
        be.gemm(false, true, m, m, m, 1.0, v, 0, m, v, 0, m, 0.0, inv, 0, m); // V V^T
        return inv;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
