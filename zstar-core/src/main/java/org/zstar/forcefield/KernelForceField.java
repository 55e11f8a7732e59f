package org.zstar.forcefield;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.PairGradients;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.kernels.PolynomialKernel;
import org.zstar.md.ForceField;
import org.zstar.md.ForceResult;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Kernel force field (docs/THEORY.md, "Force field and MD"):
 * (FF1) {@code E = sum_i [ sum_B w_B K(i,B) + e_s(i) ]} with {@code K(i,B) = (x_i . x_B)^zeta} on unit invariant
 * descriptors and per-species reference energies e_s; (FF2) forces {@code F = -dE/dr} accumulated per neighbour
 * image; (FF3) {@code dE/d epsilon = sum_e g_e (x) r_e} and stress {@code sigma = (1/V) dE/d epsilon}.
 * Immutable and thread-safe; evaluation is parallel over fixed atom chunks whose partial sums are added in a
 * fixed order, so results do not depend on the number of threads.
 */
public final class KernelForceField implements ForceField {
    private static final int CHUNKS = 32;

    private final AtomicDescriptor descriptor; // raw invariant descriptor, normalised here
    private final List<String> species;
    private final int zeta;
    private final double[][] refs; // per species: unit reference descriptors, row-major m_s x F
    private final double[][] weights; // per species: m_s weights
    private final double[] offsets; // per species reference energies (eV)
    private final Map<String, Object> metadata;
    private final Posterior posterior; // null: no uncertainty (files written before it existed)

    /**
     * The weight posterior of the fit (docs/THEORY.md (FFU1)-(FFU3)): covariance {@code s^2 H^-1} of the columns of
     * the training design (kernel weights, then one reference-energy column per species when energies were fitted),
     * and the row weights the noise is relative to.
     *
     * @param weights         the posterior of the weighted fit: s^2 is the variance of a WEIGHTED residual
     * @param offsetColumns   whether the design had the reference-energy columns
     * @param energyWeight    weight of the per-atom energy rows (1/eV)
     * @param forceWeight     weight of the force rows (A/eV)
     */
    public record Posterior(org.zstar.models.BecPosterior weights, boolean offsetColumns, double energyWeight,
            double forceWeight) {
    }

    /**
     * A force field without a weight posterior.
     *
     * @param descriptor the atomic descriptor
     * @param species the species, in block order
     * @param zeta the power of the kernel (x_i.x_B)^zeta
     * @param refs per species, the unit reference descriptors (m_s x F, row-major)
     * @param weights per species, the weights of the references (eV)
     * @param offsets per species, the constant atomic energy (eV)
     * @param metadata provenance and training settings
     */
    public KernelForceField(AtomicDescriptor descriptor, List<String> species, int zeta, double[][] refs,
            double[][] weights, double[] offsets, Map<String, Object> metadata) {
        this(descriptor, species, zeta, refs, weights, offsets, metadata, null);
    }

    /**
     * A force field.
     *
     * @param descriptor the atomic descriptor
     * @param species the species, in block order
     * @param zeta the power of the kernel (x_i.x_B)^zeta
     * @param refs per species, the unit reference descriptors (m_s x F, row-major)
     * @param weights per species, the weights of the references (eV)
     * @param offsets per species, the constant atomic energy (eV)
     * @param metadata provenance and training settings
     * @param posterior the weight posterior, or null for no uncertainty
     */
    public KernelForceField(AtomicDescriptor descriptor, List<String> species, int zeta, double[][] refs,
            double[][] weights, double[] offsets, Map<String, Object> metadata, Posterior posterior) {
        if (zeta < 1) {
            throw new IllegalArgumentException("kernel exponent zeta must be >= 1, got " + zeta);
        }
        int ns = species.size();
        if (refs.length != ns || weights.length != ns || offsets.length != ns) {
            throw new IllegalArgumentException("references, weights and offsets need one entry per species");
        }
        int f = descriptor.components();
        for (int s = 0; s < ns; s++) {
            if (refs[s].length != weights[s].length * f) {
                throw new IllegalArgumentException("species " + species.get(s) + ": " + weights[s].length
                        + " weights for " + refs[s].length / Math.max(f, 1) + " references");
            }
        }
        this.descriptor = descriptor;
        this.species = List.copyOf(species);
        this.zeta = zeta;
        this.refs = new double[ns][];
        this.weights = new double[ns][];
        for (int s = 0; s < ns; s++) {
            this.refs[s] = refs[s].clone();
            this.weights[s] = weights[s].clone();
        }
        this.offsets = offsets.clone();
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        if (posterior != null) {
            int m = ForceFieldDesign.columnStarts(refs, f)[ns] + (posterior.offsetColumns() ? ns : 0);
            if (posterior.weights().columns() != m) {
                throw new IllegalArgumentException("posterior of " + posterior.weights().columns()
                        + " columns for a force field of " + m);
            }
        }
        this.posterior = posterior;
    }

