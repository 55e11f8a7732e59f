package org.zstar.descriptors;

import java.util.List;
import java.util.Map;
import org.zstar.structure.Structure;

/**
 * A calculator of per-atom environment descriptors (featomic-style: values and gradients together).
 * Instances are immutable and thread-safe; the neighbour species are fixed at construction so that
 * every frame gives the same feature layout.
 */
public interface AtomicDescriptor {

    /** 0 for invariant descriptors, 1 for lambda = 1 (vector) descriptors. */
    int rank();

    /** Numbers per atom (see {@link DescriptorSet#components}). */
    int components();

    /** Largest cutoff radius (Angstrom): atoms farther apart never influence each other's values. */
    double cutoff();

    /** Species (canonical symbols) this descriptor resolves; a frame with another species is an error. */
    List<String> species();

    /** Values, and when asked derivatives, for every atom of the frame. */
    DescriptorSet compute(Structure structure, boolean withDerivatives);

    /**
     * Values and derivatives of the centres [from, to) of a frame only (see {@link DescriptorSet#centres}): lets a
     * caller walk a large frame block by block without holding the derivatives of every centre at once. This
     * default computes the whole frame and cuts it; descriptors that can, compute only the block.
     */
    default DescriptorSet computeCentres(Structure structure, int from, int to) {
        return compute(structure, true).centres(from, to);
    }

    /** All hyper-parameters, to be saved with a model and to rebuild an identical descriptor. */
    Map<String, Object> hyperParameters();
}
