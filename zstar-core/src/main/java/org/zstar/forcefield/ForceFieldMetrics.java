package org.zstar.forcefield;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.md.ForceField;
import org.zstar.md.ForceResult;
import org.zstar.structure.Structure;

/**
 * Test errors of a force field against reference frames: energy RMSE per atom
 * {@code sqrt(mean_frames ((E_pred - E_ref)/N)^2)} (meV/atom), force-component RMSE overall and per species
 * (meV/A), stress-component RMSE (meV/A^3) when frames carry stresses.
 *
 * @param frames the number of frames
 * @param energyFrames the number of frames with a reference energy
 * @param energyRmseMeVPerAtom the energy RMSE per atom (meV/atom)
 * @param forceComponents the number of force components compared
 * @param forceRmseMeVPerA the force-component RMSE (meV/A)
 * @param forceRmsePerSpecies species symbol to its force-component RMSE (meV/A)
 * @param stressFrames the number of frames with a reference stress
 * @param stressRmse the stress-component RMSE (meV/A^3)
 * @param forceReferenceRms the RMS of the reference force components (meV/A)
 */
public record ForceFieldMetrics(int frames, int energyFrames, double energyRmseMeVPerAtom, long forceComponents,
        double forceRmseMeVPerA, Map<String, Double> forceRmsePerSpecies, int stressFrames, double stressRmse,
        double forceReferenceRms) {

    /**
     * Energy and force errors of a force field on labelled frames.
     *
     * @param ff the force field
     * @param frames the frames with reference energies and forces
     * @return the metrics
     */
    public static ForceFieldMetrics evaluate(ForceField ff, List<Structure> frames) {
        double e2 = 0;
        int ne = 0;
        double f2 = 0;
        double fr2 = 0;
        long nf = 0;
        Map<String, double[]> per = new LinkedHashMap<>();
        double s2 = 0;
        int ns = 0;
        for (Structure s : frames) {
            ForceResult r = ff.compute(s);
            if (s.energy() != null) {
                double d = (r.energy() - s.energy()) / s.size();
                e2 += d * d;
                ne++;
            }
            double[] f = s.atomArrayView(Structure.FORCES);
            if (f != null) {
                for (int i = 0; i < s.size(); i++) {
                    double[] acc = per.computeIfAbsent(s.symbol(i), k -> new double[2]);
                    for (int k = 0; k < 3; k++) {
                        double d = r.forces()[3 * i + k] - f[3 * i + k];
                        f2 += d * d;
                        fr2 += f[3 * i + k] * f[3 * i + k];
                        acc[0] += d * d;
                        acc[1] += 1;
                        nf++;
                    }
                }
            }
            double[] st = s.stress();
            if (st != null && r.stress() != null) {
                for (int k = 0; k < 9; k++) {
                    double d = r.stress()[k] - st[k];
                    s2 += d * d;
                }
                ns++;
            }
        }
        Map<String, Double> perSpecies = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : per.entrySet()) {
            perSpecies.put(e.getKey(), 1000 * Math.sqrt(e.getValue()[0] / e.getValue()[1]));
        }
        return new ForceFieldMetrics(frames.size(), ne, ne == 0 ? Double.NaN : 1000 * Math.sqrt(e2 / ne), nf,
                nf == 0 ? Double.NaN : 1000 * Math.sqrt(f2 / nf), perSpecies, ns,
                ns == 0 ? Double.NaN : 1000 * Math.sqrt(s2 / (9.0 * ns)),
                nf == 0 ? Double.NaN : 1000 * Math.sqrt(fr2 / nf));
    }

    /** {@return a JSON-friendly map} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", frames);
        m.put("energy_frames", energyFrames);
        m.put("energy_rmse_mev_per_atom", energyRmseMeVPerAtom);
        m.put("force_components", forceComponents);
        m.put("force_rmse_mev_per_a", forceRmseMeVPerA);
        m.put("force_rmse_mev_per_a_by_species", perSpecies());
        m.put("force_reference_rms_mev_per_a", forceReferenceRms);
        m.put("stress_frames", stressFrames);
        m.put("stress_rmse_mev_per_a3", stressRmse);
        return m;
    }

    private Map<String, Double> perSpecies() {
        return new LinkedHashMap<>(forceRmsePerSpecies);
    }

    /** {@return human-readable lines} */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format("frames: %d (%d with energies)", frames, energyFrames));
        out.add(String.format("energy RMSE: %.3f meV/atom", energyRmseMeVPerAtom));
        out.add(String.format("force RMSE: %.1f meV/A (reference force RMS %.1f meV/A, %d components)",
                forceRmseMeVPerA, forceReferenceRms, forceComponents));
        for (Map.Entry<String, Double> e : forceRmsePerSpecies.entrySet()) {
            out.add(String.format("  force RMSE %s: %.1f meV/A", e.getKey(), e.getValue()));
        }
        if (stressFrames > 0) {
            out.add(String.format("stress RMSE: %.3f meV/A^3 (%d frames)", stressRmse, stressFrames));
        }
        return out;
    }

    /**
     * Calibration of the force field's error bars on labelled frames (docs/THEORY.md (FFU3)): fractions of force
     * components with {@code |F - F_DFT| <= sigma} and {@code <= 2 sigma}, the mean sigma (eV/A), the model share of
     * the predictive variance, and the fraction of energies within 2 sigma. Empty without a posterior.
     *
     * @param ff the force field, with a posterior
     * @param frames the frames with reference forces
     * @return the calibration as a JSON-ready map
     */
    public static Map<String, Object> uncertainty(KernelForceField ff, List<Structure> frames) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (ff.posterior() == null) {
            return out;
        }
        long in1 = 0, in2 = 0, count = 0, energies = 0, eIn2 = 0;
        double sigma = 0, share = 0;
        for (Structure s : frames) {
            KernelForceField.Uncertainty u = ff.uncertainty(s);
            org.zstar.md.ForceResult r = ff.compute(s);
            double[] f = s.atomArrayView(Structure.FORCES);
            if (f != null) {
                for (int k = 0; k < f.length; k++) {
                    double err = Math.abs(r.forces()[k] - f[k]);
                    in1 += err <= u.forces()[k] ? 1 : 0;
                    in2 += err <= 2 * u.forces()[k] ? 1 : 0;
                    sigma += u.forces()[k];
                    share += u.forcesModel()[k] * u.forcesModel()[k] / (u.forces()[k] * u.forces()[k]);
                    count++;
                }
            }
            if (s.energy() != null) {
                energies++;
                eIn2 += Math.abs(r.energy() - s.energy()) <= 2 * u.energy() ? 1 : 0;
            }
        }
        out.put("noise_sigma_weighted", Math.sqrt(ff.posterior().weights().noiseVariance()));
        out.put("effective_parameters", ff.posterior().weights().effectiveParameters());
        out.put("force_components", count);
        if (count > 0) {
            out.put("force_coverage_1sigma", (double) in1 / count);
            out.put("force_coverage_2sigma", (double) in2 / count);
            out.put("mean_force_sigma_ev_per_a", sigma / count);
            out.put("model_share_of_force_variance", share / count);
        }
        if (energies > 0) {
            out.put("energy_within_2sigma", (double) eIn2 / energies);
        }
        return out;
    }
}
