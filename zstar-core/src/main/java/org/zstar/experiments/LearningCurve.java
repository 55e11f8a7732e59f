package org.zstar.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.linalg.NormalEquations;
import org.zstar.models.BecMetrics;
import org.zstar.models.BecModelSpec;
import org.zstar.models.BecTrainer;
import org.zstar.models.FrameDesign;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelKind;
import org.zstar.models.ReferenceEnvironments;
import org.zstar.models.TrainingOptions;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Learning curves of the monopole, dipole and combined BEC models: train on seeded random subsets of a
 * training pool of increasing size, evaluate on a fixed test set. docs/THEORY.md, "Experiments".
 *
 * <p><b>Efficiency.</b> Descriptors with derivatives are the cost, so every frame is processed once:
 * <ol>
 *   <li>The sparse reference environments of each model are selected once from the whole training pool
 *       (by the library's own selection, on descriptor values only). They are basis functions; no test
 *       frame enters the selection and no label is used by it.</li>
 *   <li>Each pool frame's descriptors (with derivatives) are computed once and shared by the three models;
 *       each model's design {@code A_f} of the frame is reduced at once to its normal-equation contribution
 *       {@code G_f = A_f^T A_f}, {@code b_f = A_f^T y_f}, {@code y_f^T y_f} (and the same for the charge
 *       rows). The sums are additive, so a subset S is fitted from {@code sum_{f in S} G_f} without
 *       touching any descriptor again: one descriptor pass for all sizes, repeats and models.</li>
 *   <li>The test frames' designs are kept, so each evaluation is a matrix-vector product.</li>
 * </ol>
 * The dipole model's fixed charges default to the mean tr(Z)/3 of the <em>training subset</em>, as in a
 * direct training; they only shift the targets, {@code y = y_0 - sum_s d_s C_s} with
 * {@code C_s[9j+4a] = delta(s_j, s) - n_s/N} (the neutralised unit charge of species s), so the needed
 * cross terms {@code A^T C_s}, {@code y_0 . C_s}, {@code C_s . C_t} are cached as well and every subset is
 * fitted exactly as a direct training with the same references would be. The training MAE needs the
 * residual of every row and is not available from the normal equations; train RMSE and nRMSE are exact.
 */
public final class LearningCurve {
    private LearningCurve() {
    }

    /** One model at one training size, with one value per repeat. */
    public record Point(String model, int size, double[] trainRmse, double[] trainNrmse, double[] testRmse,
            double[] testMae, double[] testNrmse, double[] testMax, List<int[]> subsets, List<String> solver) {
    }

    /** All points, and what was run. */
    public record Result(List<Point> points, int poolFrames, int testFrames, double testReferenceStd,
            Map<String, Integer> columns, double seconds) {
    }

    /** Model spec of another kind with the same hyper-parameters. */
    public static BecModelSpec specOf(BecModelSpec base, ModelKind kind) {
        return new BecModelSpec(kind, base.zeta(), base.dipoleKernel(), base.dipoleZeta(), base.chargeForm(),
                base.chargeOffsets(), base.projectAsr());
    }

    /** 5, 10, 20, ... below the pool size, then the pool size. */
    public static int[] autoSizes(int pool) {
        List<Integer> s = new ArrayList<>();
        for (int k = 5; k < pool; k *= 2) {
            s.add(k);
        }
        s.add(pool);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The training subsets of one size: the whole pool once when size equals the pool, else {@code repeats}
     * seeded random subsets (sorted pool indices). The same subsets are used for every model.
     */
    public static List<int[]> subsets(int pool, int size, int repeats, long seed) {
        if (size < 1 || size > pool) {
            throw new UserInputException("training size " + size + " outside 1.." + pool);
        }
        List<int[]> out = new ArrayList<>();
        if (size == pool) {
            int[] all = new int[pool];
            for (int i = 0; i < pool; i++) {
                all[i] = i;
            }
            out.add(all);
            return out;
        }
        for (int r = 0; r < repeats; r++) {
            Random rnd = new Random(seed * 1_000_003L + 7919L * size + r);
            int[] idx = new int[pool];
            for (int i = 0; i < pool; i++) {
                idx[i] = i;
            }
            for (int i = pool - 1; i > 0; i--) { // Fisher-Yates
                int j = rnd.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            int[] pick = Arrays.copyOf(idx, size);
            Arrays.sort(pick);
            out.add(pick);
        }
        return out;
    }

    /** Per-model cache: references and every frame's normal-equation contribution. */
    private static final class ModelCache {
        ModelKind kind;
        KernelBecModel template;
        int m;
        double[] fixed0; // pool fixed charges used for the cached targets (dipole model), else null
        boolean chargesFromData; // dipole: fixed charges from the subset mean
        boolean chargeRows;
        double[][] gram;
        double[][] rhs;
        double[] yy;
        double[][][] h; // [frame][species][m] A^T C_s
        double[][] zc; // [frame][species] y0 . C_s
        double[][] gq;
        double[][] bq;
        double[][] testDesign;
        double[][] testConst;
    }

    /** Per-frame label statistics (model independent). */
    private static final class FrameStats {
        double sumZ;
        double sumZ2;
        long rows;
        double[] trSum;
        int[] count;
        double[][] cc; // [s][t] C_s . C_t
    }

    /**
     * Runs the learning curve.
     *
     * @param pool training pool (with BECs)
     * @param test fixed test frames (with BECs; not used before evaluation)
     * @param scalar unit-normalised scalar descriptor; vector: lambda = 1 descriptor
     * @param kinds models to run
     * @param options training options (the spec's kind is replaced per model)
     * @param sizes training sizes (each <= pool size)
     * @param repeats random subsets per size below the pool size
     * @param progress called once per processed frame (pool and test, may be null)
     */
    public static Result run(List<Structure> pool, List<Structure> test, AtomicDescriptor scalar,
            AtomicDescriptor vector, List<ModelKind> kinds, TrainingOptions options, int[] sizes, int repeats,
            long seed, IntConsumer progress) {
        long t0 = System.nanoTime();
        if (test.isEmpty()) {
            throw new UserInputException("the learning curve needs test frames");
        }
        for (int s : sizes) {
            if (s < 1 || s > pool.size()) {
                throw new UserInputException("training size " + s + " outside 1.." + pool.size());
            }
        }
        if (repeats < 1) {
            throw new UserInputException("repeats must be >= 1");
        }
        BecTrainer.PreparedData prepared = BecTrainer.prepare(pool, options.projectAsr());
        List<Structure> frames = prepared.frames();
        List<String> species = prepared.species();
        int ns = species.size();
        CachingDescriptor cs = new CachingDescriptor(scalar);
        CachingDescriptor cv = new CachingDescriptor(vector);
        List<ModelCache> caches = new ArrayList<>();
        for (ModelKind kind : kinds) {
            TrainingOptions o = options.withSpec(specOf(options.spec(), kind));
            // reference selection only: the selection view has no derivatives, the assembled sums are dropped
            BecTrainer.Assembled sel = BecTrainer.assemble(prepared, cs.selectionView(), cv.selectionView(), o, null);
            ModelCache mc = new ModelCache();
            mc.kind = kind;
            ReferenceEnvironments refs = sel.refs;
            mc.m = refs.columns();
            mc.fixed0 = sel.fixedCharges;
            mc.chargesFromData = !kind.hasCharges() && options.fixedCharges().isEmpty();
            mc.chargeRows = kind.hasCharges() && options.lambdaQ() > 0;
            mc.template = new KernelBecModel(o.spec(), sel.scalar == null ? null : cs, sel.vector == null ? null : cv,
                    refs, new double[mc.m], sel.fixedCharges, Map.of());
            int nf = frames.size();
            mc.gram = new double[nf][];
            mc.rhs = new double[nf][];
            mc.yy = new double[nf];
            if (mc.chargesFromData) {
                mc.h = new double[nf][][];
                mc.zc = new double[nf][];
            }
            if (mc.chargeRows) {
                mc.gq = new double[nf][];
                mc.bq = new double[nf][];
            }
            mc.testDesign = new double[test.size()][];
            mc.testConst = new double[test.size()][];
            caches.add(mc);
        }
        cs.clearValues();
        cv.clearValues();
        FrameStats[] stats = new FrameStats[frames.size()];
        int threads = Math.max(1, Math.min(options.threads(), frames.size() + test.size()));
        ExecutorService exec = Executors.newFixedThreadPool(threads);
        int[] done = new int[1];
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int f = 0; f < frames.size() + test.size(); f++) {
                final int idx = f;
                futures.add(exec.submit(() -> {
                    if (idx < frames.size()) {
                        stats[idx] = processPoolFrame(frames.get(idx), idx, species, caches);
                    } else {
                        processTestFrame(test.get(idx - frames.size()), idx - frames.size(), caches);
                    }
                    cs.releaseThread();
                    cv.releaseThread();
                    if (progress != null) {
                        synchronized (done) {
                            progress.accept(++done[0]);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            exec.shutdownNow();
        }
        DenseBackend backend = Backends.get();
        List<Point> points = new ArrayList<>();
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (ModelCache mc : caches) {
            columns.put(mc.kind.label(), mc.m);
            for (int size : sizes) {
                List<int[]> subs = subsets(frames.size(), size, repeats, seed);
                int r = subs.size();
                double[] trR = new double[r], trN = new double[r], teR = new double[r], teM = new double[r],
                        teN = new double[r], teX = new double[r];
                List<String> solver = new ArrayList<>();
                for (int k = 0; k < r; k++) {
                    SubsetFit fit = fit(mc, stats, subs.get(k), test, options, species, backend);
                    trR[k] = fit.trainRmse;
                    trN[k] = fit.trainNrmse;
                    teR[k] = fit.test.rmse;
                    teM[k] = fit.test.mae;
                    teN[k] = fit.test.nrmse;
                    teX[k] = fit.test.maxError;
                    solver.add(fit.solver);
                }
                points.add(new Point(mc.kind.label(), size, trR, trN, teR, teM, teN, teX, subs, solver));
            }
        }
        double testStd = testReferenceStd(test);
        return new Result(points, frames.size(), test.size(), testStd, columns, (System.nanoTime() - t0) * 1e-9);
    }

    /** Standard deviation of all reference BEC components of the frames (the nRMSE denominator). */
    public static double testReferenceStd(List<Structure> frames) {
        double s = 0, s2 = 0, n = 0;
        for (Structure st : frames) {
            for (double z : st.atomArrayView(Structure.BEC)) {
                s += z;
                s2 += z * z;
                n++;
            }
        }
        return Stats.populationStd(s, s2, n);
    }

    private static FrameStats processPoolFrame(Structure s, int f, List<String> species, List<ModelCache> caches) {
        int n = s.size();
        int ns = species.size();
        double[] z = s.atomArrayView(Structure.BEC);
        FrameStats st = new FrameStats();
        st.trSum = new double[ns];
        st.count = new int[ns];
        int[] sp = new int[n];
        for (int j = 0; j < n; j++) {
            sp[j] = species.indexOf(s.symbol(j));
            st.trSum[sp[j]] += (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3.0;
            st.count[sp[j]]++;
        }
        for (double v : z) {
            st.sumZ += v;
            st.sumZ2 += v * v;
        }
        st.rows = 9L * n;
        // C_s . C_t = 3 sum_j (delta(s_j,s) - n_s/N)(delta(s_j,t) - n_t/N)
        st.cc = new double[ns][ns];
        for (int a = 0; a < ns; a++) {
            for (int b = 0; b < ns; b++) {
                double t = 0;
                for (int j = 0; j < n; j++) {
                    t += ((sp[j] == a ? 1 : 0) - (double) st.count[a] / n) * ((sp[j] == b ? 1 : 0) - (double) st.count[b] / n);
                }
                st.cc[a][b] = 3 * t;
            }
        }
        for (ModelCache mc : caches) {
            FrameDesign d = mc.template.design(s);
            int m = mc.m;
            double[] y = new double[9 * n];
            for (int k = 0; k < 9 * n; k++) {
                y[k] = z[k] - d.becConstant[k]; // targets of the BEC rows
            }
            NormalEquations ne = new NormalEquations(m);
            ne.addBlock(d.bec, 9 * n, y, null); // G_f = A^T A, b_f = A^T y, y.y
            mc.gram[f] = ne.gram();
            mc.rhs[f] = ne.rhs();
            mc.yy[f] = ne.sumSquaresY();
            if (mc.chargesFromData) {
                double[][] h = new double[ns][m];
                double[] zc = new double[ns];
                for (int j = 0; j < n; j++) {
                    for (int a = 0; a < 3; a++) {
                        int row = 9 * j + 4 * a;
                        for (int t = 0; t < ns; t++) {
                            double c = (sp[j] == t ? 1.0 : 0.0) - (double) st.count[t] / n; // C_t[row]
                            zc[t] += c * y[row];
                            int off = row * m;
                            for (int col = 0; col < m; col++) {
                                h[t][col] += c * d.bec[off + col];
                            }
                        }
                    }
                }
                mc.h[f] = h;
                mc.zc[f] = zc;
            }
            if (mc.chargeRows) {
                double[] yq = new double[n];
                for (int j = 0; j < n; j++) {
                    yq[j] = (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3.0 - d.chargeConstant[j];
                }
                NormalEquations q = new NormalEquations(m);
                q.addBlock(d.charges, n, yq, null);
                mc.gq[f] = q.gram();
                mc.bq[f] = q.rhs();
            }
        }
        return st;
    }

    private static void processTestFrame(Structure s, int t, List<ModelCache> caches) {
        for (ModelCache mc : caches) {
            FrameDesign d = mc.template.design(s);
            mc.testDesign[t] = d.bec;
            mc.testConst[t] = d.becConstant;
        }
    }

    private record SubsetFit(double[] w, double trainRmse, double trainNrmse, BecMetrics test, String solver) {
    }

    private static SubsetFit fit(ModelCache mc, FrameStats[] stats, int[] subset, List<Structure> test,
            TrainingOptions options, List<String> species, DenseBackend backend) {
        int m = mc.m;
        int ns = species.size();
        double[] g = new double[m * m];
        double[] b = new double[m];
        double yy = 0, sumZ = 0, sumZ2 = 0;
        long rows = 0;
        double[] trSum = new double[ns];
        long[] count = new long[ns];
        for (int f : subset) {
            double[] gf = mc.gram[f];
            for (int k = 0; k < g.length; k++) {
                g[k] += gf[k];
            }
            for (int k = 0; k < m; k++) {
                b[k] += mc.rhs[f][k];
            }
            yy += mc.yy[f];
            sumZ += stats[f].sumZ;
            sumZ2 += stats[f].sumZ2;
            rows += stats[f].rows;
            for (int s = 0; s < ns; s++) {
                trSum[s] += stats[f].trSum[s];
                count[s] += stats[f].count[s];
            }
        }
        double[] d = new double[ns];
        if (mc.chargesFromData) {
            // fixed charges of the subset: mean tr(Z)/3 per species; d = f_subset - f_pool
            for (int s = 0; s < ns; s++) {
                d[s] = (count[s] > 0 ? trSum[s] / count[s] : 0.0) - mc.fixed0[s];
            }
            // y = y0 - sum_s d_s C_s:  b = b0 - sum_s d_s A^T C_s,  y.y = y0.y0 - 2 sum d_s y0.C_s + sum d_s d_t C_s.C_t
            for (int f : subset) {
                for (int s = 0; s < ns; s++) {
                    if (d[s] == 0) {
                        continue;
                    }
                    for (int k = 0; k < m; k++) {
                        b[k] -= d[s] * mc.h[f][s][k];
                    }
                    yy -= 2 * d[s] * mc.zc[f][s];
                    for (int t = 0; t < ns; t++) {
                        yy += d[s] * d[t] * stats[f].cc[s][t];
                    }
                }
            }
        }
        // Tikhonov strength relative to the mean diagonal of the BEC Gram matrix (as in BecTrainer)
        double trace = 0;
        for (int k = 0; k < m; k++) {
            trace += g[k * m + k];
        }
        double lambda = options.lambdaW() * trace / m;
        double[] h = g;
        double[] rhs = b;
        if (mc.chargeRows) {
            // charge regularisation rows weighted lambda_q^2
            double l2 = options.lambdaQ() * options.lambdaQ();
            h = g.clone();
            rhs = b.clone();
            for (int f : subset) {
                for (int k = 0; k < h.length; k++) {
                    h[k] += l2 * mc.gq[f][k];
                }
                for (int k = 0; k < m; k++) {
                    rhs[k] += l2 * mc.bq[f][k];
                }
            }
        }
        NormalEquations.Solution sol = NormalEquations.solve(h, rhs, m, backend,
                new NormalEquations.Options().lambda(lambda));
        double[] w = sol.x();
        // residual of the BEC rows: w^T G w - 2 w.b + y.y
        double q = 0, wb = 0;
        for (int i = 0; i < m; i++) {
            double gw = 0;
            for (int j = 0; j < m; j++) {
                gw += g[i * m + j] * w[j];
            }
            q += w[i] * gw;
            wb += w[i] * b[i];
        }
        double trainRmse = Math.sqrt(Math.max(0, q - 2 * wb + yy) / rows);
        double trainStd = Stats.populationStd(sumZ, sumZ2, rows);
        List<double[]> preds = new ArrayList<>(test.size());
        for (int t = 0; t < test.size(); t++) {
            Structure s = test.get(t);
            int n = s.size();
            double[] a = mc.testDesign[t];
            double[] c = mc.testConst[t];
            double[] z = new double[9 * n];
            for (int r = 0; r < 9 * n; r++) {
                double v = c[r];
                int off = r * m;
                for (int col = 0; col < m; col++) {
                    v += a[off + col] * w[col];
                }
                z[r] = v;
            }
            if (mc.chargesFromData) {
                int[] cnt = new int[ns];
                int[] sp = new int[n];
                for (int j = 0; j < n; j++) {
                    sp[j] = species.indexOf(s.symbol(j));
                    cnt[sp[j]]++;
                }
                for (int j = 0; j < n; j++) {
                    for (int x = 0; x < 3; x++) {
                        for (int u = 0; u < ns; u++) {
                            z[9 * j + 4 * x] += d[u] * ((sp[j] == u ? 1.0 : 0.0) - (double) cnt[u] / n); // + d_u C_u
                        }
                    }
                }
            }
            preds.add(z);
        }
        BecMetrics metrics = BecMetrics.of(test, preds);
        return new SubsetFit(w, trainRmse, trainStd > 0 ? trainRmse / trainStd : Double.NaN, metrics, sol.report().message());
    }

    /** CSV: one line per model and size with mean and sample std over repeats. */
    public static String toCsv(Result r) {
        StringBuilder sb = new StringBuilder("model,train_frames,repeats,train_rmse_mean,train_rmse_std,"
                + "test_rmse_mean,test_rmse_std,test_mae_mean,test_mae_std,train_nrmse_mean,train_nrmse_std,"
                + "test_nrmse_mean,test_nrmse_std,test_max_mean\n");
        for (Point p : r.points()) {
            sb.append(String.format(java.util.Locale.ROOT, "%s,%d,%d,%.6g,%.3g,%.6g,%.3g,%.6g,%.3g,%.6g,%.3g,%.6g,%.3g,%.6g%n",
                    p.model(), p.size(), p.testRmse().length, Stats.mean(p.trainRmse()), Stats.std(p.trainRmse()),
                    Stats.mean(p.testRmse()), Stats.std(p.testRmse()), Stats.mean(p.testMae()), Stats.std(p.testMae()),
                    Stats.mean(p.trainNrmse()), Stats.std(p.trainNrmse()), Stats.mean(p.testNrmse()),
                    Stats.std(p.testNrmse()), Stats.mean(p.testMax())));
        }
        return sb.toString();
    }

    /** JSON-friendly map of the whole result, per-repeat values and subsets included. */
    public static Map<String, Object> toMap(Result r, Map<String, Object> settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", settings);
        m.put("pool_frames", r.poolFrames());
        m.put("test_frames", r.testFrames());
        m.put("test_reference_std", r.testReferenceStd());
        m.put("columns", r.columns());
        m.put("seconds", r.seconds());
        List<Object> pts = new ArrayList<>();
        for (Point p : r.points()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model", p.model());
            e.put("train_frames", p.size());
            e.put("repeats", p.testRmse().length);
            putStat(e, "train_rmse", p.trainRmse());
            putStat(e, "train_nrmse", p.trainNrmse());
            putStat(e, "test_rmse", p.testRmse());
            putStat(e, "test_mae", p.testMae());
            putStat(e, "test_nrmse", p.testNrmse());
            putStat(e, "test_max", p.testMax());
            e.put("subsets", p.subsets());
            e.put("solver", p.solver());
            pts.add(e);
        }
        m.put("points", pts);
        return m;
    }

    private static void putStat(Map<String, Object> e, String name, double[] v) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mean", Stats.mean(v));
        s.put("std", Stats.std(v));
        s.put("values", v);
        e.put(name, s);
    }
}
