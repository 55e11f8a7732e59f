package org.zstar.experiments;

import java.util.Map;
import org.zstar.linalg.Backends;
import org.zstar.linalg.NormalEquations;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelKind;
import org.zstar.models.SharedDesign;

/**
 * A model of one kind solved from summed normal equations of the combined layout, with its train and test errors
 * from the sums alone: {@code ||A w - y||^2 = w^T G w - 2 w^T b + y^T y} (docs/THEORY.md (E9), (E10)). The same
 * solve as {@code BecTrainer.Assembled.solve}: {@code (G + lambda_q^2 G_q + lambda_w gbar I) w = b + lambda_q^2 b_q}
 * with gbar the mean diagonal of the model's own G.
 */
public final class SharedFit {
    /** The model, one block of the shared combined design. */
    public final ModelKind kind;
    /** The Tikhonov strength, relative to the mean diagonal of the normal matrix. */
    public final double lambdaW;
    /** The charge-regularisation strength. */
    public final double lambdaQ;
    /** Weights in the model's own column layout. */
    public final double[] weights;
    /** Fixed charges per species of the dipole model (null otherwise). */
    public final double[] fixedCharges;
    /** BEC RMSE on the training frames (e). */
    public final double trainRmse;
    /** Training RMSE divided by the standard deviation of the training reference BECs. */
    public final double trainNrmse;
    /** BEC RMSE on the test frames (e). */
    public final double testRmse;
    /** Test RMSE divided by the standard deviation of the test reference BECs. */
    public final double testNrmse;
    /** Number of BEC component rows of the training frames. */
    public final long trainRows;
    /** How the normal equations were solved (the solver's report). */
    public final String solver;

    private SharedFit(ModelKind kind, double lambdaW, double lambdaQ, double[] weights, double[] fixedCharges,
            double trainRmse, double trainNrmse, double testRmse, double testNrmse, long trainRows, String solver) {
        this.kind = kind;
        this.lambdaW = lambdaW;
        this.lambdaQ = lambdaQ;
        this.weights = weights;
        this.fixedCharges = fixedCharges;
        this.trainRmse = trainRmse;
        this.trainNrmse = trainNrmse;
        this.testRmse = testRmse;
        this.testNrmse = testNrmse;
        this.trainRows = trainRows;
        this.solver = solver;
    }

    /** The normal equations of one model kind cut from the combined sums (dipole: shifted by its fixed charges). */
    private record Block(int from, int size, double[] rhs, double yy) {
    }

    static SharedFit solve(FrameSumStore st, PackedSums train, ModelKind kind, double lambdaW, double lambdaQ) {
        int[] range = SharedDesign.columnRange(kind, st.refs);
        double[] fixed = kind == ModelKind.DIPOLE ? fixedCharges(st, train) : null;
        Block tr = block(st, train, range, fixed);
        int k = tr.size;
        int mq = st.mq;
        double q2 = kind.hasCharges() && lambdaQ > 0 ? lambdaQ * lambdaQ : 0.0;
        double meanDiag = 0;
        for (int i = 0; i < k; i++) {
            meanDiag += entry(train.gram, st.m, tr.from + i, tr.from + i);
        }
        double lambda = lambdaW * meanDiag / k;
        double[] rhs = tr.rhs.clone();
        if (q2 > 0) {
            for (int i = 0; i < mq; i++) {
                rhs[i] += q2 * train.chargeRhs[i];
            }
        }
        NormalEquations.Solution sol = NormalEquations.solveShifted(() -> shifted(st, train, tr.from, k, q2, lambda),
                rhs, k, Backends.get(), new NormalEquations.Options().lambda(lambda));
        double[] w = sol.x();
        long rows = (long) train.scalars[PackedSums.ROWS];
        double trainRss = quadratic(train.gram, st.m, tr.from, w) - 2 * dot(w, tr.rhs) + tr.yy;
        Block te = block(st, st.test, range, fixed);
        double testRss = quadratic(st.test.gram, st.m, te.from, w) - 2 * dot(w, te.rhs) + te.yy;
        double trainRmse = Math.sqrt(Math.max(0, trainRss) / rows);
        double testRmse = Math.sqrt(Math.max(0, testRss) / st.testComponents);
        double trainStd = Stats.populationStd(train.scalars[PackedSums.Z_SUM], train.scalars[PackedSums.Z_SUM_SQUARES],
                train.scalars[PackedSums.Z_COUNT]);
        return new SharedFit(kind, lambdaW, lambdaQ, w, fixed, trainRmse, trainStd > 0 ? trainRmse / trainStd : Double.NaN,
                testRmse, st.testStd > 0 ? testRmse / st.testStd : Double.NaN, rows, sol.report().message());
    }

    /**
     * (E3) The dipole model's fixed charges: the given ones, else the mean tr(Z)/3 per species of the training rows
     * summed here.
     */
    static double[] fixedCharges(FrameSumStore st, PackedSums train) {
        int ns = st.species.size();
        double[] f = new double[ns];
        for (int s = 0; s < ns; s++) {
            Double given = st.options.fixedCharges().get(st.species.get(s));
            f[s] = given != null ? given : train.traceSum(s) / Math.max(1, train.count(s));
        }
        return f;
    }

