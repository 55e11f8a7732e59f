package org.zstar.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.zstar.models.ModelKind;
import org.zstar.models.SharedDesign;
import org.zstar.util.UserInputException;

/**
 * Learning curves of the three models and the regularisation map of the combined model from one
 * {@link FrameSumStore} (docs/THEORY.md (E8)-(E10)): no descriptor work after the store's single design pass.
 *
 * <p>Repeats: repeat r adds the pool frames in its own seeded random order and fits every model at each size, so
 * its subsets are nested (size 1 within size 2 within ...); the whole pool is fitted once. A point costs one solve
 * per model; the sums of a repeat grow by reading each frame's file once.
 */
public final class SharedExperiments {
    private SharedExperiments() {
    }

    /**
     * A learning curve, the sums of the whole pool, and each model fitted on the whole pool.
     *
     * @param curve the learning curve
     * @param fullPool the summed normal equations of the whole pool, or null when no size was the pool
     * @param fullFits each model fitted on the whole pool
     */
    public record CurveRun(LearningCurve.Result curve, PackedSumsHandle fullPool, Map<ModelKind, SharedFit> fullFits) {
    }

    /** The summed normal equations of a set of frames (opaque outside this package). */
    public static final class PackedSumsHandle {
        final PackedSums sums;

        PackedSumsHandle(PackedSums sums) {
            this.sums = sums;
        }
    }

    /** Repeat r's order of the pool: a seeded Fisher-Yates shuffle. */
    static int[] order(int pool, long seed, int repeat) {
        Random rnd = new Random(seed * 1_000_003L + 7919L * repeat + 17L);
        int[] idx = new int[pool];
        for (int i = 0; i < pool; i++) {
            idx[i] = i;
        }
        for (int i = pool - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    /**
     * Number of model fits of {@link #learningCurve} (for progress displays).
     *
     * @param pool the pool size
     * @param sizes the training sizes
     * @param repeats the random orders of the pool
     * @param kinds the number of models
     * @return the number of fits
     */
    public static int fits(int pool, int[] sizes, int repeats, int kinds) {
        return LearningCurve.fits(pool, sizes, repeats, kinds);
    }

    /**
     * Learning curves of the given models from the store's per-frame sums: repeat r adds the pool frames in its own
     * seeded order, and every model is fitted at each size; the whole pool is fitted once.
     *
     * @param st the store of the per-frame normal-equation sums (pool and test frames)
     * @param kinds the models of the curves
     * @param sizes ascending training sizes, the last the whole pool
     * @param repeats the number of random orders of the pool (sizes below the pool are fitted once per repeat)
     * @param seed the seed of the orders
     * @param lambdaW the Tikhonov strength, relative to the mean diagonal of the normal matrix
     * @param lambdaQ the charge-regularisation strength
     * @param progress called once per model fit (may be null)
     * @return the curve, the sums of the whole pool and each model fitted on the whole pool
     * @throws UserInputException when repeats is below 1 or the sizes do not ascend within 1..pool
     */
    public static CurveRun learningCurve(FrameSumStore st, List<ModelKind> kinds, int[] sizes, int repeats, long seed,
            double lambdaW, double lambdaQ, IntConsumer progress) {
        long t0 = System.nanoTime();
        int pool = st.poolSize;
        if (repeats < 1) {
            throw new UserInputException("repeats must be >= 1");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1 || sizes[i] > pool || (i > 0 && sizes[i] <= sizes[i - 1])) {
                throw new UserInputException("training sizes must ascend within 1.." + pool + ": " + Arrays.toString(sizes));
            }
        }
        CurveTable table = new CurveTable(kinds.size(), sizes, repeats, pool);
        PackedSums full = null;
        Map<ModelKind, SharedFit> fullFits = new LinkedHashMap<>();
        int done = 0;
        for (int r = 0; r < repeats; r++) {
            int[] ord = order(pool, seed, r);
            PackedSums sums = st.empty();
            int next = 0;
            for (int i = 0; i < sizes.length; i++) {
                if (sizes[i] == pool && r > 0) {
                    break;
                }
                for (; next < sizes[i]; next++) {
                    sums.addFile(FrameSumStore.frameFile(st.dir, ord[next]));
                }
                int[] subset = Arrays.copyOf(ord, sizes[i]);
                Arrays.sort(subset);
                table.subsets.get(i).add(subset);
                for (int k = 0; k < kinds.size(); k++) {
                    SharedFit f = SharedFit.solve(st, sums, kinds.get(k), lambdaW, lambdaQ);
                    table.record(k, i, r, f);
                    if (sizes[i] == pool) {
                        fullFits.put(kinds.get(k), f);
                    }
                    if (progress != null) {
                        progress.accept(++done);
                    }
                }
                if (sizes[i] == pool) {
                    full = sums;
                }
            }
        }
        LearningCurve.Result res = new LearningCurve.Result(table.points(kinds), pool, st.testAtoms.size(),
                st.testStd, columns(kinds, st), (System.nanoTime() - t0) * 1e-9);
        return new CurveRun(res, full == null ? null : new PackedSumsHandle(full), fullFits);
    }

    /** Model label to its number of weight columns in the shared design. */
    private static Map<String, Integer> columns(List<ModelKind> kinds, FrameSumStore st) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (ModelKind kind : kinds) {
            int[] range = SharedDesign.columnRange(kind, st.refs);
            columns.put(kind.label(), range[1] - range[0]);
        }
        return columns;
    }

