package org.zstar.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** One grid point. Charges are the predicted q of the test atoms; |p| the norm of the atomic dipoles. */
    public record Point(double lambdaW, double lambdaQ, double trainRmse, BecMetrics test,
            Map<String, Double> meanCharge, double maxAbsCharge, double maxAbsDipole, String solver) {
    }

    /** The grid, row-major: {@code points.get(iq * lambdaW.length + iw)}. */
    public record Result(double[] lambdaW, double[] lambdaQ, List<Point> points, List<String> species,
            double seconds) {
        public Point at(int iq, int iw) {
            return points.get(iq * lambdaW.length + iw);
        }

        /** {@return the point with the lowest test RMSE} */
        public Point best() {
            Point b = points.get(0);
            for (Point p : points) {
                if (p.test().rmse < b.test().rmse) {
                    b = p;
                }
            }
            return b;
        }
    }

    /**
     * Solves every (lambda_w, lambda_q) of the grid and evaluates it on the test frames.
     *
     * @param progress called once per grid point (may be null)
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
                points.add(new Point(lw, lq, fit.trainRmse(), BecMetrics.of(test, becs), mean, maxQ, maxP,
                        fit.solverReport()));
                if (progress != null) {
                    progress.accept(++done);
                }
            }
        }
        return new Result(lambdaW.clone(), lambdaQ.clone(), points, species, (System.nanoTime() - t0) * 1e-9);
    }

    public static String toCsv(Result r) {
        StringBuilder sb = new StringBuilder("lambda_w,lambda_q,train_rmse,test_rmse,test_mae,test_nrmse");
        for (String s : r.species()) {
            sb.append(",mean_q_").append(s);
        }
        sb.append(",max_abs_q,max_abs_p\n");
        for (Point p : r.points()) {
            sb.append(String.format(java.util.Locale.ROOT, "%.6g,%.6g,%.6g,%.6g,%.6g,%.6g", p.lambdaW(), p.lambdaQ(),
                    p.trainRmse(), p.test().rmse, p.test().mae, p.test().nrmse));
            for (String s : r.species()) {
                sb.append(String.format(java.util.Locale.ROOT, ",%.6g", p.meanCharge().get(s)));
            }
            sb.append(String.format(java.util.Locale.ROOT, ",%.6g,%.6g%n", p.maxAbsCharge(), p.maxAbsDipole()));
        }
        return sb.toString();
    }

    public static Map<String, Object> toMap(Result r, Map<String, Object> settings) {
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
            e.put("test_rmse", p.test().rmse);
            e.put("test_mae", p.test().mae);
            e.put("test_nrmse", p.test().nrmse);
            e.put("mean_charge", p.meanCharge());
            e.put("max_abs_charge", p.maxAbsCharge());
            e.put("max_abs_dipole", p.maxAbsDipole());
            e.put("solver", p.solver());
            pts.add(e);
        }
        m.put("points", pts);
        Point b = r.best();
        m.put("best", Map.of("lambda_w", b.lambdaW(), "lambda_q", b.lambdaQ(), "test_rmse", b.test().rmse));
        return m;
    }
}