    /**
     * (E9) The model's rows of b and its y^T y; for the dipole model with fixed charges f the targets are
     * {@code y_0 - sum_s f_s C_s} (C_s = the offset columns o_s of the combined design), so
     * {@code b = b_0[P] - sum_s f_s G[o_s, P]} and {@code y^T y = y_0^T y_0 - 2 sum_s f_s b_0[o_s] + sum_st f_s f_t G[o_s, o_t]}.
     */
    private static Block block(FrameSumStore st, PackedSums sums, int[] range, double[] fixed) {
        int from = range[0];
        int k = range[1] - range[0];
        double[] b = java.util.Arrays.copyOfRange(sums.rhs, from, range[1]);
        double yy = sums.scalars[PackedSums.YY];
        if (fixed != null) {
            int[] off = SharedDesign.offsetColumns(st.refs);
            for (int s = 0; s < off.length; s++) {
                for (int i = 0; i < k; i++) {
                    b[i] -= fixed[s] * entry(sums.gram, st.m, off[s], from + i);
                }
                yy -= 2 * fixed[s] * sums.rhs[off[s]];
                for (int t = 0; t < off.length; t++) {
                    yy += fixed[s] * fixed[t] * entry(sums.gram, st.m, off[s], off[t]);
                }
            }
        }
        return new Block(from, k, b, yy);
    }

    /** {@code G + q2 G_q + lambda I} of the block as a new row-major k x k array (upper triangle). */
    private static double[] shifted(FrameSumStore st, PackedSums sums, int from, int k, double q2, double lambda) {
        double[] h = new double[k * k];
        for (int i = 0; i < k; i++) {
            int src = (int) PackedSums.rowStart(from + i, st.m);
            System.arraycopy(sums.gram, src, h, i * k + i, k - i);
            h[i * k + i] += lambda;
        }
        if (q2 > 0) {
            for (int i = 0; i < st.mq; i++) {
                int src = (int) PackedSums.rowStart(i, st.mq);
                for (int j = i; j < st.mq; j++) {
                    h[i * k + j] += q2 * sums.chargeGram[src + j - i];
                }
            }
        }
        return h;
    }

    /** G[i][j] of a packed upper triangle of order m (any order of i, j). */
    static double entry(double[] packed, int m, int i, int j) {
        int a = Math.min(i, j);
        int b = Math.max(i, j);
        return packed[(int) (PackedSums.rowStart(a, m) + b - a)];
    }

    /** {@code w^T G w} over the columns {@code [from, from + w.length)} of a packed G of order m. */
    static double quadratic(double[] packed, int m, int from, double[] w) {
        int k = w.length;
        double q = 0;
        for (int i = 0; i < k; i++) {
            int row = (int) PackedSums.rowStart(from + i, m);
            double s = 0;
            for (int j = i + 1; j < k; j++) {
                s += packed[row + j - i] * w[j];
            }
            q += w[i] * (packed[row] * w[i] + 2 * s);
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * The fitted model, as a direct training with the block's references returns it.
     *
     * @param st the store the fit came from
     * @param frames the number of training frames, for the metadata
     * @param extra metadata entries to add (provenance)
     * @return the model
     */
    public KernelBecModel model(FrameSumStore st, int frames, Map<String, Object> extra) {
        Map<String, Object> meta = SharedDesign.metadata(frames, trainRows, st.options.withSpec(st.spec.withKind(kind))
                .withRegularisation(lambdaW, lambdaQ), st.species, fixedCharges);
        meta.put("lambda_w", lambdaW);
        meta.put("lambda_q", lambdaQ);
        meta.put("solver", solver);
        meta.put("train_rmse", trainRmse);
        if (extra != null) {
            meta.putAll(extra);
        }
        return SharedDesign.model(kind, st.spec, st.scalar, st.vector, st.refs, weights, fixedCharges, meta);
    }

    /** Per test atom: the predicted charges q_j of a combined or monopole fit, in test-frame order. */
    double[][] testCharges(FrameSumStore st) {
        double[][] out = new double[st.testAtoms.size()][];
        for (int t = 0; t < out.length; t++) {
            FrameSumStore.TestAtoms a = st.testAtoms.get(t);
            int n = a.species().length;
            double[] q = new double[n];
            for (int j = 0; j < n; j++) {
                double v = a.chargeConstant()[j];
                for (int c = 0; c < st.mq; c++) {
                    v += a.charges()[j * st.mq + c] * weights[c];
                }
                q[j] = v;
            }
            out[t] = q;
        }
        return out;
    }

    /** Largest |p_j| (e A) over the test atoms of a combined fit. */
    double maxTestDipole(FrameSumStore st) {
        int mp = st.m - st.mq;
        double max = 0;
        for (FrameSumStore.TestAtoms a : st.testAtoms) {
            int n = a.species().length;
            for (int j = 0; j < n; j++) {
                double n2 = 0;
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    int row = (3 * j + c) * mp;
                    for (int k = 0; k < mp; k++) {
                        v += a.dipoles()[row + k] * weights[st.mq + k];
                    }
                    n2 += v * v;
                }
                max = Math.max(max, Math.sqrt(n2));
            }
        }
        return max;
    }
}
