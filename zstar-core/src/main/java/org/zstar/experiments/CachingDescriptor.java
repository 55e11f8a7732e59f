package org.zstar.experiments;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.structure.Structure;

/**
 * Wraps a descriptor so that the experiments compute each frame's descriptors once.
 *
 * <ul>
 *   <li>Values without derivatives are kept per frame (keyed by object identity) until {@link #clearValues()}:
 *       the reference selection of several models over the same pool then costs one pass.</li>
 *   <li>Values with derivatives are kept for the last frame computed on each thread, so that the designs of
 *       the monopole, dipole and combined models of one frame share one descriptor computation.</li>
 *   <li>{@link #selectionView()} is a view whose {@code compute(s, true)} returns the values with an empty
 *       neighbour list (no derivative entries). Passing it to {@code BecTrainer.assemble} runs the library's
 *       own reference selection (which only uses values) at the price of values only; the normal equations
 *       that call assembles are then meaningless and are thrown away. Only the references are used.</li>
 * </ul>
 * Thread-safe. The hyper-parameters are those of the wrapped descriptor.
 */
public final class CachingDescriptor implements AtomicDescriptor {
    private final AtomicDescriptor inner;
    private final boolean selectionOnly;
    private final ConcurrentHashMap<Key, DescriptorSet> values;
    private final ThreadLocal<Object[]> last = new ThreadLocal<>();

    /** Identity key: frames are immutable and the same object is passed for the same frame. */
    private record Key(Structure s) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.s == s;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(s);
        }
    }

    public CachingDescriptor(AtomicDescriptor inner) {
        this(inner, false, new ConcurrentHashMap<>());
    }

    private CachingDescriptor(AtomicDescriptor inner, boolean selectionOnly, ConcurrentHashMap<Key, DescriptorSet> values) {
        this.inner = inner;
        this.selectionOnly = selectionOnly;
        this.values = values;
    }

    /** A view sharing the value cache whose derivative sets are empty (for reference selection only). */
    public CachingDescriptor selectionView() {
        return new CachingDescriptor(inner, true, values);
    }

    public AtomicDescriptor inner() {
        return inner;
    }

    /** Drops the cached values (after the references are chosen). */
    public void clearValues() {
        values.clear();
    }

    @Override
    public int rank() {
        return inner.rank();
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
        if (!withDerivatives || selectionOnly) {
            DescriptorSet v = values.computeIfAbsent(new Key(structure), k -> inner.compute(k.s, false));
            if (!withDerivatives) {
                return v;
            }
            // empty neighbour list: valid derivative arrays with no entries
            return new DescriptorSet(v.atoms, v.components, v.rank, v.values, new int[v.atoms + 1], new int[0],
                    new double[0], new double[0]);
        }
        Object[] memo = last.get();
        if (memo != null && memo[0] == structure) {
            return (DescriptorSet) memo[1];
        }
        DescriptorSet d = inner.compute(structure, true);
        last.set(new Object[] {structure, d});
        return d;
    }

    /** Forgets this thread's last frame (frees its derivative arrays). */
    public void releaseThread() {
        last.remove();
    }

    @Override
    public Map<String, Object> hyperParameters() {
        return inner.hyperParameters();
    }
}
