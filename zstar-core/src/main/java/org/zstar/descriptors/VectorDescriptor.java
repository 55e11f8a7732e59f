package org.zstar.descriptors;

import java.util.Map;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.neighbors.NeighborList;
import org.zstar.structure.Structure;

/**
 * Equivariant lambda = 1 descriptor (THEORY.md, "Descriptors", 3.9): per atom a 3 x F block, rows the
 * Cartesian x, y, z (real-harmonic m = 1, -1, 0), stored row-major values[i*3F + a*F + f]. Features:
 * <ul>
 * <li>f = J*N2 + n (f &lt; S*N2): sqrt(beta) c^{iJ}_{n1m} (cutoff R2, basis N2);</li>
 * <li>f = S*N2 + (l*A + a)*A + a' for l = 0..Lmax-1, a = J*N3+n, a' = J'*N3+n' (all ordered pairs):
 * sqrt(1-beta) sqrt(2) sqrt(8 pi^2/3) sum_{m m'} C^l_{mu m m'} c^{iJ}_{nlm} c^{iJ'}_{n',l+1,m'} (cutoff R3,
 * basis N3), C the real coupling of {@link RealClebschGordan}. Couplings (l+1, l) equal couplings
 * (l, l+1) with a and a' exchanged, so only l' = l + 1 is kept and sqrt(2) restores the weight of both
 * orders in a linear kernel.</li>
 * </ul>
 * F = S*N2 + Lmax*A^2, A = S*N3. The block rotates as a polar vector: X(R r) = R X(r), X(-r) = -X(r).
 */
public final class VectorDescriptor extends ExpansionDescriptor {
    /** The type name of this descriptor in model files and the descriptor registry. */
    public static final String TYPE = "vasp-vector";
    /** Compound index l(l+1)+m of the real harmonic for Cartesian rows x, y, z (m = 1, -1, 0). */
    private static final int[] CART_LM = {3, 1, 2};
    /** Cartesian row of coupling index mu = 0, 1, 2 (m = -1, 0, 1 = y, z, x). */
    private static final int[] CART_OF_MU = {1, 2, 0};

    private final DensityExpansion two;
    private final DensityExpansion three;
    private final int s;
    private final int a;
    private final int lmax;
    private final int features;
    private final int off3;
    private final double[][] cg;
    private final double sb;
    private final double k3;
    private final int mw;

    /**
     * A lambda = 1 descriptor with these hyper-parameters.
     *
     * @param p cutoffs R2 and R3 (Angstrom), Gaussian width, basis sizes N2 and N3, Lmax, the two-body weight
     *     beta and the species whose neighbour densities are expanded
     */
    public VectorDescriptor(DescriptorParameters p) {
        super(p);
        this.s = p.species().size();
        this.two = new DensityExpansion(p.r2(), p.n2(), 1, p.sigma(), p.gridStep(), s);
        this.three = new DensityExpansion(p.r3(), p.n3(), p.lmax(), p.sigma(), p.gridStep(), s);
        this.a = s * p.n3();
        this.lmax = p.lmax();
        this.off3 = s * p.n2();
        this.features = off3 + lmax * a * a;
        this.cg = RealClebschGordan.lambdaOne(lmax);
        this.sb = Math.sqrt(p.beta());
        this.k3 = Math.sqrt(1 - p.beta()) * Math.sqrt(2.0) * Math.sqrt(8 * Math.PI * Math.PI / 3);
        this.mw = 2 * lmax + 1;
    }

    /**
     * The descriptor with zstar's default parameters ({@link DescriptorParameters#defaults}).
     *
     * @param species element symbols, in the order of the per-species blocks
     * @return the descriptor
     */
    public static VectorDescriptor defaults(String... species) {
        return new VectorDescriptor(DescriptorParameters.defaults(species));
    }

    /**
     * Rebuilds a descriptor from {@link #hyperParameters()}.
     *
     * @param map the hyper-parameters as a model file stores them (type {@value #TYPE})
     * @return the descriptor
     */
    public static VectorDescriptor fromMap(Map<String, ?> map) {
        return new VectorDescriptor(parametersOfType(map, TYPE));
    }

    @Override
    String typeName() {
        return TYPE;
    }

    @Override
    public int rank() {
        return 1;
    }

    @Override
    public int components() {
        return 3 * features;
    }

    /**
     * The number of features per Cartesian row.
     *
     * @return F = S N2 + Lmax A^2
     */
    public int features() {
        return features;
    }

    /**
     * The number of two-body features per row, which come first.
     *
     * @return S * N2
     */
    public int twoBodyFeatures() {
        return off3;
    }

    private final class Work {
        final DensityExpansion.Work w2 = two.newWork();
        DensityExpansion.Work w3 = three.newFactoredWork(); // may be shared with a scalar descriptor (joint mode)
        // contractions of W and V with Y and grad Y of one entry: [mu][a][l] and [b][mu][a][l]
        final double[] pw = new double[3 * a * Math.max(lmax, 1)];
        final double[] pv = new double[3 * a * Math.max(lmax, 1)];
        final double[] qw = new double[9 * a * Math.max(lmax, 1)];
        final double[] qv = new double[9 * a * Math.max(lmax, 1)];
        final double[] wv = new double[3 * a * Math.max(lmax, 1) * mw];
        final double[] vv = new double[3 * a * Math.max(lmax, 1) * mw];
        // W, V transposed per l to [m][mu][a] (wt, vt) for the factored derivative (factorEntry)
        double[] wt = new double[3 * a * Math.max(lmax, 1) * Math.max(lmax, 1) * 2];
        double[] vt = new double[3 * a * Math.max(lmax, 1) * (Math.max(lmax, 1) * 2 + 2)];
        // radial factors k3 h'_nl u_b and k3 h_nl of one entry and direction, [l][n] for l then for l + 1
        final double[] radialSlope = new double[2 * params.n3() * Math.max(lmax, 1)];
        final double[] radialValue = new double[2 * params.n3() * Math.max(lmax, 1)];
        // reverse mode: H[a][lm] of the three-body expansion and H[(J,n)][lm <= 1] of the two-body one
        final double[] hc = new double[a * three.lm];
        final double[] hc2 = new double[s * params.n2() * 4];
        /** Coefficient derivatives summed over a centre's entries, [b][alpha][lm] ({@link #centreSums}). */
        final double[] centreDc = new double[3 * a * three.lm];
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