    /**
     * The weight posterior, or null when the force field has no uncertainty.
     *
     * @return the posterior, or null
     */
    public Posterior posterior() {
        return posterior;
    }

    /**
     * The same force field with a weight posterior (or none).
     *
     * @param p the posterior, or null for none
     * @return the new force field
     */
    public KernelForceField withPosterior(Posterior p) {
        return new KernelForceField(descriptor, species, zeta, refs, weights, offsets, metadata, p);
    }

    /**
     * Standard deviations of the predicted energy and forces of a frame (docs/THEORY.md (FFU2)-(FFU3)).
     *
     * @param energyModel     model std of the total energy (eV): {@code s N sqrt(h_E)}, h_E of the per-atom row
     * @param energy          predictive std of the total energy against a new label: {@code s N sqrt(1/wE^2 + h_E)}
     * @param forcesModel     model std of every force component (eV/A), 3N
     * @param forces          predictive std of every force component, {@code s sqrt(1/wF^2 + h_F)}, 3N
     */
    public record Uncertainty(double energyModel, double energy, double[] forcesModel, double[] forces) {
        /**
         * RMS over components of the model std of the forces (eV/A): the extrapolation indicator of a frame.
         *
         * @return the RMS model std of the force components (eV/A)
         */
        public double rmsForceModel() {
            double s = 0;
            for (double v : forcesModel) {
                s += v * v;
            }
            return Math.sqrt(s / Math.max(1, forcesModel.length));
        }
    }

    /**
     * Energy and force uncertainty of a frame through its design (refused without a posterior).
     *
     * @param s the frame
     * @return the energy std (eV) and force std per component (eV/A)
     */
    public Uncertainty uncertainty(Structure s) {
        if (posterior == null) {
            throw new org.zstar.util.UserInputException("the force field has no uncertainty (trained before the "
                    + "posterior was stored, or solved by the eigen fallback): retrain it");
        }
        ForceFieldDesign d = ForceFieldDesign.build(s, speciesIndex(s, species), unitDescriptors(s, true), refs, zeta,
                posterior.offsetColumns());
        org.zstar.models.BecPosterior p = posterior.weights();
        int n = s.size();
        double[] row = d.energy.clone();
        for (int c = 0; c < row.length; c++) {
            row[c] /= n; // (FFU2) the per-atom energy row of the fit
        }
        org.zstar.linalg.DenseBackend be = org.zstar.linalg.Backends.get();
        double hE = p.leverages(row, 1, be)[0];
        double[] hF = p.leverages(d.forces, 3 * n, be);
        double s2 = p.noiseVariance();
        double wE = posterior.energyWeight();
        double wF = posterior.forceWeight();
        double[] fm = new double[3 * n];
        double[] fp = new double[3 * n];
        for (int k = 0; k < 3 * n; k++) {
            fm[k] = Math.sqrt(p.modelVariance(hF[k]));
            fp[k] = Math.sqrt(s2 / (wF * wF) + p.modelVariance(hF[k])); // (FFU3)
        }
        return new Uncertainty(n * Math.sqrt(p.modelVariance(hE)), n * Math.sqrt(s2 / (wE * wE) + p.modelVariance(hE)),
                fm, fp);
    }

    @Override
    public List<String> species() {
        return species;
    }