    /** The errors, training subsets and solver reports of every (model, size, repeat) of a learning curve. */
    private static final class CurveTable {
        /** [model][size][train RMSE, train nRMSE, test RMSE, test nRMSE][repeat]. */
        final double[][][][] values;
        final List<List<int[]>> subsets = new ArrayList<>();
        final List<List<List<String>>> solvers = new ArrayList<>();
        final int[] sizes;

        CurveTable(int nk, int[] sizes, int repeats, int pool) {
            this.sizes = sizes;
            int ns = sizes.length;
            values = new double[nk][ns][4][];
            for (int i = 0; i < ns; i++) {
                int reps = sizes[i] == pool ? 1 : repeats; // the whole pool is fitted once
                subsets.add(new ArrayList<>());
                for (int k = 0; k < nk; k++) {
                    for (int v = 0; v < 4; v++) {
                        values[k][i][v] = new double[reps];
                    }
                }
            }
            for (int k = 0; k < nk; k++) {
                solvers.add(new ArrayList<>());
                for (int i = 0; i < ns; i++) {
                    solvers.get(k).add(new ArrayList<>());
                }
            }
        }

        void record(int k, int i, int r, SharedFit f) {
            values[k][i][0][r] = f.trainRmse;
            values[k][i][1][r] = f.trainNrmse;
            values[k][i][2][r] = f.testRmse;
            values[k][i][3][r] = f.testNrmse;
            solvers.get(k).get(i).add(f.solver);
        }

        List<LearningCurve.Point> points(List<ModelKind> kinds) {
            List<LearningCurve.Point> points = new ArrayList<>();
            for (int k = 0; k < kinds.size(); k++) {
                for (int i = 0; i < sizes.length; i++) {
                    double[][] v = values[k][i];
                    double[] nan = new double[v[0].length];
                    Arrays.fill(nan, Double.NaN); // MAE and max error need every residual: not available from sums
                    points.add(new LearningCurve.Point(kinds.get(k).label(), sizes[i], v[0], v[1], v[2], nan, v[3],
                            nan, subsets.get(i), solvers.get(k).get(i)));
                }
            }
            return points;
        }
    }

    /**
     * The sums of the whole pool in frame order (when no learning curve provided them).
     *
     * @param st the store
     * @return the summed normal equations of every pool frame
     */
    public static PackedSumsHandle wholePool(FrameSumStore st) {
        int[] all = new int[st.poolSize];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new PackedSumsHandle(st.sum(all, all.length));
    }

    /**
     * One model fitted on summed frames.
     *
     * @param st the store
     * @param sums the summed normal equations of the training frames
     * @param kind the model, one block of the combined design
     * @param lambdaW the Tikhonov strength, relative to the mean diagonal of the normal matrix
     * @param lambdaQ the charge-regularisation strength
     * @return the fit and its train and test errors
     */
    public static SharedFit fit(FrameSumStore st, PackedSumsHandle sums, ModelKind kind, double lambdaW, double lambdaQ) {
        return SharedFit.solve(st, sums.sums, kind, lambdaW, lambdaQ);
    }

    /**
     * (E5) The combined model on every (lambda_w, lambda_q) of the grid: one solve per point.
     *
     * @param st the store
     * @param sums the summed normal equations of the training frames
     * @param lambdaW the Tikhonov strengths of the grid's columns
     * @param lambdaQ the charge-regularisation strengths of the grid's rows
     * @param progress called once per grid point (may be null)
     * @return the grid, row-major; the points carry no MAE
     */
    public static RegScan.Result regMap(FrameSumStore st, PackedSumsHandle sums, double[] lambdaW, double[] lambdaQ,
            IntConsumer progress) {
        long t0 = System.nanoTime();
        int ns = st.species.size();
        List<RegScan.Point> points = new ArrayList<>();
        int done = 0;
        for (double lq : lambdaQ) {
            for (double lw : lambdaW) {
                SharedFit f = SharedFit.solve(st, sums.sums, ModelKind.COMBINED, lw, lq);
                double[][] q = f.testCharges(st);
                double[] sum = new double[ns];
                double[] count = new double[ns];
                double maxQ = 0;
                for (int t = 0; t < q.length; t++) {
                    int[] idx = st.testAtoms.get(t).species();
                    for (int j = 0; j < q[t].length; j++) {
                        sum[idx[j]] += q[t][j];
                        count[idx[j]]++;
                        maxQ = Math.max(maxQ, Math.abs(q[t][j]));
                    }
                }
                Map<String, Double> mean = new LinkedHashMap<>();
                for (int s = 0; s < ns; s++) {
                    mean.put(st.species.get(s), count[s] > 0 ? sum[s] / count[s] : Double.NaN);
                }
                // no MAE: the sums keep no residuals
                points.add(new RegScan.Point(lw, lq, f.trainRmse, f.testRmse, Double.NaN, f.testNrmse, mean, maxQ,
                        f.maxTestDipole(st), f.solver));
                if (progress != null) {
                    progress.accept(++done);
                }
            }
        }
        return new RegScan.Result(lambdaW.clone(), lambdaQ.clone(), points, st.species,
                (System.nanoTime() - t0) * 1e-9);
    }
}