    /** Values of the centre whose expansions are in w into out[base ...], and the couplings W, V in w (3.9). */
    private void writeValues(Work w, double[] values, int base) {
        int lm = three.lm;
        double[] c2 = w.w2.c, c3 = w.w3.c;
        for (int row = 0; row < 3; row++) {
            for (int k = 0; k < off3; k++) {
                values[base + row * features + k] = sb * c2[k * 4 + CART_LM[row]];
            }
        }
        // W[mu,a',l][m] = sum_m' C^l_{mu m m'} c_{a',l+1,m'} ; V[mu,a,l][m'] = sum_m C^l_{mu m m'} c_{a,l,m}
        double[] wv = w.wv, vv = w.vv;
        for (int mu = 0; mu < 3; mu++) {
            for (int ap = 0; ap < a; ap++) {
                for (int l = 0; l < lmax; l++) {
                    int w1 = 2 * l + 1, w2 = 2 * l + 3;
                    double[] c = cg[l];
                    int o = ((mu * a + ap) * lmax + l) * mw;
                    int cl = ap * lm + l * l, cl1 = ap * lm + (l + 1) * (l + 1);
                    for (int m = 0; m < w1; m++) {
                        double sum = 0;
                        int co = (mu * w1 + m) * w2;
                        for (int mp = 0; mp < w2; mp++) {
                            sum += c[co + mp] * c3[cl1 + mp];
                        }
                        wv[o + m] = sum;
                    }
                    for (int mp = 0; mp < w2; mp++) {
                        double sum = 0;
                        for (int m = 0; m < w1; m++) {
                            sum += c[(mu * w1 + m) * w2 + mp] * c3[cl + m];
                        }
                        vv[o + mp] = sum;
                    }
                }
            }
        }
        for (int mu = 0; mu < 3; mu++) {
            int rowBase = base + CART_OF_MU[mu] * features + off3;
            for (int l = 0; l < lmax; l++) {
                int w1 = 2 * l + 1;
                for (int ai = 0; ai < a; ai++) {
                    int cl = ai * lm + l * l;
                    int fo = rowBase + (l * a + ai) * a;
                    for (int ap = 0; ap < a; ap++) {
                        int o = ((mu * a + ap) * lmax + l) * mw;
                        double sum = 0;
                        for (int m = 0; m < w1; m++) {
                            sum += c3[cl + m] * wv[o + m];
                        }
                        values[fo + ap] = k3 * sum;
                    }
                }
            }
        }
    }

    /**
     * Reverse-mode contraction (THEORY.md 3.11, lambda = 1 form) for functions of the whole 3 x F block of a centre,
     * e.g. the three components of a dipole linear in the features: per output, the gradient is pulled back to the
     * expansion coefficients, {@code H_{a,lm} += k3 G^mu_{l a a'} W^mu_{a'lm}} and
     * {@code H_{a',l+1,m'} += k3 G^mu_{l a a'} V^mu_{a l m'}} (two-body: {@code H_{(J,n),1m} = sqrt(beta) G_row}), then
     * contracted per entry with d c_{a,lm}/d r_e.
     *
     * @param structure the frame
     * @param fn functions of each centre's raw 3 x F block, with their gradients
     * @return per centre the values and, per neighbour entry and output, the gradient with respect to r_e
     */
    public PairGradients contract(Structure structure, CentreFunctions fn) {
        return contractAll(structure, fn, this::contractCentre);
    }

    private void contractCentre(Object work, int i, int from, int to, NeighborList nl, int[] spec, double[] x,
            double[] g, CentreFunctions fn, double[] out, double[] gradients) {
        expandForContraction(work, from, to, nl.neighbours, nl.vectors, spec, true);
        contractionValues(work, x);
        int outputs = fn.outputs();
        double[] o1 = ((Work) work).outs(outputs);
        fn.evaluate(i, x, 0, o1, g);
        System.arraycopy(o1, 0, out, i * outputs, outputs);
        for (int k = 0; k < outputs; k++) {
            pullBack(work, g, k * 3 * features, from, to, nl, spec, outputs, k, gradients);
        }
    }

    /** Reverse mode, step 1: the expansions of one centre (the three-body one unless it is shared). */
    void expandForContraction(Object work, int from, int to, int[] neighbours, double[] vectors, int[] spec,
            boolean threeBody) {
        Work w = (Work) work;
        two.expand(w.w2, from, to, neighbours, vectors, spec, true);
        if (threeBody) {
            three.expand(w.w3, from, to, neighbours, vectors, spec, true);
        }
    }

    /** Raw values (and the couplings W, V of the pull-back) of the centre last expanded, into x[0 .. 3F). */
    void contractionValues(Object work, double[] x) {
        writeValues((Work) work, x, 0);
    }

    DensityExpansion threeBodyExpansion() {
        return three;
    }

    /** Uses another descriptor's three-body work (the same expansion, expanded by it) in this work. */
    void shareThreeBodyWork(Object work, DensityExpansion.Work w3) {
        ((Work) work).w3 = w3;
    }

