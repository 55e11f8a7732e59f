package org.zstar.models;

import java.util.List;
import org.zstar.learning.TrainingPool;
import org.zstar.linalg.Cholesky;
import org.zstar.linalg.DenseBackend;
import org.zstar.linalg.GramUpdate;
import org.zstar.structure.Structure;

/**
 * Calibrates the predictive variance of a BEC model on held-out TRAINING frames, docs/THEORY.md (U5): the last
 * frames of the training set are taken out of the assembled normal equations (a downdate: their rows are
 * subtracted, the data are not read again), the rest are solved, and the residuals r of the held-out rows under
 * that model, with their model variances e = s^2 h, fit {@code v = a_g + c e} by maximum likelihood, one a_g per
 * species and component class (diagonal, off-diagonal) and one c. Test frames are never seen.
 */
public final class PosteriorCalibration {
    private PosteriorCalibration() {
    }

    /**
     * Held-out rows: residual, model variance s^2 h (before scaling by c) and group (species * 2 + class), and the
     * training-residual noise variance s^2 of the model fitted without them.
     */
    record HeldOut(double[] residual, double[] modelVariance, int[] group, double noiseVariance) {
    }

    /**
     * Fits the per-group noise variances and the model-variance scale on held-out training frames (U5).
     *
     * @param fraction share of the training frames held out (the last ones, at least one; at least one is fitted)
     * @param data the prepared training frames
     * @param a the assembled normal equations of all of them
     * @param lambdaW the Tikhonov strength, relative
     * @param lambdaQ the charge-regularisation strength
     * @return the calibration, or null when there are too few frames to hold any out
     */
    public static BecPosterior.Calibration calibrate(BecTrainer.PreparedData data, BecTrainer.Assembled a,
            double lambdaW, double lambdaQ, double fraction) {
        return calibrate(data, a, lambdaW, lambdaQ, fraction, 1);
    }

    /**
     * As {@link #calibrate(BecTrainer.PreparedData, BecTrainer.Assembled, double, double, double)}, with the
     * held-out frames designed by {@code threads} workers; the result does not depend on the thread count.
     *
     * @param data the prepared training frames
     * @param a the assembled normal equations of all of them
     * @param lambdaW the Tikhonov strength, relative
     * @param lambdaQ the charge-regularisation strength
     * @param fraction share of the training frames held out (the last ones, at least one; at least one is fitted)
     * @param threads worker threads of the held-out designs (at most threads + 1 designs are alive at once)
     * @return the calibration, or null when there are too few frames to hold any out
     */
    public static BecPosterior.Calibration calibrate(BecTrainer.PreparedData data, BecTrainer.Assembled a,
            double lambdaW, double lambdaQ, double fraction, int threads) {
        int frames = data.frames().size();
        int first = firstHeldOut(frames, fraction);
        if (first < 1) {
            return null;
        }
        int held = frames - first;
        int[] idx = new int[held];
        for (int i = 0; i < held; i++) {
            idx[i] = first + i;
        }
        HeldOut h;
        try (TrainingPool pool = new TrainingPool(threads)) {
            h = heldOutResiduals(data, a, lambdaW, lambdaQ, idx, pool);
        } finally {
            a.kept.clear();
        }
        List<String> species = data.species();
        int groups = species.size() * BecPosterior.CLASSES;
        double[] before = new double[h.residual.length];
        double noiseBefore = h.noiseVariance();
        for (int i = 0; i < before.length; i++) {
            before[i] = noiseBefore + h.modelVariance()[i]; // (U4): s^2 (1 + h)
        }
        double nllBefore = meanNll(h.residual(), before);
        double bestNll = Double.POSITIVE_INFINITY;
        double bestC = 1;
        double[] bestA = null;
        for (int t = -1; t <= 60; t++) {
            double c = t < 0 ? 0.0 : Math.pow(10, -2 + 0.1 * t);
            double[] aG = new double[groups];
            double total = 0;
            for (int g = 0; g < groups; g++) {
                aG[g] = bestNoise(h, g, c, noiseBefore);
                total += groupNll(h, g, c, aG[g]);
            }
            if (total < bestNll) {
                bestNll = total;
                bestC = c;
                bestA = aG;
            }
        }
        double[][] noise = new double[species.size()][BecPosterior.CLASSES];
        for (int g = 0; g < groups; g++) {
            noise[g / BecPosterior.CLASSES][g % BecPosterior.CLASSES] = bestA[g];
        }
        return new BecPosterior.Calibration(List.copyOf(species), noise, bestC, idx, nllBefore,
                bestNll / h.residual().length);
    }

