package org.zstar.models;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorParameters;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.util.UserInputException;

/**
 * The descriptor types zstar knows, by the {@code "type"} name their hyper-parameters carry in model and
 * force-field files, with what each provides. The models ask it instead of testing concrete classes: a
 * descriptor that is not registered, or lacks a capability, is still usable where only
 * {@link AtomicDescriptor} is needed, and takes the general (slower) route everywhere else.
 *
 * <p>It lives beside the models (not in {@code org.zstar.descriptors}) because the unit-normalised wrapper
 * {@link UnitDescriptor}, which every charge kernel uses, is a models class. Adding a descriptor type: implement
 * {@link AtomicDescriptor}, give it a static {@code fromMap} and add one {@link Entry} to {@link #ENTRIES};
 * {@code DescriptorRegistryTest} then checks its capabilities against its behaviour.
 */
public final class DescriptorRegistry {
    private DescriptorRegistry() {
    }

    /** What a descriptor type provides. */
    public enum Capability {
        /** Per-atom values. */
        VALUES,
        /** Exact position derivatives of the values (derivative learning and forces need them). */
        GRADIENTS,
        /** Values and derivatives of a block of centres only ({@code computeCentres}), bounding training memory. */
        CENTRE_BLOCKS,
        /**
         * Reverse-mode contraction of per-centre upstream gradients inside the descriptor
         * ({@code org.zstar.descriptors.JointContraction}): the fast prediction path of the BEC models and force
         * field. Only the classes that {@code JointContraction} takes may claim it ({@link ScalarDescriptor} at
         * rank 0, {@link VectorDescriptor} at rank 1).
         */
        REVERSE_MODE_CONTRACTION,
        /** Values of unit length (the kernels' {@code x^ = X/|X|}); {@link #unitInner} gives the raw descriptor. */
        UNIT_NORMALISED
    }

    /**
     * One descriptor type.
     *
     * @param type the {@code "type"} name of its hyper-parameters
     * @param rank 0 for invariant (scalar) descriptors, 1 for lambda = 1 (vector) ones
     * @param description what it is, for help and docs
     * @param hyperParameters the names of its hyper-parameters besides {@code "type"}
     * @param capabilities what it provides
     * @param implementation the class (matched exactly: a subclass does not inherit the capabilities)
     * @param reader rebuilds a descriptor from its hyper-parameters
     */
    public record Entry(String type, int rank, String description, List<String> hyperParameters,
            Set<Capability> capabilities, Class<? extends AtomicDescriptor> implementation,
            Function<Map<String, ?>, AtomicDescriptor> reader) {
        /**
         * Copies the lists.
         *
         * @param type the {@code "type"} name of its hyper-parameters
         * @param rank 0 for invariant (scalar) descriptors, 1 for lambda = 1 (vector) ones
         * @param description what it is, for help and docs
         * @param hyperParameters the names of its hyper-parameters besides {@code "type"}
         * @param capabilities what it provides
         * @param implementation the class (matched exactly: a subclass does not inherit the capabilities)
         * @param reader rebuilds a descriptor from its hyper-parameters
         */
        public Entry {
            hyperParameters = List.copyOf(hyperParameters);
            capabilities = Set.copyOf(capabilities);
        }

        /**
         * Whether the type provides a capability.
         *
         * @param c the capability
         * @return true when it does
         */
        public boolean has(Capability c) {
            return capabilities.contains(c);
        }
    }

    private static final List<String> VASP_PARAMETERS = List.copyOf(
            DescriptorParameters.defaults("H").toMap().keySet());

    @SuppressWarnings("unchecked")
    private static final List<Entry> ENTRIES = List.of(
            new Entry(ScalarDescriptor.TYPE, 0, "invariant descriptor of the VASP machine-learned force field: "
                    + "2-body radial and 3-body power spectrum of smeared neighbour densities on a spherical-Bessel "
                    + "basis", VASP_PARAMETERS, EnumSet.of(Capability.VALUES, Capability.GRADIENTS,
                            Capability.CENTRE_BLOCKS, Capability.REVERSE_MODE_CONTRACTION),
                    ScalarDescriptor.class, ScalarDescriptor::fromMap),
            new Entry(VectorDescriptor.TYPE, 1, "lambda = 1 equivariant block of the same densities (one 3-vector "
                    + "per feature), for atomic dipoles", VASP_PARAMETERS, EnumSet.of(Capability.VALUES,
                            Capability.GRADIENTS, Capability.CENTRE_BLOCKS, Capability.REVERSE_MODE_CONTRACTION),
                    VectorDescriptor.class, VectorDescriptor::fromMap),
            new Entry(UnitDescriptor.TYPE, 0, "an invariant descriptor (\"of\") normalised to unit length, with "
                    + "exact derivatives", List.of("of"), EnumSet.of(Capability.VALUES, Capability.GRADIENTS,
                            Capability.CENTRE_BLOCKS, Capability.UNIT_NORMALISED),
                    UnitDescriptor.class, m -> new UnitDescriptor(fromMap((Map<String, ?>) m.get("of")))));

    /**
     * Every registered type.
     *
     * @return the entries, in registration order
     */
    public static List<Entry> all() {
        return ENTRIES;
    }

    /**
     * The type of a name.
     *
     * @param type a {@code "type"} name
     * @return its entry
     * @throws UserInputException for a name that is not registered (a model file from another program)
     */
    public static Entry byType(String type) {
        for (Entry e : ENTRIES) {
            if (e.type().equals(type)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        ENTRIES.forEach(e -> names.add(e.type()));
        throw new UserInputException("unknown descriptor type '" + type + "' (known: " + String.join(", ", names)
                + ")");
    }

    /**
     * The entry of a descriptor's class.
     *
     * @param d a descriptor, or null
     * @return its entry, or null for null and for classes that are not registered
     */
    public static Entry of(AtomicDescriptor d) {
        if (d == null) {
            return null;
        }
        for (Entry e : ENTRIES) {
            if (e.implementation() == d.getClass()) {
                return e;
            }
        }
        return null;
    }

    /**
     * Whether a descriptor provides a capability.
     *
     * @param d a descriptor, or null
     * @param c the capability
     * @return true only for a registered descriptor whose type provides it
     */
    public static boolean has(AtomicDescriptor d, Capability c) {
        Entry e = of(d);
        return e != null && e.has(c);
    }

    /**
     * The raw descriptor inside a unit-normalised one.
     *
     * @param d a descriptor, or null
     * @return the descriptor it normalises, or null when it is not a registered {@link Capability#UNIT_NORMALISED} one
     */
    public static AtomicDescriptor unitInner(AtomicDescriptor d) {
        return has(d, Capability.UNIT_NORMALISED) ? ((UnitDescriptor) d).inner() : null;
    }

    /**
     * Rebuilds any registered descriptor from its {@link AtomicDescriptor#hyperParameters()}.
     *
     * @param map hyper-parameters with a {@code "type"}
     * @return a descriptor identical to the one that wrote them
     * @throws UserInputException for a type that is not registered
     */
    public static AtomicDescriptor fromMap(Map<String, ?> map) {
        return byType(String.valueOf(map.get("type"))).reader().apply(map);
    }
}
