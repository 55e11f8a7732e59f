package org.zstar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Options that were renamed: giving one fails with a message that names its replacement, so that an old script
 * stops instead of silently meaning something else (the sum-rule flags once meant different things per command).
 */
final class RetiredOptions {
    private RetiredOptions() {
    }

    /** The error for {@code old}, which is now {@code replacement} (what the new option does, in words). */
    static CommandLine.ParameterException renamed(CommandSpec command, String old, String replacement, String meaning) {
        return new CommandLine.ParameterException(command.commandLine(), old + " was renamed: use " + replacement
                + " (" + meaning + ")");
    }
}
