package org.zstar.descriptors;

import java.util.stream.IntStream;
import org.zstar.kernels.Gemm;
import org.zstar.neighbors.NeighborList;
import org.zstar.structure.Structure;

/**
 * Reverse-mode contraction (THEORY.md 3.11, 3.12) of functions that depend on a centre's invariant and lambda = 1
 * descriptors together, e.g. a charge and a dipole whose feature weights are modulated by invariant kernels. Both
 * descriptors are expanded on one neighbour list (cutoff the larger of theirs). Per centre, the {@link Upstream}
 * gets both raw blocks and returns, per output k, {@code df_k/dX^s} and {@code df_k/dX^v}; both are pulled back to
 * the expansion coefficients, where they add up when the two descriptors share their three-body expansion (equal
 * parameters: it is then computed once). The three-body coefficient gradients of all outputs, {@code H (A L x K)},
 * are contracted with the centre's dense coefficient derivatives {@code D (3 n_e x N3 L)}, entries grouped by
 * neighbour species, as one matrix product per species (3.12). Nothing per entry is stored but the 3 numbers per
 * output.
 */
public final class JointContraction {
    /** Centres per parallel task. */
    private static final int CHUNK = 32;
    /** Centres expanded together before their upstream is evaluated (one pass over its reference data). */
    private static final int BLOCK = 16;
    /** The last works of each thread, reused while the descriptors and outputs stay the same (~1 MB each). */
    private static final ThreadLocal<Block> LAST_WORK = new ThreadLocal<>();

    private JointContraction() {
    }

    /**
     * The functions f_ik(X^s_i, X^v_i) of one centre and their gradients. Implementations must be thread-safe:
     * centres are evaluated in parallel.
     */
    public interface Upstream {
        /**
         * The number of functions per centre.
         *
         * @return K, the outputs f_i0 .. f_i(K-1) (at least 1)
         */
        int outputs();

        /**
         * Whether output k depends on the invariant descriptor (else its gradient is not read).
         *
         * @param k output index, 0 .. outputs-1
         * @return true when {@code df_ik/dX^s} is written by {@link #evaluate}
         */
        boolean usesScalar(int k);

        /**
         * Whether output k depends on the lambda = 1 descriptor (else its gradient is not read).
         *
         * @param k output index, 0 .. outputs-1
         * @return true when {@code df_ik/dX^v} is written by {@link #evaluate}
         */
        boolean usesVector(int k);

        /**
         * Writes f_ik into {@code out[k]}, {@code df_ik/dX^s} into {@code scalarGrad[k * Fs ..]} and {@code df_ik/dX^v}
         * into {@code vectorGrad[k * 3Fv ..]} (both overwritten for every output that uses them). {@code scalar} or
         * {@code vector} is null when the contraction has no such descriptor.
         *
         * @param centre atom index i
         * @param scalar raw (unnormalised) invariant descriptor of centre i, length Fs, or null
         * @param vector raw lambda = 1 descriptor of centre i, length 3Fv, layout {@code [a * Fv + f]} (a = x, y, z),
         *     or null
         * @param out output, f_ik at {@code out[k]}
         * @param scalarGrad output, {@code df_ik/dX^s_c} at {@code [k * Fs + c]}, or null without a scalar descriptor
         * @param vectorGrad output, {@code df_ik/dX^v_c} at {@code [k * 3Fv + c]}, or null without a vector descriptor
         */
        void evaluate(int centre, double[] scalar, double[] vector, double[] out, double[] scalarGrad,
                double[] vectorGrad);

        /**
         * {@link #evaluate} for {@code count} centres at once (arrays per centre; a null outer array means no such
         * descriptor): lets an implementation stream its reference data once for several centres.
         *
         * @param centres atom indices, {@code centres[j]} for j &lt; count
         * @param count number of centres of the block
         * @param scalar {@code scalar[j]} is the argument {@code scalar} of {@link #evaluate} for centre j, or null
         * @param vector {@code vector[j]} likewise, or null
         * @param out {@code out[j]} likewise
         * @param scalarGrad {@code scalarGrad[j]} likewise, or null
         * @param vectorGrad {@code vectorGrad[j]} likewise, or null
         */
        default void evaluateBlock(int[] centres, int count, double[][] scalar, double[][] vector, double[][] out,
                double[][] scalarGrad, double[][] vectorGrad) {
            for (int j = 0; j < count; j++) {
                evaluate(centres[j], scalar == null ? null : scalar[j], vector == null ? null : vector[j], out[j],
                        scalarGrad == null ? null : scalarGrad[j], vectorGrad == null ? null : vectorGrad[j]);
            }
        }
    }

