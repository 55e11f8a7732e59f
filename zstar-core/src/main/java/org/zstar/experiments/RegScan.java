package org.zstar.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.zstar.models.BecMetrics;
import org.zstar.models.BecPrediction;
import org.zstar.models.BecTrainer;
import org.zstar.models.FrameDesign;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * A grid scan over the Tikhonov strength lambda_w and the charge-regularisation strength lambda_q of one
 * assembled problem: the normal equations are assembled once ({@link BecTrainer.Assembled}) and solved per
 * grid point; the test frames' designs are built once, so each point costs one solve and a few products.
 * docs/THEORY.md, "Experiments".
 */
public final class RegScan {
    private RegScan() {
    }

    /**
     * One grid point, from {@link #run} or from summed normal equations ({@link SharedExperiments#regMap}).
     * Charges are the predicted q of the test atoms (e), |p| the norm of the atomic dipoles (e A).
     *
     * @param lambdaW the Tikhonov strength, relative to the mean diagonal of the normal matrix
     * @param lambdaQ the charge-regularisation strength
     * @param trainRmse the BEC RMSE on the training frames (e)
     * @param testRmse the BEC RMSE on the test frames (e)
     * @param testMae the BEC MAE on the test frames (e); NaN for fits from summed normal equations, which keep no
     *     residuals
     * @param testNrmse the test RMSE divided by the standard deviation of the test reference BECs
     * @param meanCharge the mean predicted charge of each species over the test atoms (e), in species order
     * @param maxAbsCharge the largest |q| over the test atoms (e)
     * @param maxAbsDipole the largest |p| over the test atoms (e A; 0 for a model without dipoles)
     * @param solver how the normal equations were solved (the solver's report)
     */
    public record Point(double lambdaW, double lambdaQ, double trainRmse, double testRmse, double testMae,
            double testNrmse, Map<String, Double> meanCharge, double maxAbsCharge, double maxAbsDipole, String solver) {
    }

    /**
     * The grid, row-major: {@code points.get(iq * lambdaW.length + iw)}.
     *
     * @param lambdaW the Tikhonov strengths of the grid's columns
     * @param lambdaQ the charge-regularisation strengths of the grid's rows
     * @param points the grid points, row-major
     * @param species the species of {@link Point#meanCharge()}, in order
     * @param seconds the wall time of the scan (s)
     */
    public record Result(double[] lambdaW, double[] lambdaQ, List<Point> points, List<String> species,
            double seconds) {
        /**
         * The point at one grid position.
         *
         * @param iq the index into {@code lambdaQ}
         * @param iw the index into {@code lambdaW}
         * @return the point at (lambda_q[iq], lambda_w[iw])
         */
        public Point at(int iq, int iw) {
            return points.get(iq * lambdaW.length + iw);
        }

        /** {@return the point with the lowest test RMSE} */
        public Point best() {
            Point b = points.get(0);
            for (Point p : points) {
                if (p.testRmse() < b.testRmse()) {
                    b = p;
                }
            }
            return b;
        }

        /** {@return whether the points carry a test MAE (false for fits from summed normal equations)} */
        public boolean hasMae() {
            return points.stream().anyMatch(p -> !Double.isNaN(p.testMae()));
        }
    }