    /**
     * Reverse mode, step 2 (3.11, lambda = 1 form): adds {@code sum_c g[go + c] dX_c/d r_e} into
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
            two.addEntryGradient(w.w2, q, w.hc2, sp * n2 * 4, gradients, o);
            if (lmax > 0) {
                three.addEntryGradient(w.w3, q, w.hc, sp * n3 * lm, gradients, o);
            }
        }
    }

    /**
     * (3.11, lambda = 1 form) pulls a gradient {@code g[go ..]} with respect to the raw 3 x F block back to the
     * expansion coefficients of the centre last expanded: {@code H_{a,lm} += k3 G^mu_{l a a'} W^mu_{a'lm}} and
     * {@code H_{a',l+1,m'} += k3 G^mu_{l a a'} V^mu_{a l m'}} added into {@code h3[h3o ..]}, and the two-body
     * {@code H_{(J,n),1m} = sqrt(beta) G_row} into {@code h2[h2o .. + 4 S N2)} (overwritten). Rows of g that are zero
     * (a dipole component depends on one row only) cost one test per row.
     */
    void pullToCoefficients(Object work, double[] g, int go, double[] h2, int h2o, double[] h3, int h3o) {
        Work w = (Work) work;
        int lm = three.lm;
        double[] wv = w.wv, vv = w.vv;
        java.util.Arrays.fill(h2, h2o, h2o + 4 * off3, 0.0);
        for (int row = 0; row < 3; row++) {
            for (int f = 0; f < off3; f++) {
                h2[h2o + f * 4 + CART_LM[row]] += sb * g[go + row * features + f];
            }
        }
        for (int mu = 0; mu < 3; mu++) {
            int rowBase = go + CART_OF_MU[mu] * features + off3;
            if (isZero(g, rowBase, features - off3)) {
                continue;
            }
            for (int l = 0; l < lmax; l++) {
                int w1 = 2 * l + 1, w2 = 2 * l + 3;
                for (int ai = 0; ai < a; ai++) {
                    int fo = rowBase + (l * a + ai) * a;
                    int hl = h3o + ai * lm + l * l;
                    int vo = ((mu * a + ai) * lmax + l) * mw;
                    for (int ap = 0; ap < a; ap++) {
                        double gv = k3 * g[fo + ap];
                        if (gv == 0) {
                            continue;
                        }
                        int wo = ((mu * a + ap) * lmax + l) * mw;
                        for (int m = 0; m < w1; m++) {
                            h3[hl + m] += gv * wv[wo + m];
                        }
                        int hl1 = h3o + ap * lm + (l + 1) * (l + 1);
                        for (int mp = 0; mp < w2; mp++) {
                            h3[hl1 + mp] += gv * vv[vo + mp];
                        }
                    }
                }
            }
        }
    }

    private static boolean isZero(double[] g, int off, int len) {
        for (int t = 0; t < len; t++) {
            if (g[off + t] != 0) {
                return false;
            }
        }
        return true;
    }

    DensityExpansion twoBodyExpansion() {
        return two;
    }

    DensityExpansion.Work twoBodyWork(Object work) {
        return ((Work) work).w2;
    }

    @Override
    void centre(Object work, int i, int from, int to, NeighborList nl, int[] spec, double[] values,
            double[] der) {
        Work w = (Work) work;
        boolean wd = der != null;
        two.expand(w.w2, from, to, nl.neighbours, nl.vectors, spec, wd);
        three.expand(w.w3, from, to, nl.neighbours, nl.vectors, spec, wd);
        int comps = 3 * features;
        writeValues(w, values, i * comps);
        if (!wd) {
            return;
        }
        transposeCouplings(w);
        for (int q = 0; q < to - from; q++) {
            int e = from + q;
            int sp = spec[nl.neighbours[e]];
            boolean threeBody = w.w3.inside[q] && lmax > 0;
            if (threeBody) {
                factorEntry(w, q);
            }
            for (int b = 0; b < 3; b++) {
                int rowE = (3 * e + b) * comps;
                if (w.w2.inside[q]) {
                    writeTwoBodyDerivative(w, q, sp, b, der, rowE);
                }
                if (threeBody) {
                    writeThreeBodyDerivative(w, q, sp, b, der, rowE);
                }
            }
        }
    }

    /**
     * Receives the lambda = 1 derivatives of centres one neighbour entry and direction at a time
     * ({@link #streamCentres}), so that no derivative array of a frame or block is ever stored.
     */
    public interface EntrySink {
        /**
         * Values X_i of centre i, before any of its entries.
         *
         * @param i the centre (atom index)
         * @param x the 3 x F block, row-major in {@code x[0 .. 3F)}; reused by the next centre
         */
        void centre(int i, double[] x);

        /**
         * {@code block[a * F + f] = d X_i[a][f] / d (r_e)_b} for the q-th entry of centre i (neighbour atom j of
         * neighbour species sp, an image vector r_e). Only features that involve species sp can be non-zero; the
         * block is reused by the next call.
         *
         * @param i the centre (atom index)
         * @param q the entry's index among the centre's entries
         * @param j the neighbour atom
         * @param sp the neighbour's species index
         * @param b the Cartesian direction of the displacement
         * @param block the 3 x F derivative block, row-major
         */
        void entry(int i, int q, int j, int sp, int b, double[] block);

        /**
         * After the entries of centre i: {@code sum[a * F + f] = sum_q d X_i[a][f] / d (r_q)_b}, which by translation
         * invariance is minus the derivative with respect to the centre's own position.
         *
         * @param i the centre (atom index)
         * @param b the Cartesian direction of the displacement
         * @param sum the 3 x F sum over the entries, row-major
         */
        void centreSum(int i, int b, double[] sum);

