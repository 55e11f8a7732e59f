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

    /** All hyper-parameters, to be saved with a model and to rebuild an identical descriptor. */
    Map<String, Object> hyperParameters();
}