    /**
     * Solves every (lambda_w, lambda_q) of the grid and evaluates it on the test frames.
     *
     * @param progress called once per grid point (may be null)
     * @param assembled the normal equations assembled once
     * @param test the test frames (with reference BECs)
     * @param lambdaW the Tikhonov strengths, relative to the mean diagonal of the normal matrix
     * @param lambdaQ the charge-regularisation strengths
     * @return the grid, row-major
     */
    public static Result run(BecTrainer.Assembled assembled, List<Structure> test, double[] lambdaW, double[] lambdaQ,
            IntConsumer progress) {
        long t0 = System.nanoTime();
        if (test.isEmpty()) {
            throw new UserInputException("the regularisation scan needs test frames");
        }
        BecTrainer.Fit first = assembled.solve(lambdaW[0], lambdaQ[0]);
        // designs do not depend on the weights: build them once
        FrameDesign[] designs = new FrameDesign[test.size()];
        IntStream.range(0, test.size()).parallel().forEach(t -> designs[t] = first.model().design(test.get(t)));
        List<String> species = first.model().species();
        List<Point> points = new ArrayList<>();
        int done = 0;
        for (double lq : lambdaQ) {
            for (double lw : lambdaW) {
                BecTrainer.Fit fit = assembled.solve(lw, lq);
                double[] w = fit.model().weights();
                List<double[]> becs = new ArrayList<>();
                double[] qSum = new double[species.size()];
                long[] qCount = new long[species.size()];
                double maxQ = 0, maxP = 0;
                for (int t = 0; t < test.size(); t++) {
                    BecPrediction p = designs[t].predict(w);
                    becs.add(p.bec());
                    Structure s = test.get(t);
                    for (int j = 0; j < s.size(); j++) {
                        int k = species.indexOf(s.symbol(j));
                        double q = p.charges()[j];
                        qSum[k] += q;
                        qCount[k]++;
                        maxQ = Math.max(maxQ, Math.abs(q));
                        if (p.dipoles() != null) {
                            double px = p.dipoles()[3 * j], py = p.dipoles()[3 * j + 1], pz = p.dipoles()[3 * j + 2];
                            maxP = Math.max(maxP, Math.sqrt(px * px + py * py + pz * pz));
                        }
                    }
                }
                Map<String, Double> mean = new LinkedHashMap<>();
                for (int k = 0; k < species.size(); k++) {
                    mean.put(species.get(k), qCount[k] > 0 ? qSum[k] / qCount[k] : Double.NaN);
                }
                BecMetrics m = BecMetrics.of(test, becs);
                points.add(new Point(lw, lq, fit.trainRmse(), m.rmse, m.mae, m.nrmse, mean, maxQ, maxP,
                        fit.solverReport()));
                if (progress != null) {
                    progress.accept(++done);
                }
            }
        }
        return new Result(lambdaW.clone(), lambdaQ.clone(), points, species, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * The grid as CSV, one line per point; the test_mae column only when the points carry an MAE.
     *
     * @param r the grid
     * @return the CSV text, header first
     */
    public static String toCsv(Result r) {
        boolean mae = r.hasMae();
        StringBuilder sb = new StringBuilder("lambda_w,lambda_q,train_rmse,test_rmse");
        sb.append(mae ? ",test_mae,test_nrmse" : ",test_nrmse");
        for (String s : r.species()) {
            sb.append(",mean_q_").append(s);
        }
        sb.append(",max_abs_q,max_abs_p\n");
        for (Point p : r.points()) {
            sb.append(String.format(Locale.ROOT, "%.6g,%.6g,%.6g,%.6g", p.lambdaW(), p.lambdaQ(), p.trainRmse(),
                    p.testRmse()));
            if (mae) {
                sb.append(String.format(Locale.ROOT, ",%.6g", p.testMae()));
            }
            sb.append(String.format(Locale.ROOT, ",%.6g", p.testNrmse()));
            for (String s : r.species()) {
                sb.append(String.format(Locale.ROOT, ",%.6g", p.meanCharge().get(s)));
            }
            sb.append(String.format(Locale.ROOT, ",%.6g,%.6g%n", p.maxAbsCharge(), p.maxAbsDipole()));
        }
        return sb.toString();
    }

    /**
     * The grid as a JSON-ready map (settings, grid axes, species, points, best point); test_mae only when the points
     * carry an MAE.
     *
     * @param r the grid
     * @param settings the run's settings, stored under "settings"
     * @return an insertion-ordered map of plain values, lists and maps
     */
    public static Map<String, Object> toMap(Result r, Map<String, Object> settings) {
        boolean mae = r.hasMae();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", settings);
        m.put("lambda_w", r.lambdaW());
        m.put("lambda_q", r.lambdaQ());
        m.put("species", r.species());
        m.put("seconds", r.seconds());
        List<Object> pts = new ArrayList<>();
        for (Point p : r.points()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("lambda_w", p.lambdaW());
            e.put("lambda_q", p.lambdaQ());
            e.put("train_rmse", p.trainRmse());
            e.put("test_rmse", p.testRmse());
            if (mae) {
                e.put("test_mae", p.testMae());
            }
            e.put("test_nrmse", p.testNrmse());
            e.put("mean_charge", p.meanCharge());
            e.put("max_abs_charge", p.maxAbsCharge());
            e.put("max_abs_dipole", p.maxAbsDipole());
            e.put("solver", p.solver());
            pts.add(e);
        }
        m.put("points", pts);
        Point b = r.best();
        m.put("best", Map.of("lambda_w", b.lambdaW(), "lambda_q", b.lambdaQ(), "test_rmse", b.testRmse()));
        return m;
    }
}
