package org.zstar.models;

import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.JointContraction;
import org.zstar.descriptors.PairGradients;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.structure.Structure;

/**
 * Predictions of a fitted model by reverse-mode contraction (THEORY.md, "Prediction without the design"): the
 * weights are folded into per-centre upstream gradients, so neither the descriptor derivative blocks nor the
 * 9N x M design are formed, and memory is linear in the atoms. The numbers are those of
 * {@code design(s).predict(w)} (a test checks this to 1e-10 for every model form); it is what eval, MD and the IR
 * route call at every sample.
 *
 * <p>Every model form on a unit-normalised {@link ScalarDescriptor} and a {@link VectorDescriptor} is covered: charges
 * (both charge forms) and every dipole kernel, written as one form (P1),
 * {@code p_i,a = X_i[a] . (u_s0 + sum_g y_ig u_sg)}, {@code y_ig = (x_i . x_{E_g})^power}: linear kernel and
 * feature dipoles have only the constant direction u_s0, modulated feature dipoles (D4) add the modulators, the
 * polynomial kernel (D1) has no constant and one environment per reference. The directions are folded from the
 * weights once, when the model is built. Immutable and thread-safe.
 */
final class ContractedPrediction {
    private final BecModelSpec spec;
    private final ScalarDescriptor rawScalar; // inner descriptor of the unit scalar (null if unused)
    private final VectorDescriptor vector; // null without dipoles
    private final ReferenceEnvironments refs;
    private final double[] w;
    private final double[] fixedCharges;
    private final boolean charges;
    private final boolean dipoles;
    /** Per species: the constant dipole direction u_s0 (F_v), or null. */
    private final double[][] constantDirection;
    /** Per species: unit invariant descriptors of the environments E_g (G_s x F_s). */
    private final double[][] environments;
    /** Per species: the directions u_sg of the environments (G_s x F_v). */
    private final double[][] directions;
    private final int[] environmentCount;
    private final int power;

    private ContractedPrediction(BecModelSpec spec, ScalarDescriptor rawScalar, VectorDescriptor vector,
            ReferenceEnvironments refs, double[] w, double[] fixedCharges) {
        this.spec = spec;
        this.rawScalar = rawScalar;
        this.vector = vector;
        this.refs = refs;
        this.w = w;
        this.fixedCharges = fixedCharges;
        this.charges = spec.kind().hasCharges();
        this.dipoles = spec.kind().hasDipoles();
        int ns = refs.species().size();
        constantDirection = new double[ns][];
        environments = new double[ns][];
        directions = new double[ns][];
        environmentCount = new int[ns];
        power = refs.dipoleFeatures() ? spec.modulatorPower() : spec.dipoleScalarPower();
        if (dipoles) {
            for (int sp = 0; sp < ns; sp++) {
                foldDirections(sp);
            }
        }
    }

    /**
     * The contraction of a model, or null when its descriptors are not the production ones (then the design is the
     * only route).
     */
    static ContractedPrediction of(BecModelSpec spec, AtomicDescriptor scalar, AtomicDescriptor vector,
            ReferenceEnvironments refs, double[] w, double[] fixedCharges) {
        // the registry's capabilities decide; only ScalarDescriptor (rank 0) and VectorDescriptor (rank 1) claim
        // REVERSE_MODE_CONTRACTION, so the casts below hold (DescriptorRegistryTest checks it)
        ScalarDescriptor raw = null;
        if (KernelBecModel.needsScalar(spec, refs)) {
            AtomicDescriptor inner = DescriptorRegistry.unitInner(scalar);
            if (!DescriptorRegistry.has(inner, DescriptorRegistry.Capability.REVERSE_MODE_CONTRACTION)) {
                return null;
            }
            raw = (ScalarDescriptor) inner;
        }
        if (spec.kind().hasDipoles()
                && !DescriptorRegistry.has(vector, DescriptorRegistry.Capability.REVERSE_MODE_CONTRACTION)) {
            return null;
        }
        return new ContractedPrediction(spec, raw, spec.kind().hasDipoles() ? (VectorDescriptor) vector : null, refs,
                w, fixedCharges);
    }

