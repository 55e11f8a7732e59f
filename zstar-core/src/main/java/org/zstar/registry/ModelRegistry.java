package org.zstar.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.zstar.forcefield.ForceFieldFiles;
import org.zstar.forcefield.KernelForceField;
import org.zstar.io.InputFormatException;
import org.zstar.io.VersionedJsonFiles;
import org.zstar.models.FixedChargeModel;
import org.zstar.models.KernelBecModel;
import org.zstar.models.ModelFiles;
import org.zstar.models.ModelKind;
import org.zstar.util.UserInputException;

/**
 * The model types zstar knows: the three kernel BEC models (one entry per {@link ModelKind}), the fixed-charge
 * baseline and the kernel force field, each with its terms, its file format and reader, and its capabilities.
 * The command line takes kind names, help texts and model-file loading from here; a file of the wrong type is
 * refused with a message naming what it is.
 *
 * <p>It sits above {@code org.zstar.models} and {@code org.zstar.forcefield} (it reads both kinds of file), so
 * neither depends on the other through it. Adding a model type: a new {@link ModelKind} constant for a kernel BEC
 * form (its entry follows from it), or one {@link Entry} in {@link #entries()} for another type;
 * {@code ModelRegistryTest} checks every entry's capabilities against a trained model.
 */
public final class ModelRegistry {
    private ModelRegistry() {
    }

    /** What a model type does. */
    public enum Capability {
        /** Predicts Born effective charges and the polarisation ({@code org.zstar.models.BecModel}). */
        BEC,
        /** Its predictions carry per-atom charges. */
        CHARGES,
        /** Its charges depend on the atomic environment (not one number per species). */
        ENVIRONMENT_CHARGES,
        /** Its predictions carry atomic dipoles. */
        DIPOLES,
        /** Energy, forces and virial ({@code org.zstar.md.ForceField}): it drives MD. */
        ENERGY_AND_FORCES,
        /** Fitted to data by zstar ({@code zstar train} or {@code zstar train-ff}). */
        TRAINABLE,
        /** Saved to and read from a versioned zstar file ({@link Entry#fileFormat}). */
        FILE,
        /** May carry a weight posterior (error bars, docs/THEORY.md "Uncertainty"). */
        POSTERIOR,
        /**
         * Predicts by reverse-mode contraction (memory linear in the atoms) on descriptors with
         * {@code DescriptorRegistry.Capability.REVERSE_MODE_CONTRACTION}, else through the full derivatives.
         */
        REVERSE_MODE_CONTRACTION
    }

    /**
     * One model type.
     *
     * @param name the command-line name
     * @param aliases other names it is known by
     * @param description one line on what it is
     * @param terms the terms of its prediction
     * @param becKind the kernel BEC form, or null for the other types
     * @param fileFormat the {@code format} tag of its files, or null when it has none
     * @param capabilities what it does
     * @param implementation the class of its models
     * @param reader reads one of its files, or null when it has none
     */
    public record Entry(String name, List<String> aliases, String description, List<String> terms,
            ModelKind becKind, String fileFormat, Set<Capability> capabilities, Class<?> implementation,
            Function<Path, ?> reader) {
        /**
         * Copies the lists.
         *
         * @param name the command-line name
         * @param aliases other names it is known by
         * @param description one line on what it is
         * @param terms the terms of its prediction
         * @param becKind the kernel BEC form, or null for the other types
         * @param fileFormat the {@code format} tag of its files, or null when it has none
         * @param capabilities what it does
         * @param implementation the class of its models
         * @param reader reads one of its files, or null when it has none
         */
        public Entry {
            aliases = List.copyOf(aliases);
            terms = List.copyOf(terms);
            capabilities = Set.copyOf(capabilities);
        }

        /**
         * Whether the type has a capability.
         *
         * @param c the capability
         * @return true when it has
         */
        public boolean has(Capability c) {
            return capabilities.contains(c);
        }
    }

    private static final List<Entry> ENTRIES = entries();

