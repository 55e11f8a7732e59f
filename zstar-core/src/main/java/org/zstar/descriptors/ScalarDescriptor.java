package org.zstar.descriptors;

import java.util.Map;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.neighbors.NeighborList;
import org.zstar.structure.Structure;

/**
 * Invariant VASP-MLFF-style descriptor (THEORY.md, "Descriptors", 3.6-3.7): per atom
 * X = [sqrt(beta) X2 ; sqrt(1-beta) X3] with
 * <ul>
 * <li>X2[J*N2 + n] = c^{iJ}_{n00} (cutoff R2, basis N2);</li>
 * <li>X3 over pairs a = (J,n) &lt;= a' = (J',n') (a = J*N3 + n) and l = 0..Lmax, in the order
 * for a, for a' &gt;= a, for l: w_{aa'} sqrt(8 pi^2/(2l+1)) sum_m c^{iJ}_{nlm} c^{iJ'}_{n'lm}, with
 * w = 1 on the diagonal a = a' and sqrt(2) off it, so the dot product of two X3 equals that of the full
 * (J,n,J',n',l) power spectra (cutoff R3, basis N3).</li>
 * </ul>
 * Components: S*N2 + (Lmax+1) * A(A+1)/2 with A = S*N3. Not normalised: kernels use
 * {@link Descriptors#normalize}.
 */
public final class ScalarDescriptor extends ExpansionDescriptor {
    /** The type name of this descriptor in model files and the descriptor registry. */
    public static final String TYPE = "vasp-scalar";

    private final DensityExpansion two;
    private final DensityExpansion three;
    private final int s;
    private final int a; // S * N3
    private final int pairs;
    private final int[] pairA;
    private final int[] pairB;
    private final double[] pairW;
    private final int[] pairSpecA;
    private final int[] pairSpecB;
    private final int[] pairNA;
    private final int[] pairNB;
    private final double[] fl; // sqrt(8 pi^2/(2l+1))
    private final int components;
    private final double sb;
    private final double s3;

    /**
     * A scalar descriptor with these hyper-parameters.
     *
     * @param p cutoffs R2 and R3 (Angstrom), Gaussian width, basis sizes N2 and N3, Lmax, the two-body weight
     *     beta and the species whose neighbour densities are expanded
     */
    public ScalarDescriptor(DescriptorParameters p) {
        super(p);
        this.s = p.species().size();
        this.two = new DensityExpansion(p.r2(), p.n2(), 0, p.sigma(), p.gridStep(), s);
        this.three = new DensityExpansion(p.r3(), p.n3(), p.lmax(), p.sigma(), p.gridStep(), s);
        this.a = s * p.n3();
        this.pairs = a * (a + 1) / 2;
        this.pairA = new int[pairs];
        this.pairB = new int[pairs];
        this.pairW = new double[pairs];
        this.pairSpecA = new int[pairs];
        this.pairSpecB = new int[pairs];
        this.pairNA = new int[pairs];
        this.pairNB = new int[pairs];
        int k = 0;
        for (int i = 0; i < a; i++) {
            for (int j = i; j < a; j++) {
                pairA[k] = i;
                pairB[k] = j;
                pairW[k] = i == j ? 1.0 : Math.sqrt(2.0);
                pairSpecA[k] = i / p.n3();
                pairSpecB[k] = j / p.n3();
                pairNA[k] = i % p.n3();
                pairNB[k] = j % p.n3();
                k++;
            }
        }
        this.fl = new double[p.lmax() + 1];
        for (int l = 0; l <= p.lmax(); l++) {
            fl[l] = Math.sqrt(8 * Math.PI * Math.PI / (2 * l + 1));
        }
        this.components = s * p.n2() + (p.lmax() + 1) * pairs;
        this.sb = Math.sqrt(p.beta());
        this.s3 = Math.sqrt(1 - p.beta());
    }

    /**
     * The descriptor with zstar's default parameters ({@link DescriptorParameters#defaults}).
     *
     * @param species element symbols, in the order of the per-species blocks
     * @return the descriptor
     */
    public static ScalarDescriptor defaults(String... species) {
        return new ScalarDescriptor(DescriptorParameters.defaults(species));
    }

    /**
     * Rebuilds a descriptor from {@link #hyperParameters()}.
     *
     * @param map the hyper-parameters as a model file stores them (type {@value #TYPE})
     * @return the descriptor
     */
    public static ScalarDescriptor fromMap(Map<String, ?> map) {
        return new ScalarDescriptor(parametersOfType(map, TYPE));
    }

