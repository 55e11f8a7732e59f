package org.zstar.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.Descriptors;
import org.zstar.structure.Structure;

/** An invariant descriptor normalised to unit length (kernels use unit vectors), with exact derivatives. */
public final class UnitDescriptor implements AtomicDescriptor {
    /** The {@code "type"} of its hyper-parameters. */
    public static final String TYPE = "unit";
    private final AtomicDescriptor inner;

    /**
     * The unit-normalised values x^ = X/|X| of a descriptor, with their derivatives.
     *
     * @param inner the raw descriptor
     */
    public UnitDescriptor(AtomicDescriptor inner) {
        if (inner.rank() != 0) {
            throw new IllegalArgumentException("only invariant descriptors are normalised");
        }
        this.inner = inner;
    }

    /** {@return the raw descriptor} */
    public AtomicDescriptor inner() {
        return inner;
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int components() {
        return inner.components();
    }

    @Override
    public double cutoff() {
        return inner.cutoff();
    }

    @Override
    public List<String> species() {
        return inner.species();
    }

    @Override
    public DescriptorSet compute(Structure structure, boolean withDerivatives) {
        return Descriptors.normalize(inner.compute(structure, withDerivatives));
    }

    @Override
    public DescriptorSet computeCentres(Structure structure, int from, int to) {
        return Descriptors.normalize(inner.computeCentres(structure, from, to));
    }

    @Override
    public Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("of", inner.hyperParameters());
        return m;
    }

    /**
     * Rebuilds any descriptor a model file names, unit-normalised ones included ({@link DescriptorRegistry#fromMap}).
     *
     * @param map hyper-parameters with a {@code "type"}
     * @return the descriptor
     */
    public static AtomicDescriptor resolve(Map<String, Object> map) {
        return DescriptorRegistry.fromMap(map);
    }
}
