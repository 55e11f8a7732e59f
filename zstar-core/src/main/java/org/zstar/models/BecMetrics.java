package org.zstar.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Error statistics of predicted BECs against reference BECs over all tensor components: RMSE, MAE, max
 * error, normalised RMSE (RMSE / standard deviation of the reference components), per species and per
 * component, and the acoustic-sum-rule residual of the predictions.
 */
public final class BecMetrics {
    /** Number of BEC components compared (9 per atom). */
    public final long components;
    /** Root-mean-square error over all components (e). */
    public final double rmse;
    /** Mean absolute error over all components (e). */
    public final double mae;
    /** Largest absolute error of a component (e). */
    public final double maxError;
    /** Standard deviation of the reference components (e). */
    public final double referenceStd;
    /** RMSE / referenceStd, NaN when the references do not vary. */
    public final double nrmse;
    /** Largest acoustic-sum-rule residual of a predicted frame (e). */
    public final double asrMax;
    /** Per species symbol: {count (components), rmse, mae, max}. */
    public final Map<String, double[]> perSpecies;
    /** RMSE of each of the 9 components Z[a][b], row-major. */
    public final double[] perComponent;

    private BecMetrics(long components, double rmse, double mae, double maxError, double referenceStd, double asrMax,
            Map<String, double[]> perSpecies, double[] perComponent) {
        this.components = components;
        this.rmse = rmse;
        this.mae = mae;
        this.maxError = maxError;
        this.referenceStd = referenceStd;
        this.nrmse = referenceStd > 0 ? rmse / referenceStd : Double.NaN;
        this.asrMax = asrMax;
        this.perSpecies = perSpecies;
        this.perComponent = perComponent;
    }

    /**
     * Metrics of predictions against the BECs of the reference frames (same order, same atoms).
     *
     * @param frames the frames with reference BECs
     * @param predictedBecs the predicted BECs per frame, 9N each (Z[j][a][b] = dP_a/dr_{j,b})
     * @return the metrics
     */
    public static BecMetrics of(List<Structure> frames, List<double[]> predictedBecs) {
        if (frames.size() != predictedBecs.size()) {
            throw new IllegalArgumentException("frames and predictions differ in number");
        }
        long count = 0;
        double se = 0, ae = 0, max = 0, sum = 0, sum2 = 0, asr = 0;
        double[] compSe = new double[9];
        long[] compN = new long[9];
        Map<String, double[]> species = new LinkedHashMap<>();
        for (int f = 0; f < frames.size(); f++) {
            Structure s = frames.get(f);
            double[] ref = s.atomArrayView(Structure.BEC);
            double[] pred = predictedBecs.get(f);
            if (ref == null) {
                throw new UserInputException("frame " + f + " has no reference BECs");
            }
            if (pred.length != ref.length) {
                throw new IllegalArgumentException("frame " + f + ": prediction has " + pred.length / 9
                        + " atoms, reference " + ref.length / 9);
            }
            double[] total = new double[9];
            for (int j = 0; j < s.size(); j++) {
                double[] sp = species.computeIfAbsent(s.symbol(j), k -> new double[4]);
                for (int k = 0; k < 9; k++) {
                    double d = pred[9 * j + k] - ref[9 * j + k];
                    se += d * d;
                    ae += Math.abs(d);
                    max = Math.max(max, Math.abs(d));
                    sum += ref[9 * j + k];
                    sum2 += ref[9 * j + k] * ref[9 * j + k];
                    compSe[k] += d * d;
                    compN[k]++;
                    sp[0] += 1;
                    sp[1] += d * d;
                    sp[2] += Math.abs(d);
                    sp[3] = Math.max(sp[3], Math.abs(d));
                    total[k] += pred[9 * j + k];
                }
                count += 9;
            }
            for (int k = 0; k < 9; k++) {
                double target = (k % 4 == 0) ? s.totalCharge() : 0.0;
                asr = Math.max(asr, Math.abs(total[k] - target));
            }
        }
        if (count == 0) {
            throw new UserInputException("no BEC components to compare");
        }
        double mean = sum / count;
        double std = Math.sqrt(Math.max(0, sum2 / count - mean * mean));
        Map<String, double[]> per = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : species.entrySet()) {
            double[] v = e.getValue();
            per.put(e.getKey(), new double[] {v[0], Math.sqrt(v[1] / v[0]), v[2] / v[0], v[3]});
        }
        double[] comp = new double[9];
        for (int k = 0; k < 9; k++) {
            comp[k] = Math.sqrt(compSe[k] / compN[k]);
        }
        return new BecMetrics(count, Math.sqrt(se / count), ae / count, max, std, asr, per, comp);
    }

    /**
     * A JSON-friendly map: rmse, mae, max_error, nrmse, asr_max, reference_std, components, per_species, per_component.
     *
     * @return an insertion-ordered map of plain values
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rmse", rmse);
        m.put("mae", mae);
        m.put("max_error", maxError);
        m.put("nrmse", nrmse);
        m.put("asr_max", asrMax);
        m.put("reference_std", referenceStd);
        m.put("components", components);
        Map<String, Object> sp = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : perSpecies.entrySet()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("components", (long) e.getValue()[0]);
            v.put("rmse", e.getValue()[1]);
            v.put("mae", e.getValue()[2]);
            v.put("max_error", e.getValue()[3]);
            sp.put(e.getKey(), v);
        }
        m.put("per_species", sp);
        String[] names = {"xx", "xy", "xz", "yx", "yy", "yz", "zx", "zy", "zz"};
        Map<String, Object> pc = new LinkedHashMap<>();
        for (int k = 0; k < 9; k++) {
            pc.put(names[k], perComponent[k]);
        }
        m.put("per_component", pc);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("RMSE %.4f e  MAE %.4f e  max %.4f e  nRMSE %.4f  ASR %.2e e",
                rmse, mae, maxError, nrmse, asrMax));
        for (Map.Entry<String, double[]> e : perSpecies.entrySet()) {
            sb.append(String.format("  [%s RMSE %.4f]", e.getKey(), e.getValue()[1]));
        }
        return sb.toString();
    }
}
