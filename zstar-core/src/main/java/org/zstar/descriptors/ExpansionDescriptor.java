package org.zstar.descriptors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.zstar.neighbors.NeighborList;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Common driver of the scalar and vector descriptors: species mapping, one neighbour list with the
 * largest cutoff, preallocated output arrays, and a parallel loop over chunks of centres that write
 * disjoint ranges (values of their atoms, derivative rows of their own neighbour entries). The parallel
 * loop runs in the calling ForkJoinPool (the common pool unless called from inside another pool).
 */
abstract class ExpansionDescriptor implements AtomicDescriptor {
    /** Centres per parallel task. */
    private static final int CHUNK = 4;

    final DescriptorParameters params;
    final Map<String, Integer> speciesIndex = new HashMap<>();

    ExpansionDescriptor(DescriptorParameters params) {
        this.params = params;
        for (int s = 0; s < params.species().size(); s++) {
            speciesIndex.put(params.species().get(s), s);
        }
    }

    /**
     * The parameters this descriptor was built with.
     *
     * @return the hyper-parameters (cutoffs, basis sizes, sigma, beta, species)
     */
    public DescriptorParameters parameters() {
        return params;
    }

    @Override
    public double cutoff() {
        return Math.max(params.r2(), params.r3());
    }

    @Override
    public List<String> species() {
        return params.species();
    }

    /** Descriptor type name stored in {@link #hyperParameters()} under "type". */
    abstract String typeName();

    @Override
    public Map<String, Object> hyperParameters() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("type", typeName());
        m.putAll(params.toMap());
        return m;
    }

    /** Per-thread scratch of a subclass. */
    abstract Object newWork();

    /**
     * Values of centre i into values[i*components ...] and, when derivatives != null, the rows of its
     * entries [from, to) of the neighbour list.
     */
    abstract void centre(Object work, int i, int from, int to, NeighborList nl, int[] speciesOfAtom,
            double[] values, double[] derivatives);

    int[] speciesOfAtoms(Structure s) {
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) {
            Integer k = speciesIndex.get(s.symbol(i));
            if (k == null) {
                throw new UserInputException("species " + s.symbol(i) + " is not resolved by this descriptor "
                        + "(species " + params.species() + ")");
            }
            out[i] = k;
        }
        return out;
    }

    @Override
    public DescriptorSet compute(Structure structure, boolean withDerivatives) {
        int[] spec = speciesOfAtoms(structure);
        NeighborList nl = NeighborList.build(structure, cutoff());
        int n = structure.size();
        int comps = components();
        double[] values = new double[n * comps];
        double[] derivatives = null;
        if (withDerivatives) {
            long len = 3L * nl.entries() * comps;
            if (len > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("descriptor derivatives of this frame need " + len
                        + " numbers, more than one Java array holds (" + nl.entries() + " neighbour entries x "
                        + comps + " components x 3)");
            }
            derivatives = new double[(int) len];
        }
        double[] d = derivatives;
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            Object work = newWork();
            int end = Math.min(n, (ch + 1) * CHUNK);
            for (int i = ch * CHUNK; i < end; i++) {
                centre(work, i, nl.offsets[i], nl.offsets[i + 1], nl, spec, values, d);
            }
        });
        if (!withDerivatives) {
            return new DescriptorSet(n, comps, rank(), values, null, null, null, null);
        }
        return new DescriptorSet(n, comps, rank(), values, nl.offsets, nl.neighbours, nl.vectors, derivatives);
    }

    /**
     * Only the centres [from, to) (values and derivatives): the neighbour list is cut to their entries, so the
     * derivative array holds those entries alone.
     */
    @Override
    public DescriptorSet computeCentres(Structure structure, int from, int to) {
        int[] spec = speciesOfAtoms(structure);
        NeighborList nl = NeighborList.build(structure, cutoff()).centres(from, to);
        int n = structure.size();
        int comps = components();
        double[] values = new double[n * comps];
        double[] d = new double[3 * nl.entries() * comps];
        int chunks = (to - from + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            Object work = newWork();
            int end = Math.min(to, from + (ch + 1) * CHUNK);
            for (int i = from + ch * CHUNK; i < end; i++) {
                centre(work, i, nl.offsets[i], nl.offsets[i + 1], nl, spec, values, d);
            }
        });
        return new DescriptorSet(n, comps, rank(), values, nl.offsets, nl.neighbours, nl.vectors, d);
    }

    /** One centre of a reverse-mode contraction (see {@link #contractAll}). */
    interface CentreContraction {
        /**
         * Values of centre i into {@code x}, f_ik into {@code out[i * outputs + k]}, and the entry gradients of its
         * entries [from, to) into {@code gradients[(e * outputs + k) * 3 ..]}; {@code g} is scratch of length
         * outputs x components.
         */
        void run(Object work, int i, int from, int to, NeighborList nl, int[] speciesOfAtom, double[] x,
                double[] g, CentreFunctions fn, double[] out, double[] gradients);
    }

    /**
     * Driver of a reverse-mode contraction: the same chunked parallel loop as {@link #compute}, but each
     * centre contracts its own derivative blocks against df_ik/dX_i at once, so they are never stored.
     */
    PairGradients contractAll(Structure structure, CentreFunctions fn, CentreContraction step) {
        int[] spec = speciesOfAtoms(structure);
        NeighborList nl = NeighborList.build(structure, cutoff());
        int n = structure.size();
        int comps = components();
        int k = fn.outputs();
        if (k < 1) {
            throw new IllegalArgumentException("a contraction needs at least one output, got " + k);
        }
        double[] out = new double[n * k];
        double[] gradients = new double[3 * k * nl.entries()];
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            Object work = newWork();
            double[] x = new double[comps];
            double[] g = new double[k * comps];
            int end = Math.min(n, (ch + 1) * CHUNK);
            for (int i = ch * CHUNK; i < end; i++) {
                step.run(work, i, nl.offsets[i], nl.offsets[i + 1], nl, spec, x, g, fn, out, gradients);
            }
        });
        return new PairGradients(n, k, out, nl.offsets, nl.neighbours, nl.vectors, gradients);
    }

    /** The parameters of a hyper-parameter map, which must name the given type (or none). */
    static DescriptorParameters parametersOfType(Map<String, ?> map, String type) {
        Object t = map.get("type");
        if (t != null && !type.equals(t.toString())) {
            throw new IllegalArgumentException("not a " + type + " descriptor: type " + t);
        }
        return DescriptorParameters.fromMap(map);
    }
}