    /** {@return the atomic descriptor} */
    public AtomicDescriptor descriptor() {
        return descriptor;
    }

    /** {@return the power of the kernel} */
    public int zeta() {
        return zeta;
    }

    /**
     * Unit reference descriptors of species s (copy, m_s x F row-major).
     *
     * @param s the species index
     * @return the references
     */
    public double[] references(int s) {
        return refs[s].clone();
    }

    /**
     * {@return a copy of the weights of species s (eV)}
     *
     * @param s the species index
     */
    public double[] weights(int s) {
        return weights[s].clone();
    }

    /** {@return a copy of the per-species energy offsets (eV)} */
    public double[] offsets() {
        return offsets.clone();
    }

    /** {@return provenance and training settings} */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Species index of every atom; an unknown species is a user error naming it. */
    static int[] speciesIndex(Structure s, List<String> species) {
        int[] idx = new int[s.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = species.indexOf(s.symbol(i));
            if (idx[i] < 0) {
                throw new UserInputException("species " + s.symbol(i) + " (atom " + i
                        + ") is unknown to the force field, which knows " + species);
            }
        }
        return idx;
    }

    /** Unit descriptors of a frame, with derivatives when asked. */
    DescriptorSet unitDescriptors(Structure s, boolean withDerivatives) {
        return UnitDescriptors.normalize(descriptor.compute(s, withDerivatives));
    }

    /**
     * Per-atom energies {@code E_i = sum_B w_B K(i,B) + e_s(i)} (eV), without derivatives.
     *
     * @param s the frame
     * @return the energy of each atom (eV)
     */
    public double[] atomicEnergies(Structure s) {
        int[] idx = speciesIndex(s, species);
        DescriptorSet u = unitDescriptors(s, false);
        double[] out = new double[s.size()];
        for (int i = 0; i < out.length; i++) {
            int sp = idx[i];
            int m = weights[sp].length;
            double[] kz = new double[m];
            PolynomialKernel.values(u, i, refs[sp], m, zeta, null, kz);
            double e = offsets[sp];
            for (int b = 0; b < m; b++) {
                e += weights[sp][b] * kz[b];
            }
            out[i] = e;
        }
        return out;
    }

    @Override
    public ForceResult compute(Structure s) {
        if (descriptor instanceof ScalarDescriptor scalar) {
            return computeContracted(s, scalar);
        }
        return computeFromDerivatives(s);
    }

    /**
     * Energy, forces and virial by reverse mode (THEORY.md, "Force field and MD", FF2r): each centre's
     * dE_i/dX_i is contracted inside the descriptor, so only three numbers per neighbour image are stored.
     */
    ForceResult computeContracted(Structure s, ScalarDescriptor scalar) {
        final int n = s.size();
        final int[] idx = speciesIndex(s, species);
        final int f = descriptor.components();
        // pass 1: values; (FF0, FF1) for all atoms of a species at once with two GEMMs
        double[] raw = descriptor.compute(s, false).values;
        double[] atomEnergy = new double[n];
        double[] upstream = new double[n * f];
        for (int sp = 0; sp < species.size(); sp++) {
            energyGradients(sp, idx, raw, f, atomEnergy, upstream);
        }
        // pass 2: g_e = D_e^T dE_i/dX_i by reverse mode (3.11)
        PairGradients pg = scalar.contract(s, (i, x, off, grad) -> {
            System.arraycopy(upstream, i * f, grad, 0, f);
            return atomEnergy[i];
        });
        double e = 0;
        for (int i = 0; i < n; i++) {
            e += atomEnergy[i];
        }
        double[] forces = new double[3 * n];
        double[] virial = new double[9];
        for (int i = 0; i < n; i++) {
            for (int ent = pg.offsets[i]; ent < pg.offsets[i + 1]; ent++) {
                int j = pg.neighbours[ent];
                for (int bb = 0; bb < 3; bb++) {
                    double g = pg.gradients[3 * ent + bb];
                    // (FF2) r_e = r_j + T - r_i: F_j -= g_e, F_i += g_e
                    forces[3 * j + bb] -= g;
                    forces[3 * i + bb] += g;
                    // (FF3) dE/d eps_ab += g_a (r_e)_b
                    for (int k = 0; k < 3; k++) {
                        virial[3 * bb + k] += g * pg.pairVectors[3 * ent + k];
                    }
                }
            }
        }
        return result(s, e, forces, virial);
    }