    /**
     * The first of the training frames that the calibration holds out: the last {@code round(fraction * frames)},
     * at least one.
     *
     * @param frames the number of training frames
     * @param fraction share held out
     * @return the index of the first held-out frame; below 1 when no frame would be left to fit
     */
    public static int firstHeldOut(int frames, double fraction) {
        return frames - Math.max(1, (int) Math.round(fraction * frames));
    }

    /**
     * Mean Gaussian negative log-likelihood {@code 0.5 log(2 pi v) + r^2 / (2 v)}.
     *
     * @param r the residuals
     * @param v the predicted variances, one per residual
     * @return the mean negative log-likelihood
     */
    public static double meanNll(double[] r, double[] v) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += 0.5 * Math.log(2 * Math.PI * v[i]) + r[i] * r[i] / (2 * v[i]);
        }
        return s / r.length;
    }

    private static double groupNll(HeldOut h, int g, double c, double a) {
        double s = 0;
        for (int i = 0; i < h.group.length; i++) {
            if (h.group[i] == g) {
                double v = a + c * h.modelVariance[i];
                s += 0.5 * Math.log(2 * Math.PI * v) + h.residual[i] * h.residual[i] / (2 * v);
            }
        }
        return s;
    }

    /** The a >= 0 minimising the group's NLL at fixed c: golden section on log a (the NLL is unimodal in a). */
    private static double bestNoise(HeldOut h, int g, double c, double fallback) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < h.group.length; i++) {
            if (h.group[i] == g) {
                sum += h.residual[i] * h.residual[i];
                count++;
            }
        }
        if (count == 0) {
            return fallback; // a species absent from the held-out frames keeps the training-residual noise
        }
        double scale = Math.max(sum / count, 1e-300);
        double lo = Math.log(scale * 1e-8);
        double hi = Math.log(scale * 10);
        double phi = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - phi * (hi - lo);
        double x2 = lo + phi * (hi - lo);
        double f1 = groupNll(h, g, c, Math.exp(x1));
        double f2 = groupNll(h, g, c, Math.exp(x2));
        for (int it = 0; it < 60; it++) {
            if (f1 < f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - phi * (hi - lo);
                f1 = groupNll(h, g, c, Math.exp(x1));
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + phi * (hi - lo);
                f2 = groupNll(h, g, c, Math.exp(x2));
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }

    /** One held-out frame's design rows and targets (y = Z - constant) and the group of every row. */
    private record Block(FrameDesign design, double[] y, int[] group) {
    }

    /** One held-out frame's residuals, leverages and row groups under the model fitted without the held-out frames. */
    private record Scored(double[] residual, double[] leverage, int[] group) {
    }

    /**
     * Downdates the assembled normal equations by the held-out frames, solves, and returns the held-out
     * residuals and model variances under that model. The designs come from the assembly where it kept them
     * ({@link KeptDesigns}, within a memory budget); any other held-out frame is designed twice, once for the
     * downdate and once for its residuals and leverages, so that memory stays bounded (at most threads + 1 such
     * designs alive, as in the assembly).
     */
    static HeldOut heldOutResiduals(BecTrainer.PreparedData data, BecTrainer.Assembled a, double lambdaW,
            double lambdaQ, int[] heldFrames, TrainingPool pool) {
        int m = a.refs.columns();
        double lambda = lambdaW * a.gramScale();
        double q2 = a.chargeRows != null && lambdaQ > 0 ? lambdaQ * lambdaQ : 0.0;
        int mq = a.chargeRows == null ? 0 : a.chargeRows.size();
        DenseBackend backend = a.becRows.backend();
        double[] h = a.shifted(lambda, q2, mq, m);
        double[] rhs = a.becRows.rhs();
        if (q2 > 0) {
            double[] bq = a.chargeRows.rhs();
            for (int i = 0; i < mq; i++) {
                rhs[i] += q2 * bq[i];
            }
        }
        long[] heldRows = new long[1];
        // H -= B^T B, b -= B^T y (U5: the model without the held-out frames), in frame order
        GramUpdate downdate = new GramUpdate(backend);
        pool.forEachInOrder(heldFrames.length, k -> block(data, a, heldFrames[k]), (b, k) -> {
            FrameDesign d = b.design();
            int n = d.atoms;
            downdate.addAtA(9 * n, m, -1.0, d.bec, 0, m, h, m, pool.executor());
            backend.gemv(true, 9 * n, m, -1.0, d.bec, 0, m, b.y(), 0, 1.0, rhs, 0);
            if (q2 > 0) {
                double[] z = data.frames().get(heldFrames[k]).atomArrayView(Structure.BEC);
                double[] yq = new double[n];
                for (int j = 0; j < n; j++) {
                    yq[j] = (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3.0 - d.chargeConstant[j];
                }
                backend.syrkAtA(n, mq, -q2, d.charges, 0, d.columns, h, m);
                backend.gemv(true, n, mq, -q2, d.charges, 0, d.columns, yq, 0, 1.0, rhs, 0);
            }
            heldRows[0] += 9L * n;
        });
        Cholesky chol = backend.choleskyInPlace(h, m);
        double[] w = chol.solve(rhs);
        BecPosterior fitPost = BecPosterior.fromCholeskyFactor(chol.factor(), m, lambda, 0, 1);
        int total = (int) heldRows[0];
        double[] r = new double[total];
        double[] lev = new double[total];
        int[] grp = new int[total];
        double[] heldRss = new double[1];
        int[] pos = new int[1];
        pool.forEachInOrder(heldFrames.length, k -> score(block(data, a, heldFrames[k]), w, fitPost, backend),
                (sc, k) -> {
                    int rows = sc.residual().length;
                    System.arraycopy(sc.residual(), 0, r, pos[0], rows);
                    System.arraycopy(sc.leverage(), 0, lev, pos[0], rows);
                    System.arraycopy(sc.group(), 0, grp, pos[0], rows);
                    for (double v : sc.residual()) {
                        heldRss[0] += v * v;
                    }
                    pos[0] += rows;
                });
        // training-residual noise of the fitted part (U2): RSS over all rows minus the held-out rows
        double fitRss = Math.max(0, a.becRows.residualSumSquares(w) - heldRss[0]);
        long fitRows = a.becRows.rowCount() - heldRows[0];
        double noise = fitRss / Math.max(1.0, fitRows - fitPost.effectiveParameters());
        double[] e = new double[total];
        for (int i = 0; i < total; i++) {
            e[i] = noise * lev[i];
        }
        return new HeldOut(r, e, grp, noise);
    }

    /** The design of held-out frame f, its BEC targets minus the constant part, and each row's group. */
    private static Block block(BecTrainer.PreparedData data, BecTrainer.Assembled a, int f) {
        Structure s = data.frames().get(f);
        FrameDesign kept = a.kept.get(f);
        FrameDesign d = kept != null ? kept
                : KernelBecModel.trainingDesign(s, a.spec, a.scalar, a.vector, a.refs, a.fixedCharges);
        int n = s.size();
        double[] z = s.atomArrayView(Structure.BEC);
        double[] y = new double[9 * n];
        int[] group = new int[9 * n];
        for (int j = 0; j < n; j++) {
            int sp = data.species().indexOf(s.symbol(j));
            for (int k = 0; k < 9; k++) {
                y[9 * j + k] = z[9 * j + k] - d.becConstant[9 * j + k];
                group[9 * j + k] = sp * BecPosterior.CLASSES + BecPosterior.componentClass(k);
            }
        }
        return new Block(d, y, group);
    }

    /** Residuals {@code b . w - y} and leverages of a held-out frame's rows under the fitted posterior. */
    private static Scored score(Block b, double[] w, BecPosterior fitPost, DenseBackend backend) {
        int rows = b.y().length;
        int m = w.length;
        double[] bec = b.design().bec;
        double[] hb = fitPost.leverages(bec, rows, backend);
        double[] r = new double[rows];
        for (int i = 0; i < rows; i++) {
            double p = 0;
            int off = i * m;
            for (int c = 0; c < m; c++) {
                p += bec[off + c] * w[c];
            }
            r[i] = p - b.y()[i];
        }
        return new Scored(r, hb, b.group());
    }
}