    @Override
    String typeName() {
        return TYPE;
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int components() {
        return components;
    }

    /**
     * The number of two-body components, which come first.
     *
     * @return S * N2
     */
    public int twoBodyComponents() {
        return s * params.n2();
    }

    private final class Work {
        final DensityExpansion.Work w2 = two.newWork();
        DensityExpansion.Work w3 = three.newFactoredWork(); // replaced by a shared dense work in joint mode
        // P[a'][l] = sum_m Y_lm c_{a'lm}; Q[b][a'][l] = sum_m dY_lm/dr_b c_{a'lm} for one entry
        final double[] pq = new double[4 * a * (params.lmax() + 1)];
        // G[((b * N3 + n) * A + a') * (L+1) + l] = sum_m dc[q,b][n][lm] c[a'][lm]
        final double[] g = new double[3 * params.n3() * a * (params.lmax() + 1)];
        // H[a][lm] = df/dc_{a,lm} of one centre (reverse-mode contraction), and the two-body H[(J,n)]
        final double[] hc = new double[a * three.lm];
        final double[] hc2 = new double[s * params.n2()];
        private double[] outs = new double[1];

        double[] outs(int k) {
            if (outs.length < k) {
                outs = new double[k];
            }
            return outs;
        }
    }

    @Override
    Object newWork() {
        return new Work();
    }

    /** Values of the centre whose expansions are in w, into out[base ...] (3.6-3.7). */
    private void writeValues(Work w, double[] out, int base) {
        int n2 = params.n2(), lp = params.lmax() + 1, lm = three.lm;
        double[] c2 = w.w2.c, c3 = w.w3.c;
        // X2 = sqrt(beta) c^{iJ}_{n00}
        int off2 = s * n2;
        for (int k = 0; k < off2; k++) {
            out[base + k] = sb * c2[k];
        }
        // X3 = sqrt(1-beta) w_aa' sqrt(8pi^2/(2l+1)) sum_m c_a,lm c_a',lm
        for (int p = 0; p < pairs; p++) {
            int ca = pairA[p] * lm, cb = pairB[p] * lm;
            int o = base + off2 + p * lp;
            for (int l = 0; l < lp; l++) {
                double sum = 0;
                for (int t = l * l; t < (l + 1) * (l + 1); t++) {
                    sum += c3[ca + t] * c3[cb + t];
                }
                out[o + l] = s3 * pairW[p] * fl[l] * sum;
            }
        }
    }

    /**
     * Reverse-mode contraction (THEORY.md, "Descriptors", 3.11): for every centre i, f_i = fn(X_i) and, for each
     * neighbour-image entry e, {@code d f_i/d r_e = sum_c (df_i/dX_ic) dX_ic/dr_e}, without storing the
     * derivative blocks. Through the power spectrum this costs O(N3 (Lmax+1)^2) per entry instead of
     * O(components): the gradient is first pulled back to the expansion coefficients,
     * {@code H_{a,lm} = df/dc_{a,lm}}, then contracted with d c_{a,lm}/d r_e.
     *
     * @param structure the frame
     * @param fn the function of each centre's raw descriptor, with its gradient
     * @return per centre the function value and, per neighbour entry, its gradient with respect to r_e (f per
     *     Angstrom)
     */
    public PairGradients contract(Structure structure, CentreFunction fn) {
        return contract(structure, CentreFunctions.of(fn));
    }

    /**
     * Multi-output form of {@link #contract(Structure, CentreFunction)}.
     *
     * @param structure the frame
     * @param fn several functions of each centre's raw descriptor, with their gradients
     * @return per centre the values and, per neighbour entry and output, the gradient with respect to r_e
     */
    public PairGradients contract(Structure structure, CentreFunctions fn) {
        return contractAll(structure, fn, this::contractCentre);
    }

    private void contractCentre(Object work, int i, int from, int to, NeighborList nl, int[] spec, double[] x,
            double[] g, CentreFunctions fn, double[] out, double[] gradients) {
        expandForContraction(work, from, to, nl.neighbours, nl.vectors, spec, true);
        writeValues((Work) work, x, 0);
        int outputs = fn.outputs();
        double[] o1 = ((Work) work).outs(outputs);
        fn.evaluate(i, x, 0, o1, g);
        System.arraycopy(o1, 0, out, i * outputs, outputs);
        for (int k = 0; k < outputs; k++) {
            pullBack(work, g, k * components, from, to, nl, spec, outputs, k, gradients);
        }
    }

    /** Reverse mode, step 1: the expansions of one centre with their factored entry derivatives. */
    void expandForContraction(Object work, int from, int to, int[] neighbours, double[] vectors, int[] spec,
            boolean threeBody) {
        Work w = (Work) work;
        two.expand(w.w2, from, to, neighbours, vectors, spec, true);
        if (threeBody) {
            three.expand(w.w3, from, to, neighbours, vectors, spec, true);
        }
    }

    /** Raw values of the centre expanded by {@link #expandForContraction} into x[0 .. components). */
    void contractionValues(Object work, double[] x) {
        writeValues((Work) work, x, 0);
    }

    /** The three-body expansion (for sharing its per-centre work with a descriptor of the same expansion). */
    DensityExpansion threeBodyExpansion() {
        return three;
    }

    DensityExpansion.Work threeBodyWork(Object work) {
        return ((Work) work).w3;
    }

    /**
     * Reverse mode, step 2 (3.11): adds {@code sum_c g[go + c] dX_c/d r_e} into
     * {@code gradients[(e * outputs + k) * 3 ..]} for the entries [from, to) of the centre last expanded.
     */
    void pullBack(Object work, double[] g, int go, int from, int to, NeighborList nl, int[] spec, int outputs, int k,
            double[] gradients) {
        Work w = (Work) work;
        int n2 = params.n2(), n3 = params.n3(), lm = three.lm;
        java.util.Arrays.fill(w.hc, 0.0);
        pullToCoefficients(work, g, go, w.hc2, 0, w.hc, 0);
        for (int q = 0; q < to - from; q++) {
            int e = from + q;
            int sp = spec[nl.neighbours[e]];
            int o = (e * outputs + k) * 3;
            two.addEntryGradient(w.w2, q, w.hc2, sp * n2, gradients, o);
            three.addEntryGradient(w.w3, q, w.hc, sp * n3 * lm, gradients, o);
        }
    }

    /**
     * (3.11) pulls a gradient {@code g[go ..]} with respect to the raw values back to the expansion coefficients of
     * the centre last expanded: the two-body {@code H_{(J,n)} = sqrt(beta) g_{(J,n)}} into {@code h2[h2o .. + S N2)}
     * (overwritten) and the three-body {@code H_{a,lm}} added into {@code h3[h3o .. + A (Lmax+1)^2)}.
     */
    void pullToCoefficients(Object work, double[] g, int go, double[] h2, int h2o, double[] h3, int h3o) {
        Work w = (Work) work;
        int lp = params.lmax() + 1, lm = three.lm;
        int off2 = s * params.n2();
        double[] c3 = w.w3.c;
        // two-body: X2_{J n} = sqrt(beta) c_{(J,n),00}
        for (int t = 0; t < off2; t++) {
            h2[h2o + t] = sb * g[go + t];
        }
        // H_{a,lm} = sum_{p, l} g_{p,l} s3 w_p f_l (delta(A_p = a) c_{B_p,lm} + delta(B_p = a) c_{A_p,lm})
        for (int p = 0; p < pairs; p++) {
            int ca = pairA[p] * lm, cb = pairB[p] * lm;
            int o = go + off2 + p * lp;
            for (int l = 0; l < lp; l++) {
                double coef = g[o + l] * s3 * pairW[p] * fl[l];
                if (coef == 0) {
                    continue;
                }
                for (int t = l * l; t < (l + 1) * (l + 1); t++) {
                    h3[h3o + ca + t] += coef * c3[cb + t];
                    h3[h3o + cb + t] += coef * c3[ca + t];
                }
            }
        }
    }

    /**
     * Receives, per centre, contractions of the raw descriptor's derivatives with upstream gradients that the sink
     * chooses from the centre's values ({@link #streamContractions}).
     */
    public interface ContractionSink {
        /**
         * The upstream gradients of centre i's outputs with respect to its raw descriptor.
         *
         * @param i the centre (atom index)
         * @param x the centre's raw descriptor (components), reused by the next centre
         * @return {@code G[f U + u] = d out_u / d x_f} for f &lt; components; U = {@link #outputs(int)}
         */
        double[] upstream(int i, double[] x);

        /**
         * The number of outputs U of centre i (0: the centre is skipped).
         *
         * @param i the centre (atom index)
         * @return U
         */
        int outputs(int i);

        /**
         * {@code d[(q 3 + b) U + u] = d out_u / d (r_e)_b} for the entries q = e - e0 of centre i.
         *
         * @param i the centre (atom index)
         * @param e0 the centre's first entry in the neighbour list
         * @param ne the number of entries of the centre
         * @param d the derivatives, layout above; reused by the next centre
         */
        void entries(int i, int e0, int ne, double[] d);
    }

    /**
     * Reverse mode (THEORY.md 3.11) for U outputs per centre at once: the sink's upstream gradients G are pulled
     * back to the expansion coefficients together, {@code H[(n,lm)][u]} per neighbour species (for each l and
     * channel a one small matrix product over the channels a'), and each entry's derivatives are one product of
     * its dense d c/d r_e rows with H. No derivative block of the descriptor is formed.
     *
     * @param structure the frame
     * @param nl a neighbour list of the frame with a cutoff of at least {@link #cutoff()}
     * @param from first centre
     * @param to one past the last centre
     * @param sink supplies the upstream gradients and receives the derivatives, centre by centre, in order
     */
    public void streamContractions(Structure structure, NeighborList nl, int from, int to, ContractionSink sink) {
        int[] spec = speciesOfAtoms(structure);
        DenseBackend la = Backends.get();
        Work w = (Work) newWork();
        w.w3 = three.newWork(); // dense d c/d r_e rows
        int n2 = params.n2(), n3 = params.n3(), lp = params.lmax() + 1, lm = three.lm;
        int off2 = s * n2;
        int kd3 = n3 * lm;
        int kd = kd3 + n2; // rows of H per neighbour species: three-body (n, lm), then two-body (n)
        EntryProducts entries = new EntryProducts();
        double[] x = new double[components];
        double[][] h = new double[s][0];
        double[] gl = new double[0];
        for (int i = from; i < to; i++) {
            int u = sink.outputs(i);
            if (u == 0) {
                continue;
            }
            int e0 = nl.offsets[i], ne = nl.offsets[i + 1] - e0;
            two.expand(w.w2, e0, e0 + ne, nl.neighbours, nl.vectors, spec, true);
            three.expand(w.w3, e0, e0 + ne, nl.neighbours, nl.vectors, spec, true);
            writeValues(w, x, 0);
            double[] g = sink.upstream(i, x);
            for (int sp = 0; sp < s; sp++) {
                if (h[sp].length < kd * u) {
                    h[sp] = new double[kd * u];
                }
            }
            gl = pullBackAll(w, g, u, h, kd3, gl, la);
            double[] d = entries.multiply(w.w3, kd3, w.w2, n2, e0, ne, nl, spec, s, h, u, la);
            sink.entries(i, e0, ne, d);
        }
    }

    /**
     * (3.13) the upstream gradients g (components x U) of the centre last expanded, pulled back to
     * {@code H[(n,lm)][u]} per neighbour species (three-body rows first, kd3 of them, then two-body); every position
     * is overwritten. Returns the pair scratch gl (grown when needed).
     */
    private double[] pullBackAll(Work w, double[] g, int u, double[][] h, int kd3, double[] gl, DenseBackend la) {
        int n2 = params.n2(), n3 = params.n3(), lp = params.lmax() + 1, lm = three.lm;
        int off2 = s * n2;
        // two-body: H_{(J,n)} = sqrt(beta) G_{J N2 + n}
        for (int f = 0; f < off2; f++) {
            double[] hj = h[f / n2];
            int dst = (kd3 + f % n2) * u;
            for (int c = 0; c < u; c++) {
                hj[dst + c] = sb * g[f * u + c];
            }
        }
        // three-body, per l: the symmetric pair gradients Gs[a][a'] = s3 w f_l G_{(a,a'),l} (twice on the
        // diagonal, both terms of the product rule), then H_{a,lm} = sum_a' c_{a',lm} Gs[a][a']
        if (gl.length < a * a * u) {
            gl = new double[a * a * u];
        }
        for (int l = 0; l < lp; l++) {
            for (int p = 0; p < pairs; p++) {
                int pa = pairA[p], pb = pairB[p];
                double coef = s3 * pairW[p] * fl[l] * (pa == pb ? 2.0 : 1.0);
                int src = (off2 + p * lp + l) * u;
                int d1 = (pa * a + pb) * u, d2 = (pb * a + pa) * u;
                for (int c = 0; c < u; c++) {
                    double v = coef * g[src + c];
                    gl[d1 + c] = v;
                    gl[d2 + c] = v;
                }
            }
            int w1 = 2 * l + 1;
            for (int ai = 0; ai < a; ai++) {
                la.gemm(true, false, w1, u, a, 1.0, w.w3.c, l * l, lm, gl, ai * a * u, u, 0.0, h[ai / n3],
                        ((ai % n3) * lm + l * l) * u, u);
            }
        }
        return gl;
    }

    /** Two-body expansion and its work, for the joint contraction. */
    DensityExpansion twoBodyExpansion() {
        return two;
    }

    DensityExpansion.Work twoBodyWork(Object work) {
        return ((Work) work).w2;
    }

    /** Uses a shared (dense) three-body work in this work. */
    void shareThreeBodyWork(Object work, DensityExpansion.Work w3) {
        ((Work) work).w3 = w3;
    }

    @Override
    void centre(Object work, int i, int from, int to, NeighborList nl, int[] spec, double[] values,
            double[] der) {
        Work w = (Work) work;
        boolean wd = der != null;
        two.expand(w.w2, from, to, nl.neighbours, nl.vectors, spec, wd);
        three.expand(w.w3, from, to, nl.neighbours, nl.vectors, spec, wd);
        int n2 = params.n2();
        writeValues(w, values, i * components);
        if (!wd) {
            return;
        }
        for (int q = 0; q < to - from; q++) {
            int e = from + q;
            int sp = spec[nl.neighbours[e]];
            long rowBase = 3L * e * components;
            if (w.w2.inside[q]) {
                double[] dc = w.w2.dc;
                for (int b = 0; b < 3; b++) {
                    int row = (int) (rowBase + (long) b * components) + sp * n2;
                    int src = (q * 3 + b) * n2; // lm = 1 for the two-body expansion
                    for (int n = 0; n < n2; n++) {
                        der[row + n] = sb * dc[src + n];
                    }
                }
            }
            if (!w.w3.inside[q]) {
                continue;
            }
            writeThreeBodyDerivative(w, q, sp, rowBase, der);
        }
    }

    /** Three-body rows of d x_i / d r_e (3.7) for local entry q (neighbour species sp) at der[rowBase ..]. */
    private void writeThreeBodyDerivative(Work w, int q, int sp, long rowBase, double[] der) {
        int n3 = params.n3(), lp = params.lmax() + 1, lm = three.lm;
        int off2 = s * params.n2();
        double[] c3 = w.w3.c;
        double[] g = w.g;
        // factored pair derivative (3.7): G[b,n,a',l] = h'_nl u_b P[a',l] + h_nl Q[b,a',l]
        double[] hq = w.w3.hq, dhq = w.w3.dhq, yq = w.w3.yq, gyq = w.w3.gyq, pq = w.pq;
        int yo = q * lm, ho = q * n3 * lp;
        int stride = a * lp;
        for (int ap = 0; ap < a; ap++) {
            int co = ap * lm;
            for (int l = 0; l < lp; l++) {
                double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
                int g0 = (q * 3) * lm, g1 = g0 + lm, g2 = g1 + lm;
                for (int t = l * l; t < (l + 1) * (l + 1); t++) {
                    double cv = c3[co + t];
                    p0 += yq[yo + t] * cv;
                    p1 += gyq[g0 + t] * cv;
                    p2 += gyq[g1 + t] * cv;
                    p3 += gyq[g2 + t] * cv;
                }
                int o = ap * lp + l;
                pq[o] = p0;
                pq[stride + o] = p1;
                pq[2 * stride + o] = p2;
                pq[3 * stride + o] = p3;
            }
        }
        for (int b = 0; b < 3; b++) {
            double ub = w.w3.uq[3 * q + b];
            int qo = (b + 1) * stride;
            for (int n = 0; n < n3; n++) {
                int f0 = ho + n * lp;
                int go = (b * n3 + n) * stride;
                for (int ap = 0; ap < a; ap++) {
                    int o = ap * lp;
                    for (int l = 0; l < lp; l++) {
                        g[go + o + l] = dhq[f0 + l] * ub * pq[o + l] + hq[f0 + l] * pq[qo + o + l];
                    }
                }
            }
        }
        // d p_{aa'l}/d r_e = K (delta(J_a = s) G[n_a][a'] + delta(J_a' = s) G[n_a'][a])
        for (int b = 0; b < 3; b++) {
            int row = (int) (rowBase + (long) b * components) + off2;
            for (int p = 0; p < pairs; p++) {
                int pa = pairA[p], pb = pairB[p];
                boolean ia = pairSpecA[p] == sp, ib = pairSpecB[p] == sp;
                if (!ia && !ib) {
                    continue;
                }
                int o = row + p * lp;
                double kw = s3 * pairW[p];
                int g1 = ((b * n3 + pairNA[p]) * a + pb) * lp;
                int g2 = ((b * n3 + pairNB[p]) * a + pa) * lp;
                for (int l = 0; l < lp; l++) {
                    double v = 0;
                    if (ia) {
                        v += g[g1 + l];
                    }
                    if (ib) {
                        v += g[g2 + l];
                    }
                    der[o + l] = kw * fl[l] * v;
                }
            }
        }
    }
}