    /**
     * For the atoms of species sp: E_i = sum_B w_B (x_i.x_B)^zeta + e_s (FF1) and dE_i/dX_i (FF0) from the raw
     * descriptors, as two matrix products: dots = U R^T and H = C R with C_iB = w_B zeta dots^(zeta-1).
     */
    private void energyGradients(int sp, int[] idx, double[] raw, int f, double[] atomEnergy, double[] upstream) {
        int n = idx.length;
        int[] atoms = java.util.stream.IntStream.range(0, n).filter(i -> idx[i] == sp).toArray();
        int ns = atoms.length;
        if (ns == 0) {
            return;
        }
        double[] w = weights[sp];
        int m = w.length;
        double[] unit = new double[ns * f];
        double[] norms = new double[ns];
        for (int a = 0; a < ns; a++) {
            int o = atoms[a] * f;
            double sq = 0;
            for (int t = 0; t < f; t++) {
                sq += raw[o + t] * raw[o + t];
            }
            norms[a] = Math.sqrt(sq);
            if (norms[a] > 0) {
                for (int t = 0; t < f; t++) {
                    unit[a * f + t] = raw[o + t] / norms[a];
                }
            }
        }
        double[] dots = new double[ns * m];
        org.zstar.kernels.Gemm.multiplyTransposed(unit, 0, ns, f, refs[sp], m, dots);
        double[] coef = new double[ns * m];
        for (int a = 0; a < ns; a++) {
            double e = offsets[sp];
            if (norms[a] > 0) { // an atom without neighbours has a constant energy and no gradient
                for (int b = 0; b < m; b++) {
                    double d = dots[a * m + b];
                    double pm1 = Math.pow(d, zeta - 1);
                    e += w[b] * pm1 * d;
                    coef[a * m + b] = w[b] * zeta * pm1;
                }
            }
            atomEnergy[atoms[a]] = e;
        }
        double[] h = new double[ns * f];
        org.zstar.kernels.Gemm.multiply(coef, ns, m, refs[sp], f, h);
        for (int a = 0; a < ns; a++) {
            if (!(norms[a] > 0)) {
                continue;
            }
            int o = a * f;
            double xh = 0;
            for (int t = 0; t < f; t++) {
                xh += unit[o + t] * h[o + t];
            }
            int out = atoms[a] * f;
            for (int t = 0; t < f; t++) {
                upstream[out + t] = (h[o + t] - unit[o + t] * xh) / norms[a];
            }
        }
    }

    private static ForceResult result(Structure s, double e, double[] forces, double[] virial) {
        if (!s.isPeriodic()) {
            return new ForceResult(e, forces, null, null);
        }
        double vol = s.cell().volume();
        double[] stress = new double[9];
        for (int k = 0; k < 9; k++) {
            stress[k] = virial[k] / vol;
        }
        return new ForceResult(e, forces, virial, stress);
    }