        /**
         * Whether the sink takes the entries grouped by neighbour (target-major, {@link #beginTarget} /
         * {@link #endTarget} around each neighbour's entries) instead of by centre; it then keeps what it needs of
         * every centre from {@link #centre}, and {@link #centreSum} comes right after each centre.
         *
         * @return true for target-major order
         */
        default boolean targetMajor() {
            return false;
        }

        /**
         * Target-major order: the entries whose neighbour is atom j follow, until {@link #endTarget}.
         *
         * @param j the neighbour atom
         */
        default void beginTarget(int j) {
        }

        /**
         * Target-major order: the last entry of neighbour j has been given.
         *
         * @param j the neighbour atom
         */
        default void endTarget(int j) {
        }
    }

    /**
     * The values and derivatives of centres [from, to) of the neighbour list nl (built with {@link #cutoff()} on
     * the frame), in order and on the calling thread, streamed into the sink: the same numbers as
     * {@link #compute} with derivatives, but with memory independent of the frame (one 3 x F block per species).
     *
     * @param structure the frame
     * @param nl the frame's neighbour list ({@link #neighbourList})
     * @param from first centre
     * @param to one past the last centre
     * @param sink receives the values and derivatives, centre by centre, in order, on the calling thread
     */
    public void streamCentres(Structure structure, NeighborList nl, int from, int to, EntrySink sink) {
        int[] spec = speciesOfAtoms(structure);
        Work w = (Work) newWork();
        int comps = 3 * features;
        double[] x = new double[comps];
        double[][] blocks = new double[s][comps]; // per neighbour species: its zero pattern never changes
        double[][] sums = new double[3][comps];
        boolean byTarget = sink.targetMajor();
        EntryFactors kept = byTarget ? new EntryFactors(structure.size()) : null;
        for (int i = from; i < to; i++) {
            int e0 = nl.offsets[i], e1 = nl.offsets[i + 1];
            two.expand(w.w2, e0, e1, nl.neighbours, nl.vectors, spec, true);
            three.expand(w.w3, e0, e1, nl.neighbours, nl.vectors, spec, true);
            writeValues(w, x, 0);
            transposeCouplings(w);
            sink.centre(i, x);
            if (byTarget) {
                kept.keep(w, i, e1 - e0);
            } else {
                for (int q = 0; q < e1 - e0; q++) {
                    entryBlocks(w, i, q, nl.neighbours[e0 + q], spec, blocks, sink);
                }
            }
            centreSums(w, e0, e1, nl.neighbours, spec, sums);
            for (int b = 0; b < 3; b++) {
                sink.centreSum(i, b, sums[b]);
            }
        }
        if (byTarget) {
            streamTargets(w, nl, from, to, spec, kept, blocks, sink);
        }
    }

    /** The three derivative blocks of entry q of the centre whose factors w holds, into the sink. */
    private void entryBlocks(Work w, int i, int q, int j, int[] spec, double[][] blocks, EntrySink sink) {
        int sp = spec[j];
        double[] block = blocks[sp];
        boolean twoBody = w.w2.inside[q];
        boolean threeBody = w.w3.inside[q] && lmax > 0;
        if (threeBody) {
            factorEntry(w, q);
        }
        for (int b = 0; b < 3; b++) {
            if (twoBody) {
                writeTwoBodyDerivative(w, q, sp, b, block, 0);
            } else {
                zeroTwoBody(sp, block);
            }
            if (threeBody) {
                writeThreeBodyDerivative(w, q, sp, b, block, 0);
            } else {
                zeroThreeBody(sp, block);
            }
            sink.entry(i, q, j, sp, b, block);
        }
    }

    /**
     * Target-major order: every entry of centres [from, to), grouped by neighbour atom (centres, then entries, in
     * order within a group), from the factors kept per centre. Each entry's blocks are computed once, as in centre
     * order; a sink can then sum a neighbour's rows locally and write them once.
     */
    private void streamTargets(Work w, NeighborList nl, int from, int to, int[] spec, EntryFactors kept,
            double[][] blocks, EntrySink sink) {
        int n = kept.atoms;
        int[] start = new int[n + 1];
        for (int e = nl.offsets[from]; e < nl.offsets[to]; e++) {
            start[nl.neighbours[e] + 1]++;
        }
        for (int j = 0; j < n; j++) {
            start[j + 1] += start[j];
        }
        int[] fill = start.clone();
        int[] centreOf = new int[start[n]];
        int[] entryOf = new int[start[n]];
        for (int i = from; i < to; i++) {
            for (int e = nl.offsets[i]; e < nl.offsets[i + 1]; e++) {
                int k = fill[nl.neighbours[e]]++;
                centreOf[k] = i;
                entryOf[k] = e - nl.offsets[i];
            }
        }
        for (int j = 0; j < n; j++) {
            if (start[j] == start[j + 1]) {
                continue;
            }
            sink.beginTarget(j);
            for (int k = start[j]; k < start[j + 1]; k++) {
                int i = centreOf[k];
                kept.restore(w, i);
                entryBlocks(w, i, entryOf[k], j, spec, blocks, sink);
            }
            sink.endTarget(j);
        }
    }

    /**
     * The per-entry factors of every centre (radial values and slopes, harmonics and their gradients, unit vectors,
     * two-body derivative rows, cutoff flags) and each centre's transposed couplings, kept for the target-major pass:
     * about 330 numbers per entry (20 MB for a 96-atom ZrO2 frame at R3 = 6 A).
     */
    private final class EntryFactors {
        final int atoms;
        final double[][] dc2;
        final boolean[][] inside2;
        final boolean[][] inside3;
        final double[][] hq;
        final double[][] dhq;
        final double[][] yq;
        final double[][] gyq;
        final double[][] uq;
        final double[][] wt;
        final double[][] vt;

