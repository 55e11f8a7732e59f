package org.zstar.models;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.zstar.structure.Structure;

/**
 * Calibration of predicted standard deviations against reference BECs, docs/THEORY.md (U7): the fractions of
 * components inside 1 and 2 sigma, the mean Gaussian negative log-likelihood, and the Spearman rank correlation
 * over atoms between the atom's sigma (RMS over its nine components) and its absolute error (RMS over them).
 */
public final class UncertaintyMetrics {
    /** Number of BEC components compared. */
    public final long components;
    /** Fraction of components with |error| at most 1 sigma. */
    public final double coverage1Sigma;
    /** Fraction of components with |error| at most 2 sigma. */
    public final double coverage2Sigma;
    /** Mean Gaussian negative log-likelihood of the errors. */
    public final double meanNll;
    /** Spearman correlation over atoms between sigma and the absolute error. */
    public final double rankCorrelation;
    /** Mean predicted sigma over the components (e). */
    public final double meanSigma;
    /** RMSE over the components (e). */
    public final double rmse;

    private UncertaintyMetrics(long components, double c1, double c2, double nll, double rho, double meanSigma,
            double rmse) {
        this.components = components;
        this.coverage1Sigma = c1;
        this.coverage2Sigma = c2;
        this.meanNll = nll;
        this.rankCorrelation = rho;
        this.meanSigma = meanSigma;
        this.rmse = rmse;
    }

    /**
     * Calibration of predicted standard deviations against the reference BECs of the frames.
     *
     * @param predicted predicted BECs per frame (9N each)
     * @param sigma standard deviations per frame (9N each)
     * @param include which atoms of a frame count (e.g. one species), or null for all
     * @param frames the frames with reference BECs
     * @return the metrics
     */
    public static UncertaintyMetrics of(List<Structure> frames, List<double[]> predicted, List<double[]> sigma,
            Function<String, Boolean> include) {
        int atoms = 0;
        for (Structure s : frames) {
            for (int j = 0; j < s.size(); j++) {
                atoms += include == null || include.apply(s.symbol(j)) ? 1 : 0;
            }
        }
        double[] atomSigma = new double[atoms];
        double[] atomError = new double[atoms];
        long in1 = 0, in2 = 0, count = 0;
        double nll = 0, sigmaSum = 0, sq = 0;
        int a = 0;
        for (int f = 0; f < frames.size(); f++) {
            Structure s = frames.get(f);
            double[] ref = s.atomArrayView(Structure.BEC);
            double[] z = predicted.get(f);
            double[] sd = sigma.get(f);
            for (int j = 0; j < s.size(); j++) {
                if (include != null && !include.apply(s.symbol(j))) {
                    continue;
                }
                double v2 = 0, e2 = 0;
                for (int k = 9 * j; k < 9 * j + 9; k++) {
                    double r = z[k] - ref[k];
                    double sg = sd[k];
                    in1 += Math.abs(r) <= sg ? 1 : 0;
                    in2 += Math.abs(r) <= 2 * sg ? 1 : 0;
                    nll += 0.5 * Math.log(2 * Math.PI * sg * sg) + r * r / (2 * sg * sg); // (U7)
                    v2 += sg * sg;
                    e2 += r * r;
                    sigmaSum += sg;
                    sq += r * r;
                    count++;
                }
                atomSigma[a] = Math.sqrt(v2 / 9);
                atomError[a] = Math.sqrt(e2 / 9);
                a++;
            }
        }
        double n = Math.max(1, count);
        return new UncertaintyMetrics(count, in1 / n, in2 / n, nll / n, spearman(atomSigma, atomError), sigmaSum / n,
                Math.sqrt(sq / n));
    }

    /**
     * Spearman's rank correlation: Pearson's correlation of the ranks, ties sharing their mean rank.
     *
     * @param x the first values
     * @param y the second values, as many
     * @return the rank correlation in [-1, 1]
     */
    public static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = 0.5 * (i + j) + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** {@return a JSON-ready map of the metrics} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("components", components);
        m.put("coverage_1sigma", coverage1Sigma);
        m.put("coverage_2sigma", coverage2Sigma);
        m.put("mean_nll", meanNll);
        m.put("sigma_error_rank_correlation", rankCorrelation);
        m.put("mean_sigma", meanSigma);
        m.put("rmse", rmse);
        return m;
    }

    /**
     * The calibration report of uncertain predictions: the calibrated (or single-noise) sigma at the top level,
     * then {@code uncalibrated} (one noise level, (U4)) and {@code model_only} (no noise, (U3)) for comparison,
     * and the calibrated metrics per species.
     *
     * @param frames the frames with reference BECs
     * @param preds one uncertain prediction per frame
     * @param species the species of the per-species entries
     * @return the report as a JSON-ready map
     */
    public static Map<String, Object> report(List<Structure> frames, List<UncertainPrediction> preds,
            List<String> species) {
        List<double[]> z = preds.stream().map(p -> p.prediction().bec()).toList();
        Map<String, Object> m = of(frames, z, preds.stream().map(UncertainPrediction::becStd).toList(), null).toMap();
        m.put("uncalibrated", of(frames, z, preds.stream().map(UncertainPrediction::becStdUncalibrated).toList(),
                null).toMap());
        m.put("model_only", of(frames, z, preds.stream().map(UncertainPrediction::becModelStd).toList(), null).toMap());
        Map<String, Object> per = new LinkedHashMap<>();
        for (String sp : species) {
            per.put(sp, of(frames, z, preds.stream().map(UncertainPrediction::becStd).toList(), sp::equals).toMap());
        }
        m.put("per_species", per);
        return m;
    }
}
