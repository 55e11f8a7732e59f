package org.zstar.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.zstar.io.Format;
import org.zstar.models.ModelKind;
import org.zstar.registry.ModelRegistry;

/**
 * Help texts generated from the registries, which picocli interpolates as {@code ${sys:NAME}} in option
 * descriptions and labels: the formats ({@code zstar.formats}) and the kernel BEC forms ({@code zstar.becKinds}
 * "monopole (charges q), ...", {@code zstar.becKindNames} "monopole, dipole or combined",
 * {@code zstar.becKindLabels} "monopole|dipole|combined"). A new format or model form shows up in every help text
 * without an edit here.
 */
public final class HelpTexts {
    private HelpTexts() {
    }

    /** Sets the system properties; called before the command line is built. */
    public static void install() {
        System.setProperty("zstar.formats", Format.helpList());
        System.setProperty("zstar.becKinds", ModelRegistry.becKindHelp());
        System.setProperty("zstar.becKindNames", ModelKind.names());
        System.setProperty("zstar.becKindLabels", Arrays.stream(ModelKind.values()).map(ModelKind::label)
                .collect(Collectors.joining("|")));
    }
}