    /**
     * (P1) the directions of species sp from the weights: feature dipoles (D3, D4) {@code u_sg = v_{s,g}} (g = 0 the
     * constant); linear kernel (D1, power 0) {@code u_s0 = sum_{B,c} w_Bc V_B[c]}; polynomial kernel (D1)
     * {@code u_sB = sum_c w_Bc V_B[c]} with environment B.
     */
    private void foldDirections(int sp) {
        int fv = vector.features();
        int c0 = refs.dipoleColumn(sp);
        if (refs.dipoleFeatures()) {
            int mg = refs.modulatorRefs(sp);
            constantDirection[sp] = java.util.Arrays.copyOfRange(w, c0, c0 + fv);
            environments[sp] = refs.modulators[sp];
            // (D5): modulator g multiplies the subset S_s of the features: its direction is u_sg scattered onto S_s
            int width = refs.modulatedWidth(sp);
            double[] dir = new double[mg * fv];
            for (int g = 0; g < mg; g++) {
                for (int k = 0; k < width; k++) {
                    dir[g * fv + refs.modulatedFeature(sp, k)] = w[c0 + fv + g * width + k];
                }
            }
            directions[sp] = dir;
            environmentCount[sp] = mg;
            return;
        }
        int mp = refs.dipoleRefs(sp);
        double[] u = new double[mp * fv];
        for (int b = 0; b < mp; b++) {
            for (int c = 0; c < 3; c++) {
                double wc = w[c0 + 3 * b + c];
                int vo = (3 * b + c) * fv;
                for (int f = 0; f < fv; f++) {
                    u[b * fv + f] += wc * refs.vector[sp][vo + f];
                }
            }
        }
        if (power == 0) {
            double[] sum = new double[fv];
            for (int b = 0; b < mp; b++) {
                for (int f = 0; f < fv; f++) {
                    sum[f] += u[b * fv + f];
                }
            }
            constantDirection[sp] = sum;
            environments[sp] = new double[0];
            directions[sp] = new double[0];
        } else {
            environments[sp] = refs.vectorScalar[sp];
            directions[sp] = u;
            environmentCount[sp] = mp;
        }
    }

    /** Whether the invariant descriptor enters the dipoles (modulators or polynomial kernel). */
    private boolean modulatedDipoles() {
        for (int c : environmentCount) {
            if (c > 0) {
                return true;
            }
        }
        return false;
    }

