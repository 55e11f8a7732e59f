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
import org.zstar.learning.TrainingPool;
import org.zstar.models.BecEvaluation;
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
 * <p><b>One training core.</b> The sparse reference environments (and modulators) of each model are selected once
 * from the whole training pool by {@link BecTrainer#selectReferences}; they are basis functions, no test frame
 * enters the selection and no label is used by it. Every subset is then assembled and solved by the same code
 * as a direct training ({@link BecTrainer}), streamed frame by frame, so the memory is that of one training
 * whatever the pool size, the dipole model's fixed charges are the mean tr(Z)/3 of the training subset as in a
 * direct training, and a point equals a direct training with the pool's references. The cost is one frame design
 * per frame of every subset.
 */
public final class LearningCurve {
    private LearningCurve() {
    }

    /**
     * One model at one training size, with one value per repeat.
     *
     * @param model the model label
     * @param size the training size (frames)
     * @param trainRmse the training BEC RMSE of each repeat (e)
     * @param trainNrmse the training nRMSE of each repeat
     * @param testRmse the test BEC RMSE of each repeat (e)
     * @param testMae the test BEC MAE of each repeat (e; NaN from summed normal equations)
     * @param testNrmse the test nRMSE of each repeat
     * @param testMax the largest test error of each repeat (e; NaN from summed normal equations)
     * @param subsets the training subset of each repeat (sorted pool indices)
     * @param solver the solver's report of each repeat
     */
    public record Point(String model, int size, double[] trainRmse, double[] trainNrmse, double[] testRmse,
            double[] testMae, double[] testNrmse, double[] testMax, List<int[]> subsets, List<String> solver) {
    }

    /**
     * All points, and what was run.
     *
     * @param points one point per model and size
     * @param poolFrames the number of pool frames
     * @param testFrames the number of test frames
     * @param testReferenceStd the standard deviation of the test reference BEC components (e), the nRMSE denominator
     * @param columns model label to its number of weights
     * @param seconds the wall time (s)
     */
    public record Result(List<Point> points, int poolFrames, int testFrames, double testReferenceStd,
            Map<String, Integer> columns, double seconds) {
    }

    /**
     * Model spec of another kind with the same hyper-parameters.
     *
     * @param base the spec whose hyper-parameters are kept
     * @param kind the model kind of the result
     * @return the spec of that kind
     */
    public static BecModelSpec specOf(BecModelSpec base, ModelKind kind) {
        return new BecModelSpec(kind, base.zeta(), base.dipoleKernel(), base.dipoleZeta(), base.chargeForm(),
                base.chargeOffsets(), base.projectAsr());
    }

    /**
     * 5, 10, 20, ... below the pool size, then the pool size.
     *
     * @param pool the pool size
     * @return the sizes, ascending
     */
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
     *
     * @param pool the pool size
     * @param size the subset size
     * @param repeats the number of random subsets below the pool size
     * @param seed the seed of the subsets
     * @return the subsets, each as sorted pool indices
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

    /**
     * Runs the learning curve on the training core: the references (and modulators) of each model are selected
     * once from the whole pool, then every subset is assembled and solved with them exactly as a direct training
     * ({@link BecTrainer#assemble(BecTrainer.PreparedData, AtomicDescriptor, AtomicDescriptor, TrainingOptions,
     * ReferenceEnvironments, double, IntConsumer, TrainingPool)}), so memory is that of one training whatever the
     * pool, and each point is the same model a direct training with those references gives.
     *
     * @param pool training pool (with BECs)
     * @param test fixed test frames (with BECs; not used before evaluation)
     * @param scalar unit-normalised scalar descriptor; vector: lambda = 1 descriptor
     * @param kinds models to run
     * @param options training options (the spec's kind is replaced per model)
     * @param sizes training sizes (each &lt;= pool size)
     * @param repeats random subsets per size below the pool size
     * @param progress called once per fitted subset (may be null); {@link #fits} gives the total
     * @param vector the dipole descriptor
     * @param seed the seed of the subsets
     * @return the curve
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
        List<Point> points = new ArrayList<>();
        Map<String, Integer> columns = new LinkedHashMap<>();
        int[] done = new int[1];
        try (TrainingPool tp = new TrainingPool(Math.max(1, Math.min(options.threads(), pool.size())))) {
            for (ModelKind kind : kinds) {
                TrainingOptions o = options.withSpec(specOf(options.spec(), kind));
                ReferenceEnvironments refs = BecTrainer.selectReferences(prepared, scalar, vector, o, tp);
                columns.put(kind.label(), refs.columns());
                for (int size : sizes) {
                    points.add(point(kind, size, subsets(pool.size(), size, repeats, seed), prepared, refs, test,
                            scalar, vector, o, tp, () -> {
                                if (progress != null) {
                                    progress.accept(++done[0]);
                                }
                            }));
                }
            }
        }
        double testStd = testReferenceStd(test);
        return new Result(points, pool.size(), test.size(), testStd, columns, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * Number of subset fits that {@link #run} makes (for progress displays).
     *
     * @param pool the pool size
     * @param sizes the training sizes
     * @param repeats the random subsets per size below the pool size
     * @param kinds the number of models
     * @return the number of fits
     */
    public static int fits(int pool, int[] sizes, int repeats, int kinds) {
        int n = 0;
        for (int s : sizes) {
            n += s == pool ? 1 : repeats;
        }
        return n * kinds;
    }

    private static Point point(ModelKind kind, int size, List<int[]> subs, BecTrainer.PreparedData prepared,
            ReferenceEnvironments refs, List<Structure> test, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingOptions o, TrainingPool tp, Runnable step) {
        int r = subs.size();
        double[] trR = new double[r], trN = new double[r], teR = new double[r], teM = new double[r],
                teN = new double[r], teX = new double[r];
        List<String> solver = new ArrayList<>();
        for (int k = 0; k < r; k++) {
            List<Structure> frames = new ArrayList<>();
            for (int f : subs.get(k)) {
                frames.add(prepared.frames().get(f));
            }
            BecTrainer.PreparedData sub = new BecTrainer.PreparedData(frames, prepared.species(),
                    prepared.asrRemovedMax());
            BecTrainer.Fit fit = BecTrainer.assemble(sub, scalar, vector, o, refs, 0.0, null, tp)
                    .solve(o.lambdaW(), o.lambdaQ());
            BecMetrics m = BecMetrics.of(test, BecEvaluation.becs(test,
                    tp.call(() -> BecEvaluation.predictAll(fit.model(), test, null)), false));
            double trainStd = testReferenceStd(frames);
            trR[k] = fit.trainRmse();
            trN[k] = trainStd > 0 ? fit.trainRmse() / trainStd : Double.NaN;
            teR[k] = m.rmse;
            teM[k] = m.mae;
            teN[k] = m.nrmse;
            teX[k] = m.maxError;
            solver.add(fit.solverReport());
            step.run();
        }
        return new Point(kind.label(), size, trR, trN, teR, teM, teN, teX, subs, solver);
    }

    /**
     * Standard deviation of all reference BEC components of the frames (the nRMSE denominator).
     *
     * @param frames the frames with reference BECs
     * @return the standard deviation (e)
     */
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

    /**
     * CSV: one line per model and size with mean and sample std over repeats.
     *
     * @param r the learning curve
     * @return the CSV text, header first
     */
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

    /**
     * JSON-friendly map of the whole result, per-repeat values and subsets included.
     *
     * @param r the learning curve
     * @param settings the run's settings, stored under "settings"
     * @return an insertion-ordered map of plain values, lists and maps
     */
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