        EntryFactors(int atoms) {
            this.atoms = atoms;
            dc2 = new double[atoms][];
            inside2 = new boolean[atoms][];
            inside3 = new boolean[atoms][];
            hq = new double[atoms][];
            dhq = new double[atoms][];
            yq = new double[atoms][];
            gyq = new double[atoms][];
            uq = new double[atoms][];
            wt = new double[atoms][];
            vt = new double[atoms][];
        }

        /** Copies what the entry blocks of centre i (ne entries) read from w. */
        void keep(Work w, int i, int ne) {
            int nf = (lmax + 1) * params.n3();
            int lm = three.lm;
            dc2[i] = java.util.Arrays.copyOf(w.w2.dc, ne * 3 * params.n2() * 4);
            inside2[i] = java.util.Arrays.copyOf(w.w2.inside, ne);
            inside3[i] = java.util.Arrays.copyOf(w.w3.inside, ne);
            hq[i] = java.util.Arrays.copyOf(w.w3.hq, ne * nf);
            dhq[i] = java.util.Arrays.copyOf(w.w3.dhq, ne * nf);
            yq[i] = java.util.Arrays.copyOf(w.w3.yq, ne * lm);
            gyq[i] = java.util.Arrays.copyOf(w.w3.gyq, ne * 3 * lm);
            uq[i] = java.util.Arrays.copyOf(w.w3.uq, ne * 3);
            wt[i] = w.wt.clone();
            vt[i] = w.vt.clone();
        }

        /** Points w at centre i's kept factors (no copy); w's own expansion arrays are not used after this. */
        void restore(Work w, int i) {
            w.w2.dc = dc2[i];
            w.w2.inside = inside2[i];
            w.w3.inside = inside3[i];
            w.w3.hq = hq[i];
            w.w3.dhq = dhq[i];
            w.w3.yq = yq[i];
            w.w3.gyq = gyq[i];
            w.w3.uq = uq[i];
            w.wt = wt[i];
            w.vt = vt[i];
        }
    }

    /**
     * Receives linear contractions of each centre's 3 x F block with fixed vectors V_u of its species
     * ({@link #streamContractions}).
     */
    public interface ContractionSink {
        /**
         * Values {@code t[a U + u] = X_i[a] . V_u} of centre i, before its entries.
         *
         * @param i the centre (atom index)
         * @param t the 3 x U contractions, row-major; reused by the next centre
         */
        void centre(int i, double[] t);

        /**
         * {@code d[(q 3 + b) 3U + a U + u] = d (X_i[a] . V_u) / d (r_e)_b} for the entries q = e - e0 of centre i
         * (e in [e0, e0 + ne) of the neighbour list).
         *
         * @param i the centre (atom index)
         * @param e0 the centre's first entry in the neighbour list
         * @param ne the number of entries of the centre
         * @param d the derivatives, layout above; reused by the next centre
         */
        void entries(int i, int e0, int ne, double[] d);
    }

    /**
     * Contractions {@code X_i[a] . V_u} of centres [from, to) with per-species vectors, and their derivatives with
     * respect to every neighbour entry, by reverse mode (THEORY.md 3.11, lambda = 1 form, applied to 3U outputs at
     * once): the 3U gradients with respect to the raw block are pulled back to the expansion coefficients
     * together, {@code H[(n,lm)][(a,u)]} per neighbour species, and each entry's derivative is one product of its
     * dense d c/d r_e rows with H. No F-wide derivative block is ever formed, which costs about F / (N3 lm + 4 N2)
     * times fewer operations than contracting the derivative blocks (a linear lambda = 1 kernel on references).
     *
     * @param structure the frame
     * @param nl the frame's neighbour list ({@link #neighbourList})
     * @param from first centre
     * @param to one past the last centre
     * @param vt per species s the vectors transposed, {@code vt[s][f U_s + u] = V_u[f]} (f &lt; F)
     * @param counts per species the number U_s of vectors (0: its centres are skipped)
     * @param sink receives the values and derivatives, centre by centre, in order, on the calling thread
     */
    public void streamContractions(Structure structure, NeighborList nl, int from, int to, double[][] vt,
            int[] counts, ContractionSink sink) {
        int[] spec = speciesOfAtoms(structure);
        DenseBackend la = Backends.get();
        Work w = (Work) newWork();
        w.w3 = three.newWork(); // dense d c/d r_e rows: the entry products below are matrix products
        int n2 = params.n2(), n3 = params.n3(), lm = three.lm;
        int kd3 = lmax > 0 ? n3 * lm : 0;
        int kd = kd3 + 4 * n2; // rows of H per neighbour species: three-body (n, lm), then two-body (n, lm <= 1)
        EntryProducts entries = new EntryProducts();
        double[] x = new double[3 * features];
        // H per centre species and neighbour species: each centre species keeps its own layout (width 3 U_s), so
        // that the positions no product writes stay zero from allocation and nothing is cleared per centre
        double[][][] hs = new double[s][][];
        double[] t = new double[0];
        for (int i = from; i < to; i++) {
            int u = counts[spec[i]];
            if (u == 0) {
                continue;
            }
            double[] v = vt[spec[i]];
            int width = 3 * u;
            int e0 = nl.offsets[i], ne = nl.offsets[i + 1] - e0;
            two.expand(w.w2, e0, e0 + ne, nl.neighbours, nl.vectors, spec, true);
            if (lmax > 0) {
                three.expand(w.w3, e0, e0 + ne, nl.neighbours, nl.vectors, spec, true);
            }
            writeValues(w, x, 0);
            if (t.length < width) {
                t = new double[width];
            }
            la.gemm(false, false, 3, u, features, 1.0, x, 0, features, v, 0, u, 0.0, t, 0, u);
            sink.centre(i, t);
            if (hs[spec[i]] == null) {
                hs[spec[i]] = new double[s][kd * width];
            }
            double[][] h = hs[spec[i]];
            pullBackAll(w, v, u, h, kd3, la);
            double[] d = entries.multiply(w.w3, kd3, w.w2, 4 * n2, e0, ne, nl, spec, s, h, width, la);
            sink.entries(i, e0, ne, d);
        }
    }