    /**
     * Contracts the upstream over every centre of the structure. Either descriptor may be null (then no output may
     * use it). The result has the entries of the joint neighbour list.
     *
     * @param structure the frame (positions in Angstrom)
     * @param scalar the invariant descriptor, or null
     * @param vector the lambda = 1 descriptor (same species as {@code scalar}), or null
     * @param fn the per-centre functions and their gradients
     * @return f_ik per centre and output and the entry gradients {@code d f_ik / d (r_ij^T)_b} on the neighbour list
     *     of cutoff max(scalar, vector cutoffs)
     * @throws IllegalArgumentException when both descriptors are null, their species differ, there is no output or
     *     an output uses a missing descriptor
     * @throws org.zstar.util.UserInputException when the frame holds a species the descriptors do not resolve, or
     *     two atoms overlap
     */
    public static PairGradients contract(Structure structure, ScalarDescriptor scalar, VectorDescriptor vector,
            Upstream fn) {
        if (scalar == null && vector == null) {
            throw new IllegalArgumentException("a joint contraction needs at least one descriptor");
        }
        int k = fn.outputs();
        if (k < 1) {
            throw new IllegalArgumentException("a contraction needs at least one output, got " + k);
        }
        for (int o = 0; o < k; o++) {
            if ((fn.usesScalar(o) && scalar == null) || (fn.usesVector(o) && vector == null)) {
                throw new IllegalArgumentException("output " + o + " uses a descriptor the contraction does not have");
            }
        }
        if (scalar != null && vector != null && !scalar.species().equals(vector.species())) {
            throw new IllegalArgumentException("joint contraction of descriptors with different species: "
                    + scalar.species() + " and " + vector.species());
        }
        int[] spec = (scalar != null ? scalar : vector).speciesOfAtoms(structure);
        double cutoff = Math.max(scalar == null ? 0 : scalar.cutoff(), vector == null ? 0 : vector.cutoff());
        NeighborList nl = NeighborList.build(structure, cutoff);
        int n = structure.size();
        double[] out = new double[n * k];
        double[] gradients = new double[3 * k * nl.entries()];
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            Block w = LAST_WORK.get();
            LAST_WORK.set(null); // taken: a task nested on this thread would make its own
            if (w == null || w.slots[0].scalar != scalar || w.slots[0].vector != vector || w.slots[0].k != k) {
                w = new Block(scalar, vector, k);
            }
            int end = Math.min(n, (ch + 1) * CHUNK);
            for (int i0 = ch * CHUNK; i0 < end; i0 += BLOCK) {
                w.run(i0, Math.min(BLOCK, end - i0), nl, spec, fn, out, gradients);
            }
            LAST_WORK.set(w);
        });
        return new PairGradients(n, k, out, nl.offsets, nl.neighbours, nl.vectors, gradients);
    }

    /** BLOCK centre works and the per-centre array views the upstream gets. */
    private static final class Block {
        final CentreWork[] slots = new CentreWork[BLOCK];
        final int[] centres = new int[BLOCK];
        final double[][] xs;
        final double[][] xv;
        final double[][] gs;
        final double[][] gv;
        final double[][] o = new double[BLOCK][];

        Block(ScalarDescriptor scalar, VectorDescriptor vector, int k) {
            xs = scalar == null ? null : new double[BLOCK][];
            xv = vector == null ? null : new double[BLOCK][];
            gs = scalar == null ? null : new double[BLOCK][];
            gv = vector == null ? null : new double[BLOCK][];
            for (int j = 0; j < BLOCK; j++) {
                CentreWork c = new CentreWork(scalar, vector, k);
                slots[j] = c;
                o[j] = c.o;
                if (scalar != null) {
                    xs[j] = c.xs;
                    gs[j] = c.gs;
                }
                if (vector != null) {
                    xv[j] = c.xv;
                    gv[j] = c.gv;
                }
            }
        }

        /** Expands centres i0 .. i0+count-1, evaluates their upstream together, and contracts each. */
        void run(int i0, int count, NeighborList nl, int[] spec, Upstream fn, double[] out, double[] gradients) {
            for (int j = 0; j < count; j++) {
                slots[j].fn = fn;
                slots[j].spec = spec;
                centres[j] = i0 + j;
                slots[j].prepare(i0 + j, nl);
            }
            fn.evaluateBlock(centres, count, xs, xv, o, gs, gv);
            int k = slots[0].k;
            for (int j = 0; j < count; j++) {
                System.arraycopy(o[j], 0, out, (i0 + j) * k, k);
                slots[j].contract(nl.offsets[i0 + j], gradients);
                slots[j].fn = null;
                slots[j].spec = null;
            }
        }
    }

    /** Per-centre scratch and the steps of one centre. */
    private static final class CentreWork {
        final ScalarDescriptor scalar;
        final VectorDescriptor vector;
        Upstream fn;
        int[] spec;
        final int k;
        final int species;
        final Object ws;
        final Object wv;
        /** The distinct three-body expansions (1 when shared or only one descriptor, else 2) and dense works. */
        final DensityExpansion[] three;
        final DensityExpansion.Work[] w3;
        final int scalarThree;
        final int vectorThree;
        final double[] xs;
        final double[] xv;
        final double[] gs;
        final double[] gv;
        final double[] o;
        final double[][] h3; // per expansion: H_k[(J,n),lm] at k * A lm
        final double[][] ht; // per expansion: transposed, [(J,n),lm][k]
        final double[] h2s;
        final double[] h2v;
        int[] nb = new int[0];
        int[] perm = new int[0];
        double[] vec = new double[0];
        double[] product = new double[0];
        final int[] groupStart;
        int ne;

        CentreWork(ScalarDescriptor scalar, VectorDescriptor vector, int outputs) {
            this.scalar = scalar;
            this.vector = vector;
            this.k = outputs;
            this.species = (scalar != null ? scalar : vector).species().size();
            ws = scalar == null ? null : scalar.newWork();
            wv = vector == null ? null : vector.newWork();
            DensityExpansion es = scalar == null ? null : scalar.threeBodyExpansion();
            DensityExpansion ev = vector == null ? null : vector.threeBodyExpansion();
            boolean share = es != null && es.sameAs(ev);
            if (es != null && ev != null && !share) {
                three = new DensityExpansion[] {es, ev};
            } else {
                three = new DensityExpansion[] {es != null ? es : ev};
            }
            scalarThree = es == null ? -1 : 0;
            vectorThree = ev == null ? -1 : share || es == null ? 0 : 1;
            w3 = new DensityExpansion.Work[three.length];
            h3 = new double[three.length][];
            ht = new double[three.length][];
            for (int x = 0; x < three.length; x++) {
                w3[x] = three[x].newWork(); // dense d c/d r blocks: the left factor of (3.12)
                h3[x] = new double[k * three[x].species * three[x].nmax * three[x].lm];
                ht[x] = new double[h3[x].length];
            }
            if (scalar != null) {
                scalar.shareThreeBodyWork(ws, w3[scalarThree]);
            }
            if (vector != null) {
                vector.shareThreeBodyWork(wv, w3[vectorThree]);
            }
            xs = scalar == null ? null : new double[scalar.components()];
            xv = vector == null ? null : new double[vector.components()];
            gs = scalar == null ? null : new double[k * scalar.components()];
            gv = vector == null ? null : new double[k * vector.components()];
            o = new double[k];
            h2s = scalar == null ? null : new double[k * scalar.twoBodyExpansion().species
                    * scalar.twoBodyExpansion().nmax];
            h2v = vector == null ? null : new double[k * vector.twoBodyExpansion().species
                    * vector.twoBodyExpansion().nmax * 4];
            groupStart = new int[species + 1];
        }

        /** Sorts the entries of centre i, expands both descriptors and writes the raw values into xs, xv. */
        void prepare(int i, NeighborList nl) {
            int from = nl.offsets[i];
            ne = nl.offsets[i + 1] - from;
            sortBySpecies(nl, from, ne);
            if (scalar != null) {
                scalar.expandForContraction(ws, 0, ne, nb, vec, spec, false);
            }
            if (vector != null) {
                vector.expandForContraction(wv, 0, ne, nb, vec, spec, false);
            }
            for (int x = 0; x < three.length; x++) {
                three[x].expand(w3[x], 0, ne, nb, vec, spec, true);
                zeroOutside(three[x], w3[x], ne);
                java.util.Arrays.fill(h3[x], 0.0);
            }
            if (scalar != null) {
                scalar.contractionValues(ws, xs);
            }
            if (vector != null) {
                vector.contractionValues(wv, xv);
            }
        }

        /** With the upstream gradients in gs, gv: the entry gradients of the prepared centre (entries from ..). */
        void contract(int from, double[] gradients) {
            int h2sLen = scalar == null ? 0 : h2s.length / k;
            int h2vLen = vector == null ? 0 : h2v.length / k;
            for (int q = 0; q < k; q++) {
                if (fn.usesScalar(q)) {
                    scalar.pullToCoefficients(ws, gs, q * xs.length, h2s, q * h2sLen, h3[scalarThree],
                            q * (h3[scalarThree].length / k));
                } else if (scalar != null) {
                    java.util.Arrays.fill(h2s, q * h2sLen, (q + 1) * h2sLen, 0.0);
                }
                if (fn.usesVector(q)) {
                    vector.pullToCoefficients(wv, gv, q * xv.length, h2v, q * h2vLen, h3[vectorThree],
                            q * (h3[vectorThree].length / k));
                } else if (vector != null) {
                    java.util.Arrays.fill(h2v, q * h2vLen, (q + 1) * h2vLen, 0.0);
                }
            }
            for (int x = 0; x < three.length; x++) {
                threeBodyGradients(x, from, gradients);
            }
            twoBodyGradients(from, ne, gradients);
        }

        /** The centre's entries in local arrays, grouped by neighbour species (stable); perm maps back. */
        private void sortBySpecies(NeighborList nl, int from, int ne) {
            if (nb.length < ne) {
                nb = new int[ne];
                perm = new int[ne];
                vec = new double[3 * ne];
            }
            java.util.Arrays.fill(groupStart, 0);
            for (int q = 0; q < ne; q++) {
                groupStart[spec[nl.neighbours[from + q]] + 1]++;
            }
            for (int sp = 0; sp < species; sp++) {
                groupStart[sp + 1] += groupStart[sp];
            }
            int[] next = groupStart.clone();
            for (int q = 0; q < ne; q++) {
                int e = from + q;
                int slot = next[spec[nl.neighbours[e]]]++;
                nb[slot] = nl.neighbours[e];
                perm[slot] = q;
                System.arraycopy(nl.vectors, 3 * e, vec, 3 * slot, 3);
            }
        }

        /** Entries beyond this expansion's cutoff have no derivative block written: zero them for the product. */
        private static void zeroOutside(DensityExpansion e, DensityExpansion.Work w, int ne) {
            int block = 3 * e.nmax * e.lm;
            for (int q = 0; q < ne; q++) {
                if (!w.inside[q]) {
                    java.util.Arrays.fill(w.dc, q * block, (q + 1) * block, 0.0);
                }
            }
        }

        /**
         * (3.12) {@code G[(q,b)][k] = sum_{n,lm} D[(q,b)][n,lm] H_k[(J_q,n),lm]}: one product per neighbour species J,
         * added into {@code gradients[((from + perm q) K + k) 3 + b]}.
         */
        private void threeBodyGradients(int x, int from, double[] gradients) {
            DensityExpansion e = three[x];
            int block = e.nmax * e.lm;
            int rows = e.species * block;
            double[] h = h3[x], t = ht[x];
            for (int q = 0; q < k; q++) {
                for (int r = 0; r < rows; r++) {
                    t[r * k + q] = h[q * rows + r];
                }
            }
            for (int sp = 0; sp < species; sp++) {
                int q0 = groupStart[sp], q1 = groupStart[sp + 1];
                if (q1 == q0) {
                    continue;
                }
                int m = 3 * (q1 - q0);
                if (product.length < m * k) {
                    product = new double[m * k];
                }
                Gemm.multiply(w3[x].dc, q0 * 3 * block, m, block, t, sp * block * k, k, product);
                for (int q = q0; q < q1; q++) {
                    int eo = (from + perm[q]) * k * 3;
                    int po = (q - q0) * 3 * k;
                    for (int b = 0; b < 3; b++) {
                        for (int c = 0; c < k; c++) {
                            gradients[eo + c * 3 + b] += product[po + b * k + c];
                        }
                    }
                }
            }
        }

        /** Two-body parts of every output, per entry (3.11). */
        private void twoBodyGradients(int from, int ne, double[] gradients) {
            DensityExpansion ts = scalar == null ? null : scalar.twoBodyExpansion();
            DensityExpansion tv = vector == null ? null : vector.twoBodyExpansion();
            int h2sLen = scalar == null ? 0 : h2s.length / k;
            int h2vLen = vector == null ? 0 : h2v.length / k;
            for (int q = 0; q < ne; q++) {
                int sp = spec[nb[q]];
                int eo = (from + perm[q]) * k * 3;
                for (int c = 0; c < k; c++) {
                    if (fn.usesScalar(c)) {
                        ts.addEntryGradient(scalar.twoBodyWork(ws), q, h2s, c * h2sLen + sp * ts.nmax, gradients,
                                eo + 3 * c);
                    }
                    if (fn.usesVector(c)) {
                        tv.addEntryGradient(vector.twoBodyWork(wv), q, h2v, c * h2vLen + sp * tv.nmax * 4, gradients,
                                eo + 3 * c);
                    }
                }
            }
        }
    }
}
