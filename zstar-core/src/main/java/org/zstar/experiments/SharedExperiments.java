package org.zstar.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /** A learning curve, the sums of the whole pool, and each model fitted on the whole pool. */
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

    /** Number of model fits of {@link #learningCurve} (for progress displays). */
    public static int fits(int pool, int[] sizes, int repeats, int kinds) {
        return LearningCurve.fits(pool, sizes, repeats, kinds);
    }

    /**
     * @param sizes ascending training sizes, the last the whole pool
     * @param progress called once per model fit (may be null)
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
        int nk = kinds.size();
        int ns = sizes.length;
        double[][][][] values = new double[nk][ns][4][]; // train RMSE, train nRMSE, test RMSE, test nRMSE per repeat
        List<List<int[]>> subsets = new ArrayList<>();
        List<List<List<String>>> solvers = new ArrayList<>();
        for (int i = 0; i < ns; i++) {
            int reps = sizes[i] == pool ? 1 : repeats;
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
        PackedSums full = null;
        Map<ModelKind, SharedFit> fullFits = new LinkedHashMap<>();
        int done = 0;
        for (int r = 0; r < repeats; r++) {
            int[] ord = order(pool, seed, r);
            PackedSums sums = st.empty();
            int next = 0;
            for (int i = 0; i < ns; i++) {
                if (sizes[i] == pool && r > 0) {
                    break;
                }
                for (; next < sizes[i]; next++) {
                    sums.addFile(FrameSumStore.frameFile(st.dir, ord[next]));
                }
                int[] subset = Arrays.copyOf(ord, sizes[i]);
                Arrays.sort(subset);
                subsets.get(i).add(subset);
                for (int k = 0; k < nk; k++) {
                    SharedFit f = SharedFit.solve(st, sums, kinds.get(k), lambdaW, lambdaQ);
                    values[k][i][0][r] = f.trainRmse;
                    values[k][i][1][r] = f.trainNrmse;
                    values[k][i][2][r] = f.testRmse;
                    values[k][i][3][r] = f.testNrmse;
                    solvers.get(k).get(i).add(f.solver);
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
        List<LearningCurve.Point> points = new ArrayList<>();
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int k = 0; k < nk; k++) {
            int[] range = SharedDesign.columnRange(kinds.get(k), st.refs);
            columns.put(kinds.get(k).label(), range[1] - range[0]);
            for (int i = 0; i < ns; i++) {
                double[][] v = values[k][i];
                double[] nan = new double[v[0].length];
                Arrays.fill(nan, Double.NaN); // MAE and max error need every residual: not available from sums
                points.add(new LearningCurve.Point(kinds.get(k).label(), sizes[i], v[0], v[1], v[2], nan, v[3], nan,
                        subsets.get(i), solvers.get(k).get(i)));
            }
        }
        LearningCurve.Result res = new LearningCurve.Result(points, pool, st.testAtoms.size(), st.testStd, columns,
                (System.nanoTime() - t0) * 1e-9);
        return new CurveRun(res, full == null ? null : new PackedSumsHandle(full), fullFits);
    }

    /** The sums of the whole pool in frame order (when no learning curve provided them). */
    public static PackedSumsHandle wholePool(FrameSumStore st) {
        int[] all = new int[st.poolSize];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new PackedSumsHandle(st.sum(all, all.length));
    }

    /** One model fitted on summed frames. */
    public static SharedFit fit(FrameSumStore st, PackedSumsHandle sums, ModelKind kind, double lambdaW, double lambdaQ) {
        return SharedFit.solve(st, sums.sums, kind, lambdaW, lambdaQ);
    }

    /** One point of the regularisation map; charges and dipoles are those predicted for the test atoms. */
    public record RegPoint(double lambdaW, double lambdaQ, double trainRmse, double testRmse, double testNrmse,
            double[] meanCharge, double maxAbsCharge, double maxAbsDipole, String solver) {
    }

    /** The grid, row-major: {@code points.get(iq * lambdaW.length + iw)}. */
    public record RegMap(double[] lambdaW, double[] lambdaQ, List<RegPoint> points, List<String> species, double seconds) {
        public RegPoint at(int iq, int iw) {
            return points.get(iq * lambdaW.length + iw);
        }

        public RegPoint best() {
            RegPoint b = points.get(0);
            for (RegPoint p : points) {
                if (p.testRmse() < b.testRmse()) {
                    b = p;
                }
            }
            return b;
        }
    }

    /** (E5) The combined model on every (lambda_w, lambda_q) of the grid: one solve per point. */
    public static RegMap regMap(FrameSumStore st, PackedSumsHandle sums, double[] lambdaW, double[] lambdaQ,
            IntConsumer progress) {
        long t0 = System.nanoTime();
        int ns = st.species.size();
        List<RegPoint> points = new ArrayList<>();
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
                for (int s = 0; s < ns; s++) {
                    sum[s] = count[s] > 0 ? sum[s] / count[s] : Double.NaN;
                }
                points.add(new RegPoint(lw, lq, f.trainRmse, f.testRmse, f.testNrmse, sum, maxQ, f.maxTestDipole(st),
                        f.solver));
                if (progress != null) {
                    progress.accept(++done);
                }
            }
        }
        return new RegMap(lambdaW.clone(), lambdaQ.clone(), points, st.species, (System.nanoTime() - t0) * 1e-9);
    }

    public static String regMapCsv(RegMap r) {
        StringBuilder sb = new StringBuilder("lambda_w,lambda_q,train_rmse,test_rmse,test_nrmse");
        for (String s : r.species()) {
            sb.append(",mean_q_").append(s);
        }
        sb.append(",max_abs_q,max_abs_p\n");
        for (RegPoint p : r.points()) {
            sb.append(String.format(Locale.ROOT, "%.6g,%.6g,%.6g,%.6g,%.6g", p.lambdaW(), p.lambdaQ(), p.trainRmse(),
                    p.testRmse(), p.testNrmse()));
            for (double q : p.meanCharge()) {
                sb.append(String.format(Locale.ROOT, ",%.6g", q));
            }
            sb.append(String.format(Locale.ROOT, ",%.6g,%.6g%n", p.maxAbsCharge(), p.maxAbsDipole()));
        }
        return sb.toString();
    }

    public static Map<String, Object> regMapToMap(RegMap r, Map<String, Object> settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", settings);
        m.put("lambda_w", r.lambdaW());
        m.put("lambda_q", r.lambdaQ());
        m.put("species", r.species());
        m.put("seconds", r.seconds());
        List<Object> pts = new ArrayList<>();
        for (RegPoint p : r.points()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("lambda_w", p.lambdaW());
            e.put("lambda_q", p.lambdaQ());
            e.put("train_rmse", p.trainRmse());
            e.put("test_rmse", p.testRmse());
            e.put("test_nrmse", p.testNrmse());
            Map<String, Object> q = new LinkedHashMap<>();
            for (int s = 0; s < r.species().size(); s++) {
                q.put(r.species().get(s), p.meanCharge()[s]);
            }
            e.put("mean_charge", q);
            e.put("max_abs_charge", p.maxAbsCharge());
            e.put("max_abs_dipole", p.maxAbsDipole());
            e.put("solver", p.solver());
            pts.add(e);
        }
        m.put("points", pts);
        RegPoint b = r.best();
        m.put("best", Map.of("lambda_w", b.lambdaW(), "lambda_q", b.lambdaQ(), "test_rmse", b.testRmse()));
        return m;
    }
}
