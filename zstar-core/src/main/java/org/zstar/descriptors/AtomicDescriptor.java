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

    /**
     * The tensor rank of the values.
     *
     * @return 0 for invariant descriptors, 1 for lambda = 1 (vector) descriptors
     */
    int rank();

    /**
     * The length of one atom's block of values.
     *
     * @return numbers per atom: the features for rank 0, 3 x features for rank 1 (see
     *     {@link DescriptorSet#components})
     */
    int components();

    /**
     * The range of the descriptor.
     *
     * @return the largest cutoff radius (Angstrom): atoms farther apart never influence each other's values
     */
    double cutoff();

    /**
     * The neighbour species, in feature order.
     *
     * @return the canonical symbols this descriptor resolves; a frame with another species is an error
     */
    List<String> species();

    /**
     * Values, and when asked derivatives, for every atom of the frame.
     *
     * @param structure the frame (positions in Angstrom); every species must be one of {@link #species()}
     * @param withDerivatives whether to compute the per-neighbour-image derivative blocks (THEORY.md 3.10) as
     *     well; they dominate time and memory
     * @return values of every atom, with neighbour entries and derivatives when asked (else those are null)
     * @throws org.zstar.util.UserInputException when the frame holds a species this descriptor does not resolve,
     *     or two atoms overlap (closer than 1e-6 Angstrom)
     */
    DescriptorSet compute(Structure structure, boolean withDerivatives);

    /**
     * Values and derivatives of the centres [from, to) of a frame only (see {@link DescriptorSet#centres}): lets a
     * caller walk a large frame block by block without holding the derivatives of every centre at once. This
     * default computes the whole frame and cuts it; descriptors that can, compute only the block.
     *
     * @param structure the frame (positions in Angstrom)
     * @param from first centre (atom index) of the block
     * @param to one past the last centre of the block
     * @return a set over all atoms of the frame whose centres outside [from, to) have zero values and no
     *     neighbour entries; the derivative array holds the entries of the block alone
     */
    default DescriptorSet computeCentres(Structure structure, int from, int to) {
        return compute(structure, true).centres(from, to);
    }

    /**
     * All hyper-parameters, to be saved with a model and to rebuild an identical descriptor.
     *
     * @return an ordered, JSON-friendly map with the descriptor "type" and its parameters, the input of
     *     {@link Descriptors#fromMap}
     */
    Map<String, Object> hyperParameters();
}
