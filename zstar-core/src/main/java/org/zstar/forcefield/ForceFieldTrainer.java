package org.zstar.forcefield;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.learning.TrainingPool;
import java.util.stream.IntStream;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.kernels.SparseSelection;
import org.zstar.linalg.Backends;
import org.zstar.linalg.NormalEquations;
import org.zstar.models.TrainingOptions;
import org.zstar.structure.Structure;
import org.zstar.util.Progress;
import org.zstar.util.UserInputException;

/**
 * Fits a {@link KernelForceField} to energies, forces and stresses (docs/THEORY.md, "Force field and MD",
 * (FF4)-(FF6)): reference environments per species by CUR or FPS on the unit descriptors; a first estimate
 * of the per-species reference energies by ridge least squares of the frame energies on the composition,
 * subtracted from the targets; kernel weights together with corrections to those reference energies by
 * weighted, Tikhonov-regularised least squares streamed over frames into normal equations (parallel over
 * fixed blocks of frames, merged in block order, so the result does not depend on the thread count).
 */
public final class ForceFieldTrainer {
    /** Fixed number of frame blocks with their own normal-equation accumulators. */

    private ForceFieldTrainer() {
    }

    /**
     * Trains on all frames.
     *
     * @param frames the training frames with energies and forces
     * @param descriptor the atomic descriptor
     * @param options the kernel and regularisation settings
     * @return the trained force field
     */
    public static KernelForceField train(List<Structure> frames, AtomicDescriptor descriptor,
            ForceFieldTrainingOptions options) {
        if (frames.isEmpty()) {
            throw new UserInputException("no training frames");
        }
        List<String> species = descriptor.species();
        int ns = species.size();
        int f = descriptor.components();
        int[][] idx = new int[frames.size()][];
        boolean anyEnergy = false;
        boolean anyForces = false;
        for (int k = 0; k < frames.size(); k++) {
            Structure s = frames.get(k);
            idx[k] = KernelForceField.speciesIndex(s, species);
            anyEnergy |= s.energy() != null;
            anyForces |= s.has(Structure.FORCES);
        }
        if (!anyEnergy && !anyForces) {
            throw new UserInputException("the training frames have neither energies nor forces");
        }
        try (TrainingPool pool = new TrainingPool(Math.max(1, Math.min(options.threads(), frames.size())))) {
            // 1. reference environments per species
            Map<String, Object> selectionInfo = new LinkedHashMap<>();
            double[][] refs = selectReferences(frames, idx, descriptor, options, pool, selectionInfo);
            // 2. per-species reference energies (FF4)
            double[] offsets = referenceEnergies(frames, idx, ns);
            // 3. default weights: inverse standard deviations (FF5)
            double[] stats = statistics(frames, idx, offsets);
            double wE = options.energyWeight().orElseGet(() -> inverse(stats[0]));
            double wF = options.forceWeight().orElseGet(() -> inverse(stats[1]));
            double wS = options.stressWeight().orElseGet(() -> inverse(stats[2]));
            int[] start = ForceFieldDesign.columnStarts(refs, f);
            boolean offsetColumns = anyEnergy;
            int m = start[ns] + (offsetColumns ? ns : 0);
            // 4. streamed normal equations (FF6): frames designed in parallel, summed into one accumulator in frame
            //    order (the training core's TrainingPool), so the force field is the same for any thread count
            NormalEquations total = new NormalEquations(m, Backends.get());
            try (Progress progress = Progress.start("force-field fit", frames.size())) {
                pool.forEachInOrder(frames.size(), k -> {
                    DescriptorSet u = UnitDescriptors.normalize(descriptor.compute(frames.get(k), true));
                    return ForceFieldDesign.build(frames.get(k), idx[k], u, refs, options.zeta(), offsetColumns);
                }, (d, k) -> {
                    addRows(total, frames.get(k), d, offsets, wE, wF, wS);
                    progress.step();
                });
            }
            double lambda = options.lambda() * total.meanDiagonal(); // relative Tikhonov, as for BEC models
            NormalEquations.Solution sol = total.solve(lambda);
            double[] x = sol.x();
            // (FFU1) the weight posterior from the same Cholesky factor, as for BEC models (U1)-(U2)
            KernelForceField.Posterior posterior = sol.cholesky() == null ? null : new KernelForceField.Posterior(
                    org.zstar.models.BecPosterior.fromCholeskyFactor(sol.cholesky().factor().clone(), m, lambda,
                            total.residualSumSquares(x), total.rowCount()), offsetColumns, wE, wF);
            double[][] weights = new double[ns][];
            for (int s = 0; s < ns; s++) {
                weights[s] = java.util.Arrays.copyOfRange(x, start[s], start[s + 1]);
                if (offsetColumns) {
                    offsets[s] += x[start[ns] + s]; // fitted correction to the composition estimate
                }
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("options", options.toMap());
            meta.put("training_frames", frames.size());
            meta.put("selection", selectionInfo);
            meta.put("energy_weight", wE);
            meta.put("force_weight", wF);
            meta.put("stress_weight", wS);
            meta.put("lambda_absolute", lambda);
            meta.put("solve", sol.report().toString());
            meta.put("weighted_rms_residual", Math.sqrt(Math.max(0, total.residualSumSquares(x))
                    / Math.max(1, total.rowCount())));
            return new KernelForceField(descriptor, species, options.zeta(), refs, weights, offsets, meta, posterior);
        }
    }

    /** Unit descriptors (values only) of every atom, then the references of each species from them. */
    private static double[][] selectReferences(List<Structure> frames, int[][] idx, AtomicDescriptor descriptor,
            ForceFieldTrainingOptions options, TrainingPool pool, Map<String, Object> selectionInfo) {
        List<String> species = descriptor.species();
        DescriptorSet[] values = new DescriptorSet[frames.size()];
        double[][] rawNorms = new double[frames.size()][];
        pool.call(() -> {
            IntStream.range(0, frames.size()).parallel().forEach(k -> {
                DescriptorSet raw = descriptor.compute(frames.get(k), false);
                rawNorms[k] = UnitDescriptors.norms(raw);
                values[k] = UnitDescriptors.normalize(raw);
            });
            return null;
        });
        double[][] refs = new double[species.size()][];
        for (int s = 0; s < species.size(); s++) {
            refs[s] = select(s, species.get(s), frames, idx, values, rawNorms, descriptor.components(), options,
                    selectionInfo);
        }
        return refs;
    }

    private static double inverse(double std) {
        return std > 0 && Double.isFinite(std) ? 1.0 / std : 1.0;
    }

    /** Reference environments of one species: CUR or FPS over all its atoms in the training frames. */
    private static double[] select(int s, String symbol, List<Structure> frames, int[][] idx, DescriptorSet[] values,
            double[][] rawNorms, int f, ForceFieldTrainingOptions options, Map<String, Object> info) {
        int count = 0;
        for (int[] ids : idx) {
            for (int v : ids) {
                if (v == s) {
                    count++;
                }
            }
        }
        if (count == 0) {
            return new double[0];
        }
        double[] cand = new double[count * f];
        double[] norms = new double[count];
        int c = 0;
        for (int k = 0; k < frames.size(); k++) {
            for (int i = 0; i < idx[k].length; i++) {
                if (idx[k][i] == s) {
                    System.arraycopy(values[k].values, i * f, cand, c * f, f);
                    norms[c] = rawNorms[k][i];
                    c++;
                }
            }
        }
        int m = Math.min(options.references(symbol), count);
        SparseSelection.Candidates cs = SparseSelection.Candidates.of(cand, norms, f);
        SparseSelection.DotKernel kernel = SparseSelection.polynomial(options.zeta());
        SparseSelection.Result r = options.selection() == TrainingOptions.Selection.CUR
                ? SparseSelection.cur(cs, m, kernel, SparseSelection.DEFAULT_VANISHING, Backends.get())
                : SparseSelection.farthestPoint(cs, m, kernel, SparseSelection.DEFAULT_VANISHING);
        int[] picks = r.indices();
        double[] out = new double[picks.length * f];
        for (int b = 0; b < picks.length; b++) {
            System.arraycopy(cand, picks[b] * f, out, b * f, f);
        }
        info.put(symbol, Map.of("candidates", count, "references", picks.length, "method", r.method()));
        return out;
    }

    /**
     * (FF4) e_s minimising {@code sum_frames (E - sum_s n_s e_s)^2 + eps ||e||^2} with eps = 1e-10 times the
     * mean diagonal (so that a constant composition gives the minimum-norm split E/N per atom).
     */
    static double[] referenceEnergies(List<Structure> frames, int[][] idx, int ns) {
        NormalEquations ne = new NormalEquations(ns, Backends.get());
        double[] row = new double[ns];
        int rows = 0;
        for (int k = 0; k < frames.size(); k++) {
            Double e = frames.get(k).energy();
            if (e == null) {
                continue;
            }
            java.util.Arrays.fill(row, 0.0);
            for (int v : idx[k]) {
                row[v] += 1;
            }
            ne.addBlock(row, 1, new double[] {e}, null);
            rows++;
        }
        if (rows == 0) {
            return new double[ns];
        }
        double[] g = ne.gram();
        double diag = 0;
        for (int s = 0; s < ns; s++) {
            diag += g[s * ns + s];
        }
        double lambda = 1e-10 * diag / ns;
        return ne.solve(lambda > 0 ? lambda : 1e-12).x();
    }

    /** Standard deviations of per-atom residual energies, force components and stress components. */
    static double[] statistics(List<Structure> frames, int[][] idx, double[] offsets) {
        List<Double> e = new ArrayList<>();
        double fs = 0, fs2 = 0;
        long fn = 0;
        double ss = 0, ss2 = 0;
        long sn = 0;
        for (int k = 0; k < frames.size(); k++) {
            Structure s = frames.get(k);
            if (s.energy() != null) {
                double r = s.energy();
                for (int v : idx[k]) {
                    r -= offsets[v];
                }
                e.add(r / s.size());
            }
            double[] f = s.atomArrayView(Structure.FORCES);
            if (f != null) {
                for (double v : f) {
                    fs += v;
                    fs2 += v * v;
                    fn++;
                }
            }
            double[] st = s.stress();
            if (st != null && s.isPeriodic()) {
                for (double v : st) {
                    ss += v;
                    ss2 += v * v;
                    sn++;
                }
            }
        }
        double em = 0, e2 = 0;
        for (double v : e) {
            em += v;
            e2 += v * v;
        }
        return new double[] {std(em, e2, e.size()), std(fs, fs2, fn), std(ss, ss2, sn)};
    }

    private static double std(double sum, double sum2, long n) {
        if (n < 2) {
            return Double.NaN;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sum2 / n - mean * mean));
    }

