package org.zstar.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zstar.util.UserInputException;

/**
 * The three BEC model forms of the method. Each constant carries its command-line name (its {@link #label}), the
 * other names it is parsed from and a one-line description; {@code org.zstar.registry.ModelRegistry} lists them
 * with their capabilities, so a new form is one constant here (and its terms in {@link BecDesign}).
 */
public enum ModelKind {
    /** Environment-dependent atomic charges from a scalar kernel; Z from dP/dr with P = sum q r. */
    MONOPOLE("charges q", "environment-dependent atomic charges q_i from a scalar kernel; Z = dP/dr with "
            + "P = sum q r", "q"),
    /** Atomic dipoles from a lambda = 1 kernel plus fixed per-species charges. */
    DIPOLE("dipoles p with fixed charges", "atomic dipoles p_i from a lambda = 1 kernel plus fixed per-species "
            + "charges", "p"),
    /** Both charges and dipoles, fitted jointly. */
    COMBINED("q+p", "charges and dipoles fitted jointly (P = sum q r + sum p)", "q+p", "qp");

    private final String shortDescription;
    private final String description;
    private final List<String> aliases;

    ModelKind(String shortDescription, String description, String... aliases) {
        this.shortDescription = shortDescription;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    /** {@return whether the model predicts environment-dependent charges} */
    public boolean hasCharges() {
        return this != DIPOLE;
    }

    /** {@return whether the model predicts atomic dipoles} */
    public boolean hasDipoles() {
        return this != MONOPOLE;
    }

    /** {@return the other names {@link #parse} accepts (e.g. "q" for the monopole model)} */
    public List<String> aliases() {
        return aliases;
    }

    /** {@return a few words for help texts, e.g. "charges q"} */
    public String shortDescription() {
        return shortDescription;
    }

    /** {@return one line on what the model predicts} */
    public String description() {
        return description;
    }

    /**
     * The kind of a name or alias, in any case.
     *
     * @param s a name such as "combined" or an alias such as "q+p"
     * @return the kind
     * @throws UserInputException for any other text
     */
    public static ModelKind parse(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        for (ModelKind k : values()) {
            if (k.label().equals(t) || k.aliases.contains(t)) {
                return k;
            }
        }
        throw new UserInputException("unknown model '" + s + "' (" + names() + ")");
    }

    /** {@return the names of every kind, "monopole, dipole or combined"} */
    public static String names() {
        List<String> names = new ArrayList<>();
        for (ModelKind k : values()) {
            names.add(k.label());
        }
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** {@return the command-line name, e.g. "combined"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