    /**
     * (3.11) for the 3U outputs {@code X[a] . V_u} at once: {@code H[(n,lm)][(a,u)]} per neighbour species, the
     * gradient of every output pulled back to the expansion coefficients of the centre last expanded (the
     * couplings W, V of {@link #writeValues} in w). Three-body rows first ({@code kd3} of them), then two-body.
     * Per (mu, l) and channel the three-body sums are small matrix products over the 16-32 channels a'. Every
     * position of H that depends on the centre is overwritten (the first product into a row block has beta = 0),
     * the rest (two-body l = 0 rows, the other rows' two-body slices) is never written.
     */
    private void pullBackAll(Work w, double[] v, int u, double[][] h, int kd3, DenseBackend la) {
        int n2 = params.n2(), n3 = params.n3(), lm = three.lm;
        int width = 3 * u;
        for (int row = 0; row < 3; row++) {
            // two-body: H_{(J,n),1m(row)} = sqrt(beta) V_u[J N2 + n]
            for (int f = 0; f < off3; f++) {
                double[] hj = h[f / n2];
                int dst = (kd3 + (f % n2) * 4 + CART_LM[row]) * width + row * u;
                int src = f * u;
                for (int c = 0; c < u; c++) {
                    hj[dst + c] = sb * v[src + c];
                }
            }
        }
        int ldw = lmax * mw; // W^mu_{a' l m} at ((mu A + a') Lmax + l) mw + m: per (mu, l) an A x mw matrix
        for (int mu = 0; mu < 3; mu++) {
            int ro = CART_OF_MU[mu] * u;
            // H_{a,lm} = k3 sum_a' W^mu_{a'lm} V_u[(l, a, a')]: the first product into the rows of l < Lmax
            for (int l = 0; l < lmax; l++) {
                int wo = (mu * a * lmax + l) * mw;
                for (int ai = 0; ai < a; ai++) {
                    la.gemm(true, false, 2 * l + 1, u, a, k3, w.wv, wo, ldw, v, (off3 + (l * a + ai) * a) * u, u,
                            0.0, h[ai / n3], ((ai % n3) * lm + l * l) * width + ro, width);
                }
            }
            // H_{a',l+1,m'} += k3 sum_a V^mu_{a l m'} V_u[(l, a, a')]: the rows of l + 1 = Lmax get only this
            for (int l = 0; l < lmax; l++) {
                int wo = (mu * a * lmax + l) * mw;
                double beta = l + 1 == lmax ? 0.0 : 1.0;
                for (int ap = 0; ap < a; ap++) {
                    la.gemm(true, false, 2 * l + 3, u, a, k3, w.vv, wo, ldw, v, (off3 + l * a * a + ap) * u, a * u,
                            beta, h[ap / n3], ((ap % n3) * lm + (l + 1) * (l + 1)) * width + ro, width);
                }
            }
        }
    }

    /**
     * The neighbour list that {@link #streamCentres} and {@link #streamContractions} expect for a frame.
     *
     * @param structure the frame
     * @return its neighbour list at {@link #cutoff()}
     */
    public NeighborList neighbourList(Structure structure) {
        return NeighborList.build(structure, cutoff());
    }