    BecPrediction predict(Structure s, int[] idx) {
        final int n = s.size();
        final double[] r = s.positionsView();
        final double totalCharge = s.totalCharge();
        boolean modulated = dipoles && modulatedDipoles();
        Upstream up = new Upstream(idx, modulated);
        PairGradients pg = JointContraction.contract(s, charges || modulated ? rawScalar : null, vector, up);
        double[] z = new double[9 * n];
        double[] q = new double[n];
        double[] pol = new double[3];
        if (charges) {
            // (M2) q_i = q~_i - (sum_k q~_k - Q)/N
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += pg.values[i * pg.outputs];
            }
            mean = (mean - totalCharge) / n;
            for (int i = 0; i < n; i++) {
                q[i] = pg.values[i * pg.outputs] - mean;
            }
            addRedistribution(pg, spec.chargeForm().resolve(s.isPeriodic()), r, n, z);
        } else if (fixedCharges != null) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += fixedCharges[idx[i]];
            }
            for (int i = 0; i < n; i++) {
                q[i] = fixedCharges[idx[i]] - (sum - totalCharge) / n;
            }
        }
        // (M3) q_j I and P = sum q_j r_j
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                z[9 * j + 4 * a] += q[j];
                pol[a] += q[j] * r[3 * j + a];
            }
        }
        double[] dipoleValues = null;
        double[] dip = new double[9 * n];
        if (dipoles) {
            dipoleValues = new double[3 * n];
            addDipoles(pg, up.dipoleOutput, n, dipoleValues, dip);
            for (int k = 0; k < 9 * n; k++) {
                z[k] += dip[k];
            }
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    pol[a] += dipoleValues[3 * i + a];
                }
            }
        }
        if (spec.projectAsr()) {
            projectAsr(z, n, totalCharge);
        }
        double[] mono = new double[9 * n];
        double[] redis = new double[9 * n];
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                mono[9 * j + 4 * a] = q[j];
            }
            for (int k = 0; k < 9; k++) {
                redis[9 * j + k] = z[9 * j + k] - mono[9 * j + k] - dip[9 * j + k];
            }
        }
        return new BecPrediction(q, dipoleValues, z, mono, redis, dip, pol);
    }

    /** (M5) {@code Z_j <- Z_j - (sum_k Z_k - Q I)/N}. */
    private static void projectAsr(double[] z, int n, double totalCharge) {
        for (int k = 0; k < 9; k++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += z[9 * j + k];
            }
            double shift = (sum - (k % 4 == 0 ? totalCharge : 0.0)) / n;
            for (int j = 0; j < n; j++) {
                z[9 * j + k] -= shift;
            }
        }
    }

    /**
     * The per-centre functions: output 0 the raw charge q~_i (charge models), then the three dipole components
     * (dipole models), with their gradients with respect to the raw invariant and lambda = 1 blocks.
     */
    private final class Upstream implements JointContraction.Upstream {
        final int[] idx;
        final boolean modulated;
        private final ThreadLocal<double[]> dotScratch = ThreadLocal.withInitial(() -> new double[0]);

        private double[] scratch(int len) {
            double[] d = dotScratch.get();
            if (d.length < len) {
                d = new double[len];
                dotScratch.set(d);
            }
            return d;
        }
        final int dipoleOutput;
        final int outputs;
        private final org.zstar.linalg.DenseBackend backend = org.zstar.linalg.Backends.get();

        Upstream(int[] idx, boolean modulated) {
            this.idx = idx;
            this.modulated = modulated;
            this.dipoleOutput = charges ? 1 : 0;
            this.outputs = dipoleOutput + (dipoles ? 3 : 0);
        }

        @Override
        public int outputs() {
            return outputs;
        }

        @Override
        public boolean usesScalar(int k) {
            return k < dipoleOutput || modulated;
        }

        @Override
        public boolean usesVector(int k) {
            return k >= dipoleOutput;
        }

        @Override
        public void evaluate(int centre, double[] xs, double[] xv, double[] out, double[] gs, double[] gv) {
            evaluateBlock(new int[] {centre}, 1, xs == null ? null : new double[][] {xs},
                    xv == null ? null : new double[][] {xv}, new double[][] {out},
                    gs == null ? null : new double[][] {gs}, gv == null ? null : new double[][] {gv});
        }

        /**
         * Several centres: the charge kernels go species by species (consecutive centres of one species read the
         * same reference rows while they are cached), as two GEMMs per species group; the dipoles centre by centre.
         */
        @Override
        public void evaluateBlock(int[] centres, int count, double[][] xs, double[][] xv, double[][] out,
                double[][] gs, double[][] gv) {
            double[] norms = new double[count];
            for (int j = 0; j < count; j++) {
                norms[j] = xs == null ? 0 : Math.sqrt(dot(xs[j], 0, xs[j], 0, xs[j].length));
            }
            if (charges) {
                rawCharges(centres, count, xs, norms, out, gs);
            }
            if (dipoles) {
                for (int j = 0; j < count; j++) {
                    dipole(idx[centres[j]], xs == null ? null : xs[j], norms[j], xv[j], out[j],
                            gs == null ? null : gs[j], gv[j]);
                }
            }
        }

        /**
         * (M1) raw charges q~_i = sum_B w_B (x^ . x_B)^zeta [+ offset_s] of the centres of a block (output 0), and
         * dq~_i/dX = (h - x^ (x^ . h))/|X| with h = sum_B w_B zeta (x^ . x_B)^(zeta-1) x_B (3.8), species by species.
         */
        private void rawCharges(int[] centres, int count, double[][] xs, double[] norms, double[][] out,
                double[][] gs) {
            int f = refs.scalarFeatures;
            int zeta = spec.zeta();
            int[] group = new int[count];
            boolean[] done = new boolean[count];
            for (int j0 = 0; j0 < count; j0++) {
                if (done[j0]) {
                    continue;
                }
                int sp = idx[centres[j0]];
                int mq = refs.chargeRefs(sp);
                double offset = refs.offsetColumn(sp) >= 0 ? w[refs.offsetColumn(sp)] : 0.0;
                int g = 0;
                for (int j = j0; j < count; j++) {
                    if (!done[j] && idx[centres[j]] == sp) {
                        done[j] = true;
                        java.util.Arrays.fill(gs[j], 0, f, 0.0);
                        out[j][0] = offset;
                        if (mq > 0 && norms[j] > 0) {
                            group[g++] = j;
                        }
                    }
                }
                if (g == 0) {
                    continue;
                }
                double[] ref = refs.scalar[sp];
                int c0 = refs.chargeColumn(sp);
                // the kernel dots of the group's centres and their gradient rows as two GEMMs through the
                // backend: (g x f) (f x mq) and (g x mq) (mq x f)
                double[] xg = scratch(g * (f + 2 * mq));
                int dotsAt = g * f, coefAt = dotsAt + g * mq;
                for (int a = 0; a < g; a++) {
                    System.arraycopy(xs[group[a]], 0, xg, a * f, f);
                }
                backend.gemm(false, true, g, mq, f, 1.0, xg, 0, f, ref, 0, f, 0.0, xg, dotsAt, mq);
                for (int a = 0; a < g; a++) {
                    int j = group[a];
                    double inv = 1.0 / norms[j];
                    for (int b = 0; b < mq; b++) {
                        double dot = xg[dotsAt + a * mq + b] * inv;
                        double pm1 = integerPower(dot, zeta - 1);
                        out[j][0] += w[c0 + b] * pm1 * dot;
                        xg[coefAt + a * mq + b] = w[c0 + b] * zeta * pm1;
                    }
                }
                backend.gemm(false, false, g, f, mq, 1.0, xg, coefAt, mq, ref, 0, f, 0.0, xg, 0, f);
                for (int a = 0; a < g; a++) {
                    System.arraycopy(xg, a * f, gs[group[a]], 0, f);
                }
                for (int a = 0; a < g; a++) {
                    unitPullBack(xs[group[a]], norms[group[a]], gs[group[a]], 0);
                }
            }
        }

        /**
         * (P1) p_a = X[a] . (u_0 + sum_g y_g u_g), y_g = (x^ . x_{E_g})^power; gradients: row a of output a is
         * {@code u_0 + sum_g y_g u_g}; with respect to the raw invariant block,
         * {@code h_a = sum_g (X[a] . u_g) power (x^ . x_{E_g})^(power-1) x_{E_g}} pulled back through the normalisation.
         */
        private void dipole(int sp, double[] xs, double norm, double[] xv, double[] out, double[] gs, double[] gv) {
            int fv = vector.features();
            int cv = 3 * fv;
            int mg = environmentCount[sp];
            int fs = xs == null ? 0 : xs.length;
            double[] u0 = constantDirection[sp];
            double[] env = environments[sp];
            double[] dir = directions[sp];
            // effective direction u = u_0 + sum_g y_g u_g, written into row a of output a
            int g0 = dipoleOutput * cv;
            java.util.Arrays.fill(gv, g0, g0 + 3 * cv, 0.0);
            double[] u = new double[fv];
            if (u0 != null) {
                System.arraycopy(u0, 0, u, 0, fv);
            }
            double inv = norm > 0 ? 1.0 / norm : 0.0;
            double[] dy = mg > 0 ? new double[mg] : null; // d y_g / d (x^ . x_E_g)
            for (int g = 0; g < mg; g++) {
                double dot = dot(xs, 0, env, g * fs, fs) * inv;
                double pm1 = power == 0 ? 0.0 : integerPower(dot, power - 1);
                double y = power == 0 ? 1.0 : pm1 * dot;
                dy[g] = power * pm1;
                int uo = g * fv;
                for (int f = 0; f < fv; f++) {
                    u[f] += y * dir[uo + f];
                }
            }
            for (int a = 0; a < 3; a++) {
                out[dipoleOutput + a] = dot(xv, a * fv, u, 0, fv);
                System.arraycopy(u, 0, gv, (dipoleOutput + a) * cv + a * fv, fv);
            }
            if (!modulated) {
                return;
            }
            for (int a = 0; a < 3; a++) {
                int go = (dipoleOutput + a) * fs;
                java.util.Arrays.fill(gs, go, go + fs, 0.0);
                if (!(norm > 0)) {
                    continue;
                }
                for (int g = 0; g < mg; g++) {
                    double coef = dot(xv, a * fv, dir, g * fv, fv) * dy[g];
                    int eo = g * fs;
                    for (int c = 0; c < fs; c++) {
                        gs[go + c] += coef * env[eo + c];
                    }
                }
                unitPullBack(xs, norm, gs, go);
            }
        }
    }

    /** a . b over n numbers, with four partial sums (independent chains: about 4x the speed of one). */
    static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int t = 0;
        for (; t + 3 < n; t += 4) {
            s0 += a[ao + t] * b[bo + t];
            s1 += a[ao + t + 1] * b[bo + t + 1];
            s2 += a[ao + t + 2] * b[bo + t + 2];
            s3 += a[ao + t + 3] * b[bo + t + 3];
        }
        for (; t < n; t++) {
            s0 += a[ao + t] * b[bo + t];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** x^n for n >= 0 by repeated squaring (Math.pow to a few ulp, much faster). */
    static double integerPower(double x, int n) {
        double r = 1, b = x;
        for (int e = n; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                r *= b;
            }
            b *= b;
        }
        return r;
    }

    /** (3.8) a gradient h with respect to x^ = X/|X| becomes {@code (h - x^ (x^ . h))/|X|} with respect to X. */
    private static void unitPullBack(double[] x, double norm, double[] grad, int off) {
        int f = x.length;
        double inv = 1.0 / norm;
        double xh = dot(x, 0, grad, off, f) * inv * inv;
        for (int t = 0; t < f; t++) {
            grad[off + t] = (grad[off + t] - x[t] * xh) * inv;
        }
    }

    /**
     * (M4) with g_e = dq~_i/dr_e (output 0): local form {@code Z_j -= r_e (x) g_e}; exact form
     * {@code Z_j += (r_i - rbar) (x) g_e, Z_i -= (r_i - rbar) (x) g_e}.
     */
    private static void addRedistribution(PairGradients pg, ChargeForm form, double[] r, int n, double[] z) {
        double[] centre = new double[3];
        if (form == ChargeForm.EXACT) {
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    centre[a] += r[3 * i + a] / n;
                }
            }
        }
        int k = pg.outputs;
        double[] v = new double[3];
        for (int i = 0; i < n; i++) {
            for (int e = pg.offsets[i]; e < pg.offsets[i + 1]; e++) {
                int j = pg.neighbours[e];
                for (int a = 0; a < 3; a++) {
                    v[a] = form == ChargeForm.LOCAL ? -pg.pairVectors[3 * e + a] : r[3 * i + a] - centre[a];
                }
                int go = e * k * 3;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        double term = v[a] * pg.gradients[go + b];
                        z[9 * j + 3 * a + b] += term;
                        if (form == ChargeForm.EXACT) {
                            z[9 * i + 3 * a + b] -= term;
                        }
                    }
                }
            }
        }
    }

    /** (D2) {@code Z_j += dp_i/dr_e} on the neighbour and {@code -=} on the centre; dipoles from the outputs. */
    private static void addDipoles(PairGradients pg, int first, int n, double[] dipoleValues, double[] dip) {
        int k = pg.outputs;
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                dipoleValues[3 * i + a] = pg.values[i * k + first + a];
            }
            for (int e = pg.offsets[i]; e < pg.offsets[i + 1]; e++) {
                int j = pg.neighbours[e];
                for (int a = 0; a < 3; a++) {
                    int go = (e * k + first + a) * 3;
                    for (int b = 0; b < 3; b++) {
                        double d = pg.gradients[go + b];
                        dip[9 * j + 3 * a + b] += d;
                        dip[9 * i + 3 * a + b] -= d;
                    }
                }
            }
        }
    }
}