    /**
     * Rows of one frame, weight w^2 each: energy per atom {@code (sum_i K(i,B))/N = (E - sum_i e_s(i))/N},
     * forces {@code -dE/dr = F}, stress {@code (1/V) dE/d eps = sigma}.
     */
    private static void addRows(NormalEquations ne, Structure s, ForceFieldDesign d, double[] offsets, double wE,
            double wF, double wS) {
        int n = s.size();
        int m = d.columns;
        if (s.energy() != null && wE > 0) {
            double target = s.energy();
            for (int sp = 0; sp < d.counts.length; sp++) {
                target -= d.counts[sp] * offsets[sp]; // the composition estimate; its correction is a column
            }
            double[] row = d.energy.clone();
            for (int c = 0; c < m; c++) {
                row[c] /= n;
            }
            ne.addBlock(row, 1, new double[] {target / n}, new double[] {wE * wE});
        }
        double[] f = s.atomArrayView(Structure.FORCES);
        if (f != null && wF > 0) {
            double[] w = new double[3 * n];
            java.util.Arrays.fill(w, wF * wF);
            ne.addBlock(d.forces, 3 * n, f, w);
        }
        double[] st = s.stress();
        if (st != null && d.stress != null && wS > 0) {
            double[] w = new double[9];
            java.util.Arrays.fill(w, wS * wS);
            ne.addBlock(d.stress, 9, st, w);
        }
    }
}