    /** The same quantities from the stored derivative blocks (any descriptor). */
    ForceResult computeFromDerivatives(Structure s) {
        final int n = s.size();
        final int[] idx = speciesIndex(s, species);
        // Raw descriptor derivatives are contracted directly: with x = X/|X| and h = dE_i/dx,
        // dE_i/dX = (h - x (x . h)) / |X| (FF0), so the normalised derivative array is never formed.
        final DescriptorSet raw = descriptor.compute(s, true);
        final int f = raw.components;
        final double[] norms = UnitDescriptors.norms(raw);
        final double[] unitValues = unitValues(raw, norms);
        final DescriptorSet u = new DescriptorSet(n, f, 0, unitValues, null, null, null, null);
        final int chunks = Math.max(1, Math.min(CHUNKS, n));
        final double[] energy = new double[chunks];
        final double[][] force = new double[chunks][];
        final double[][] vir = new double[chunks][];
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int lo = (int) ((long) n * c / chunks);
            int hi = (int) ((long) n * (c + 1) / chunks);
            double[] fc = new double[3 * n];
            double[] wc = new double[9];
            double[] h = new double[f];
            double[] dots = new double[0];
            double[] kz = new double[0];
            double e = 0;
            for (int i = lo; i < hi; i++) {
                int sp = idx[i];
                int m = weights[sp].length;
                if (dots.length < m) {
                    dots = new double[m];
                    kz = new double[m];
                }
                double[] w = weights[sp];
                double[] r = refs[sp];
                // (FF1) E_i = sum_B w_B (x_i . x_B)^zeta + e_s
                PolynomialKernel.values(u, i, r, m, zeta, dots, kz);
                e += offsets[sp];
                java.util.Arrays.fill(h, 0.0);
                for (int b = 0; b < m; b++) {
                    e += w[b] * kz[b];
                    // h = dE_i/dx_i = sum_B w_B zeta (x_i . x_B)^(zeta-1) x_B
                    double coef = w[b] * zeta * Math.pow(dots[b], zeta - 1);
                    int ro = b * f;
                    for (int t = 0; t < f; t++) {
                        h[t] += coef * r[ro + t];
                    }
                }
                if (!(norms[i] > 0)) {
                    continue; // no neighbours: no gradient
                }
                // (FF0) h <- (h - x (x . h)) / |X|, the gradient with respect to the raw descriptor
                double xh = 0;
                for (int t = 0; t < f; t++) {
                    xh += unitValues[i * f + t] * h[t];
                }
                for (int t = 0; t < f; t++) {
                    h[t] = (h[t] - unitValues[i * f + t] * xh) / norms[i];
                }
                scatterGradient(raw, i, h, fc, wc);
            }
            energy[c] = e;
            force[c] = fc;
            vir[c] = wc;
        });
        double e = 0;
        double[] forces = new double[3 * n];
        double[] virial = new double[9];
        for (int c = 0; c < chunks; c++) {
            e += energy[c];
            for (int k = 0; k < 3 * n; k++) {
                forces[k] += force[c][k];
            }
            for (int k = 0; k < 9; k++) {
                virial[k] += vir[c][k];
            }
        }
        return result(s, e, forces, virial);
    }

    /** x_i = X_i/|X_i| of every atom (zero where the raw descriptor vanishes). */
    private static double[] unitValues(DescriptorSet raw, double[] norms) {
        int f = raw.components;
        double[] unitValues = new double[raw.values.length];
        for (int i = 0; i < raw.atoms; i++) {
            if (norms[i] > 0) {
                for (int t = 0; t < f; t++) {
                    unitValues[i * f + t] = raw.values[i * f + t] / norms[i];
                }
            }
        }
        return unitValues;
    }

    /**
     * Forces and virial of centre i from h = dE_i/dX_i through its stored derivative blocks: (FF2) and (FF3) into
     * {@code fc} and {@code wc}.
     */
    private static void scatterGradient(DescriptorSet raw, int i, double[] h, double[] fc, double[] wc) {
        int f = raw.components;
        for (int ent = raw.offsets[i]; ent < raw.offsets[i + 1]; ent++) {
            int j = raw.neighbours[ent];
            for (int bb = 0; bb < 3; bb++) {
                // g_e,b = dE_i/d(r_e)_b = h . dX_i/d(r_e)_b
                int row = (3 * ent + bb) * f;
                double g = 0;
                for (int t = 0; t < f; t++) {
                    g += h[t] * raw.derivatives[row + t];
                }
                // (FF2) r_e = r_j + T - r_i: F_j -= g_e, F_i += g_e
                fc[3 * j + bb] -= g;
                fc[3 * i + bb] += g;
                // (FF3) dE/d eps_ab += g_a (r_e)_b
                for (int k = 0; k < 3; k++) {
                    wc[3 * bb + k] += g * raw.pairVectors[3 * ent + k];
                }
            }
        }
    }

    /** The linear map from kernel weights to predictions of one frame (for training and tests). */
    ForceFieldDesign design(Structure s) {
        return ForceFieldDesign.build(s, speciesIndex(s, species), unitDescriptors(s, true), refs, zeta);
    }
}