    /**
     * Where in a row of an entry's derivative block a neighbour of species sp can be non-zero: the features that
     * involve its density (the two-body block of sp, and the three-body pairs (a, a') with a or a' of species sp).
     *
     * @param sp the neighbour's species index
     * @return merged half-open ranges {@code [r[2k], r[2k + 1])} of feature indices f &lt; F, ascending
     */
    public int[] nonZeroFeatureRanges(int sp) {
        int n2 = params.n2(), n3 = params.n3();
        java.util.List<int[]> ranges = new java.util.ArrayList<>();
        ranges.add(new int[] {sp * n2, sp * n2 + n2});
        int sLo = sp * n3, sHi = sLo + n3;
        for (int l = 0; l < lmax; l++) {
            for (int ai = 0; ai < a; ai++) {
                int fo = off3 + (l * a + ai) * a;
                ranges.add(ai >= sLo && ai < sHi ? new int[] {fo, fo + a} : new int[] {fo + sLo, fo + sHi});
            }
        }
        int[] out = new int[2 * ranges.size()];
        int k = 0;
        for (int[] r : ranges) {
            if (k > 0 && out[k - 1] == r[0]) {
                out[k - 1] = r[1];
            } else {
                out[k++] = r[0];
                out[k++] = r[1];
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** Two-body part of d X / d(r_e)_b (3.9): {@code sqrt(beta) dc^{J}_{n,1m}/d(r_e)_b} at features J*N2 + n. */
    /**
     * {@code sums[b][a F + f] = sum_q d X_i[a][f] / d(r_q)_b} of the centre last expanded, from the coefficient
     * derivatives summed over its entries first: X is bilinear in the coefficients, so its derivative is linear in
     * dc, and the sum over entries of (3.9) is (3.9) with {@code D = sum_q dc/d(r_q)_b} (THEORY.md 3.14). One
     * contraction per centre and direction instead of one block sum per entry.
     */
    private void centreSums(Work w, int e0, int e1, int[] neighbours, int[] spec, double[][] sums) {
        int n2 = params.n2(), n3 = params.n3();
        int lm = three.lm;
        int nf = (lmax + 1) * n3;
        DensityExpansion.Work w2 = w.w2, w3 = w.w3;
        double[] d = w.centreDc;
        java.util.Arrays.fill(d, 0.0);
        for (double[] sum : sums) {
            java.util.Arrays.fill(sum, 0.0);
        }
        for (int q = 0; q < e1 - e0; q++) {
            int sp = spec[neighbours[e0 + q]];
            if (w2.inside[q]) {
                // two-body: sb dc[(3q + b) n2 4 + 4n + CART_LM[row]] at row F + sp N2 + n
                for (int b = 0; b < 3; b++) {
                    int src = (q * 3 + b) * n2 * 4;
                    double[] sum = sums[b];
                    for (int row = 0; row < 3; row++) {
                        int dst = row * features + sp * n2;
                        for (int n = 0; n < n2; n++) {
                            sum[dst + n] += sb * w2.dc[src + n * 4 + CART_LM[row]];
                        }
                    }
                }
            }
            if (!w3.inside[q] || lmax == 0) {
                continue;
            }
            // D[b][alpha][t] += h'_{n l(t)} Y_t u_b + h_{n l(t)} dY_t/dr_b, alpha = sp N3 + n
            int ho = q * nf, yo = q * lm;
            for (int b = 0; b < 3; b++) {
                double ub = w3.uq[3 * q + b];
                int go = (q * 3 + b) * lm;
                for (int n = 0; n < n3; n++) {
                    int dO = (b * a + sp * n3 + n) * lm;
                    int f1 = ho + n * (lmax + 1);
                    for (int t = 0; t < lm; t++) {
                        int l = three.lOf[t];
                        d[dO + t] += w3.dhq[f1 + l] * w3.yq[yo + t] * ub + w3.hq[f1 + l] * w3.gyq[go + t];
                    }
                }
            }
        }
        if (lmax == 0) {
            return;
        }
        // (3.9) with D: k3 (sum_m D_{a,lm} W^mu_{a'lm} + sum_m' D_{a',l+1,m'} V^mu_{a l m'})
        double[] wv = w.wv, vv = w.vv;
        for (int b = 0; b < 3; b++) {
            double[] sum = sums[b];
            int db = b * a * lm;
            for (int mu = 0; mu < 3; mu++) {
                int rowBase = CART_OF_MU[mu] * features + off3;
                for (int l = 0; l < lmax; l++) {
                    int w1 = 2 * l + 1, w2n = 2 * l + 3, t1 = l * l, t2 = (l + 1) * (l + 1);
                    for (int ai = 0; ai < a; ai++) {
                        int fo = rowBase + (l * a + ai) * a;
                        int da = db + ai * lm;
                        int vo = ((mu * a + ai) * lmax + l) * mw;
                        for (int ap = 0; ap < a; ap++) {
                            int wo = ((mu * a + ap) * lmax + l) * mw;
                            int dp = db + ap * lm;
                            double v = 0;
                            for (int m = 0; m < w1; m++) {
                                v += d[da + t1 + m] * wv[wo + m];
                            }
                            for (int m = 0; m < w2n; m++) {
                                v += d[dp + t2 + m] * vv[vo + m];
                            }
                            sum[fo + ap] = k3 * v;
                        }
                    }
                }
            }
        }
    }

    private void writeTwoBodyDerivative(Work w, int q, int sp, int b, double[] der, int rowE) {
        int n2 = params.n2();
        double[] dc = w.w2.dc;
        int src = (q * 3 + b) * n2 * 4;
        for (int row = 0; row < 3; row++) {
            int dst = rowE + row * features + sp * n2;
            for (int n = 0; n < n2; n++) {
                der[dst + n] = sb * dc[src + n * 4 + CART_LM[row]];
            }
        }
    }

    private void zeroTwoBody(int sp, double[] block) {
        int n2 = params.n2();
        for (int row = 0; row < 3; row++) {
            java.util.Arrays.fill(block, row * features + sp * n2, row * features + sp * n2 + n2, 0.0);
        }
    }

    /** Zeroes every three-body feature that a neighbour of species sp can move (those it writes). */
    private void zeroThreeBody(int sp, double[] block) {
        int n3 = params.n3();
        int sLo = sp * n3, sHi = sLo + n3;
        for (int row = 0; row < 3; row++) {
            for (int l = 0; l < lmax; l++) {
                for (int ai = 0; ai < a; ai++) {
                    int fo = row * features + off3 + (l * a + ai) * a;
                    if (ai >= sLo && ai < sHi) {
                        java.util.Arrays.fill(block, fo, fo + a, 0.0);
                    } else {
                        java.util.Arrays.fill(block, fo + sLo, fo + sHi, 0.0);
                    }
                }
            }
        }
    }

    /**
     * Factored pair derivative (3.9) of entry q, the parts that do not depend on the direction b:
     * PW[mu,a',l] = sum_m Y_lm W^mu_{a'lm}, PV likewise with V and l+1, and QW, QV with dY_lm/dr_b per b.
     */
    private void factorEntry(Work w, int q) {
        int lm = three.lm;
        double[] yq = w.w3.yq, gyq = w.w3.gyq;
        int yo = q * lm;
        int w3a = 3 * a;
        int stride = w3a * lmax; // between the b blocks of QW, QV
        double[] wt = w.wt, vt = w.vt;
        double[] pw = w.pw, pv = w.pv, qw = w.qw, qv = w.qv;
        int g0 = (q * 3) * lm, g1 = g0 + lm, g2 = g1 + lm;
        for (int l = 0; l < lmax; l++) {
            int t1 = l * l, t2 = (l + 1) * (l + 1);
            int po = l * w3a; // layout [l][mu][a]
            java.util.Arrays.fill(pw, po, po + w3a, 0.0);
            java.util.Arrays.fill(pv, po, po + w3a, 0.0);
            for (int b = 0; b < 3; b++) {
                java.util.Arrays.fill(qw, b * stride + po, b * stride + po + w3a, 0.0);
                java.util.Arrays.fill(qv, b * stride + po, b * stride + po + w3a, 0.0);
            }
            int wo = l * l * w3a, vo = (l + 1) * (l + 1) * w3a - w3a; // sum of (2l'+1) and (2l'+3) over l' < l
            factorSums(gyq, g0 + t1, g1 + t1, g2 + t1, 2 * l + 1, wt, wo, pw, qw, po, stride, w3a,
                    yq, yo + t1);
            factorSums(gyq, g0 + t2, g1 + t2, g2 + t2, 2 * l + 3, vt, vo, pv, qv, po, stride, w3a,
                    yq, yo + t2);
        }
    }

    /**
     * {@code p[po + c] += sum_m Y_m T[m][c]} and {@code q[b stride + po + c] += sum_m dY_m/dr_b T[m][c]} over the
     * width harmonics m of one l, T the transposed couplings at {@code t[to ..]} (rows of w3a numbers).
     */
    private static void factorSums(double[] gyq, int gx, int gy, int gz, int width, double[] t, int to,
            double[] p, double[] qd, int po, int stride, int w3a, double[] yq, int yo) {
        for (int m = 0; m < width; m++) {
            double yv = yq[yo + m], ax = gyq[gx + m], ay = gyq[gy + m], az = gyq[gz + m];
            int src = to + m * w3a;
            for (int c = 0; c < w3a; c++) {
                double tv = t[src + c];
                p[po + c] += yv * tv;
                qd[po + c] += ax * tv;
                qd[stride + po + c] += ay * tv;
                qd[2 * stride + po + c] += az * tv;
            }
        }
    }

    /** W and V of the centre last expanded, per l transposed to [m][mu][a] for {@link #factorEntry}. */
    private void transposeCouplings(Work w) {
        int w3a = 3 * a;
        double[] wv = w.wv, vv = w.vv, wt = w.wt, vt = w.vt;
        for (int l = 0; l < lmax; l++) {
            int wo = l * l * w3a, vo = (l + 1) * (l + 1) * w3a - w3a;
            for (int mu = 0; mu < 3; mu++) {
                for (int ai = 0; ai < a; ai++) {
                    int src = ((mu * a + ai) * lmax + l) * mw;
                    int c = mu * a + ai;
                    for (int m = 0; m < 2 * l + 1; m++) {
                        wt[wo + m * w3a + c] = wv[src + m];
                    }
                    for (int m = 0; m < 2 * l + 3; m++) {
                        vt[vo + m * w3a + c] = vv[src + m];
                    }
                }
            }
        }
    }

    /**
     * Three-body part of d X / d(r_e)_b (3.9) from the factors of {@link #factorEntry}: d c_{nlm}/d r_b =
     * h'_nl Y_lm u_b + h_nl dY_lm/dr_b, so G1[mu,n,a',l] = h'_nl u_b PW[mu,a',l] + h_nl QW[b,mu,a',l] and
     * G2[mu,a,n',l] likewise with V and l+1; written at der[rowE ..] (features involving species sp only).
     */
    private void writeThreeBodyDerivative(Work w, int q, int sp, int b, double[] der, int rowE) {
        int n3 = params.n3();
        int nf = (lmax + 1) * n3;
        int lp3 = lmax + 1;
        double[] hq = w.w3.hq, dhq = w.w3.dhq;
        int ho = q * nf;
        double[] pw = w.pw, pv = w.pv, qw = w.qw, qv = w.qv;
        double ub = w.w3.uq[3 * q + b];
        int qb = b * 3 * a * lmax;
        // G1 = c1 PW + d1 QW and G2 = c2 PV + d2 QV with the radial factors c = k3 h' u_b, d = k3 h (per n and l),
        // written straight into the block: inner loops over a' (G1) and n' (G2) are contiguous
        double[] c1 = w.radialSlope, d1 = w.radialValue;
        int cs = lmax * n3;
        for (int l = 0; l < lmax; l++) {
            for (int n = 0; n < n3; n++) {
                int f1 = ho + n * lp3 + l;
                int o = l * n3 + n;
                c1[o] = k3 * dhq[f1] * ub;
                d1[o] = k3 * hq[f1];
                c1[cs + o] = k3 * dhq[f1 + 1] * ub;
                d1[cs + o] = k3 * hq[f1 + 1];
            }
        }
        // neighbour species s occupies a-indices [s*N3, (s+1)*N3)
        int sLo = sp * n3, sHi = sLo + n3;
        for (int mu = 0; mu < 3; mu++) {
            int rowBase = rowE + CART_OF_MU[mu] * features + off3;
            for (int l = 0; l < lmax; l++) {
                int po = (l * 3 + mu) * a, qo = qb + po; // PW, QW in layout [l][mu][a]
                int lo = l * n3, l2 = cs + l * n3;
                for (int ai = 0; ai < a; ai++) {
                    int fo = rowBase + (l * a + ai) * a;
                    double pva = pv[po + ai], qva = qv[qo + ai];
                    int d = fo + sLo;
                    if (ai >= sLo && ai < sHi) {
                        // J_a = s: every a' gets the G1 term, a' of species s also the G2 term
                        double cn = c1[lo + ai - sLo], dn = d1[lo + ai - sLo];
                        for (int ap = 0; ap < a; ap++) {
                            der[fo + ap] = cn * pw[po + ap] + dn * qw[qo + ap];
                        }
                        for (int np = 0; np < n3; np++) {
                            der[d + np] += c1[l2 + np] * pva + d1[l2 + np] * qva;
                        }
                    } else {
                        // only a' of species s have a non-zero derivative
                        for (int np = 0; np < n3; np++) {
                            der[d + np] = c1[l2 + np] * pva + d1[l2 + np] * qva;
                        }
                    }
                }
            }
        }
    }
}