    /** The kernel BEC forms from {@link ModelKind}, then the fixed charges and the force field. */
    private static List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (ModelKind k : ModelKind.values()) {
            out.add(becEntry(k));
        }
        out.add(new Entry("fixed-charges", List.of("charges"), "a fixed charge per species, Z_j = q_s I "
                + "(zstar ir/dmdt --charges O=-0.8,H=0.4)", List.of("charge q_s per species"), null, null,
                EnumSet.of(Capability.BEC, Capability.CHARGES), FixedChargeModel.class, null));
        out.add(new Entry("force-field", List.of("ff"), "kernel force field on the invariant descriptor "
                + "(zstar train-ff)", List.of("energy E = sum_i e(x_i)", "forces -dE/dr", "virial"), null,
                ForceFieldFiles.FORMAT, EnumSet.of(Capability.ENERGY_AND_FORCES, Capability.TRAINABLE,
                        Capability.FILE, Capability.REVERSE_MODE_CONTRACTION),
                KernelForceField.class, ForceFieldFiles::load));
        return List.copyOf(out);
    }

    private static Entry becEntry(ModelKind k) {
        List<String> terms = new ArrayList<>();
        EnumSet<Capability> caps = EnumSet.of(Capability.BEC, Capability.CHARGES, Capability.TRAINABLE,
                Capability.FILE, Capability.POSTERIOR, Capability.REVERSE_MODE_CONTRACTION);
        if (k.hasCharges()) {
            terms.add("charges q_i from a scalar kernel");
            caps.add(Capability.ENVIRONMENT_CHARGES);
        } else {
            terms.add("fixed charge per species");
        }
        if (k.hasDipoles()) {
            terms.add("atomic dipoles p_i from a lambda = 1 kernel");
            caps.add(Capability.DIPOLES);
        }
        return new Entry(k.label(), k.aliases(), k.description(), terms, k, ModelFiles.FORMAT, caps,
                KernelBecModel.class, ModelFiles::load);
    }

    /**
     * Every registered type.
     *
     * @return the entries, the kernel BEC forms first
     */
    public static List<Entry> all() {
        return ENTRIES;
    }

    /**
     * The type of a name or alias.
     *
     * @param name e.g. "combined", "q+p" or "force-field", in any case
     * @return its entry
     * @throws UserInputException for an unknown name, listing the known ones
     */
    public static Entry byName(String name) {
        String t = name.toLowerCase(java.util.Locale.ROOT);
        for (Entry e : ENTRIES) {
            if (e.name().equals(t) || e.aliases().contains(t)) {
                return e;
            }
        }
        throw new UserInputException("unknown model type '" + name + "' (known: " + String.join(", ",
                ENTRIES.stream().map(Entry::name).toList()) + ")");
    }

    /**
     * The entry of a model object.
     *
     * @param model a BEC model, force field or other model
     * @return its entry (a kernel BEC model by its kind), or null when its class is not registered
     */
    public static Entry of(Object model) {
        if (model instanceof KernelBecModel m) {
            return byName(m.spec().kind().label());
        }
        for (Entry e : ENTRIES) {
            if (e.becKind() == null && e.implementation() == model.getClass()) {
                return e;
            }
        }
        return null;
    }

    /**
     * The kernel BEC forms, for help texts: "monopole (charges q), dipole (dipoles p with fixed charges) or
     * combined (q+p)".
     *
     * @return the sentence
     */
    public static String becKindHelp() {
        List<String> parts = new ArrayList<>();
        for (Entry e : ENTRIES) {
            if (e.becKind() != null) {
                parts.add(e.name() + " (" + e.becKind().shortDescription() + ")");
            }
        }
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
    }

    /**
     * The type of a zstar model file, from its {@code format} tag (the kernel BEC forms share one: the first is
     * returned; the file says which form).
     *
     * @param path a file
     * @return the entry, or null when the file is not a zstar model file of any registered type
     */
    public static Entry ofFile(Path path) {
        String format = VersionedJsonFiles.peekFormat(path);
        for (Entry e : ENTRIES) {
            if (format.equals(e.fileFormat())) {
                return e;
            }
        }
        return null;
    }

    /**
     * Reads any registered model file.
     *
     * @param path a model or force-field file
     * @return the model (a {@link KernelBecModel}, a {@link KernelForceField}, ...)
     * @throws InputFormatException when the file is none of them
     */
    public static Object read(Path path) {
        Entry e = ofFile(path);
        if (e == null) {
            throw new InputFormatException(path, 0, "not a zstar model file (known formats: " + String.join(", ",
                    ENTRIES.stream().map(Entry::fileFormat).filter(f -> f != null).distinct().toList()) + ")");
        }
        return e.reader().apply(path);
    }

    /**
     * Reads a BEC model file ({@code zstar train}).
     *
     * @param path the file
     * @return the model
     * @throws InputFormatException naming what the file is when it is another registered type
     */
    public static KernelBecModel readBecModel(Path path) {
        refuseOtherType(path, ModelFiles.FORMAT, "a BEC model (zstar train)");
        return ModelFiles.load(path);
    }

    /**
     * Reads a force-field file ({@code zstar train-ff}).
     *
     * @param path the file
     * @return the force field
     * @throws InputFormatException naming what the file is when it is another registered type
     */
    public static KernelForceField readForceField(Path path) {
        refuseOtherType(path, ForceFieldFiles.FORMAT, "a force field (zstar train-ff)");
        return ForceFieldFiles.load(path);
    }

    /** A registered file of another format than {@code wanted} fails here, with what it is and what was wanted. */
    private static void refuseOtherType(Path path, String wanted, String wantedText) {
        Entry e = ofFile(path);
        if (e != null && !wanted.equals(e.fileFormat())) {
            String what = e.becKind() != null ? "a BEC model" : "a " + e.name() + " (" + e.description() + ")";
            throw new InputFormatException(path, 0, "this is " + what + " file (format '" + e.fileFormat()
                    + "'), but " + wantedText + " is needed here");
        }
    }
}
