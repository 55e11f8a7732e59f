package org.zstar.descriptors;

import java.util.stream.IntStream;
import org.zstar.neighbors.NeighborList;
import org.zstar.structure.Structure;

/**
 * Reverse-mode contraction (THEORY.md 3.11 and 3.12) of functions that depend on a centre's invariant and lambda = 1
 * descriptors together, e.g. a charge and a dipole whose feature weights are modulated by invariant kernels. Both
 * descriptors are expanded on one neighbour list (cutoff the larger of theirs); when their three-body expansions
 * are the same (equal parameters), it is computed once per centre and shared. Per centre, the {@link Upstream} gets
 * both raw blocks and returns, per output k, {@code df_k/dX^s} and {@code df_k/dX^v}; each is pulled back through its
 * descriptor and the two add up in {@code d f_k / d r_e}. Nothing per entry is stored but these 3 numbers per output.
 */
public final class JointContraction {
    /** Centres per parallel task. */
    private static final int CHUNK = 4;

    private JointContraction() {
    }

    /**
     * The functions f_ik(X^s_i, X^v_i) of one centre and their gradients. Implementations must be thread-safe:
     * centres are evaluated in parallel.
     */
    public interface Upstream {
        int outputs();

        /** Whether output k depends on the invariant descriptor (else its gradient is not read). */
        boolean usesScalar(int k);

        /** Whether output k depends on the lambda = 1 descriptor (else its gradient is not read). */
        boolean usesVector(int k);

        /**
         * Writes f_ik into {@code out[k]}, {@code df_ik/dX^s} into {@code scalarGrad[k * Fs ..]} and {@code df_ik/dX^v}
         * into {@code vectorGrad[k * 3Fv ..]} (both overwritten for every output that uses them). {@code scalar} or
         * {@code vector} is null when the contraction has no such descriptor.
         */
        void evaluate(int centre, double[] scalar, double[] vector, double[] out, double[] scalarGrad,
                double[] vectorGrad);
    }

    /**
     * Contracts the upstream over every centre of the structure. Either descriptor may be null (then no output may
     * use it). The result has the entries of the joint neighbour list.
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
        ExpansionDescriptor any = scalar != null ? scalar : vector;
        int[] spec = any.speciesOfAtoms(structure);
        if (scalar != null && vector != null && !scalar.species().equals(vector.species())) {
            throw new IllegalArgumentException("joint contraction of descriptors with different species: "
                    + scalar.species() + " and " + vector.species());
        }
        double cutoff = Math.max(scalar == null ? 0 : scalar.cutoff(), vector == null ? 0 : vector.cutoff());
        NeighborList nl = NeighborList.build(structure, cutoff);
        int n = structure.size();
        double[] out = new double[n * k];
        double[] gradients = new double[3 * k * nl.entries()];
        boolean share = scalar != null && vector != null
                && scalar.threeBodyExpansion().sameAs(vector.threeBodyExpansion());
        int fs = scalar == null ? 0 : scalar.components();
        int cv = vector == null ? 0 : vector.components();
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            Object ws = scalar == null ? null : scalar.newWork();
            Object wv = vector == null ? null : vector.newWork();
            if (share) {
                vector.shareThreeBodyWork(wv, scalar.threeBodyWork(ws));
            }
            double[] xs = scalar == null ? null : new double[fs];
            double[] xv = vector == null ? null : new double[cv];
            double[] gs = scalar == null ? null : new double[k * fs];
            double[] gv = vector == null ? null : new double[k * cv];
            double[] o = new double[k];
            int end = Math.min(n, (ch + 1) * CHUNK);
            for (int i = ch * CHUNK; i < end; i++) {
                int from = nl.offsets[i], to = nl.offsets[i + 1];
                if (scalar != null) {
                    scalar.expandForContraction(ws, from, to, nl, spec, true);
                    scalar.contractionValues(ws, xs);
                }
                if (vector != null) {
                    vector.expandForContraction(wv, from, to, nl, spec, !share);
                    vector.contractionValues(wv, xv);
                }
                fn.evaluate(i, xs, xv, o, gs, gv);
                System.arraycopy(o, 0, out, i * k, k);
                for (int q = 0; q < k; q++) {
                    if (fn.usesScalar(q)) {
                        scalar.pullBack(ws, gs, q * fs, from, to, nl, spec, k, q, gradients);
                    }
                    if (fn.usesVector(q)) {
                        vector.pullBack(wv, gv, q * cv, from, to, nl, spec, k, q, gradients);
                    }
                }
            }
        });
        return new PairGradients(n, k, out, nl.offsets, nl.neighbours, nl.vectors, gradients);
    }
}
