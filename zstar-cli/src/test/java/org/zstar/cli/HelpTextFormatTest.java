package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command's header and description lines go through {@link String#format} in picocli: a bare '%' (as in "95 % band")
 * makes {@code zstar CMD --help} print a "[picocli WARN] Could not format" line. Checks the header and description of
 * every command (a literal percent sign must be written '%%' there; option descriptions are printed as written).
 */
class HelpTextFormatTest {
    @Test
    void everyHelpLineIsAValidFormatString() {
        List<String> bad = new ArrayList<>();
        collect(Main.newCommandLine(), bad);
        assertThat(bad).as("help lines with a bare percent sign (write it as two)").isEmpty();
    }

    @Test
    void theCheckCatchesABarePercentSign() {
        List<String> bad = new ArrayList<>();
        check("test", new String[] {"mean and 95 % band", "100 %% fine", "line%n"}, bad);
        assertThat(bad).containsExactly("test: mean and 95 % band");
    }

    private static void collect(CommandLine cl, List<String> bad) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName();
        check(name + " header", spec.usageMessage().header(), bad);
        check(name + " description", spec.usageMessage().description(), bad);
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, bad);
        }
    }

    private static void check(String where, String[] lines, List<String> bad) {
        for (String line : lines) {
            try {
                String.format(Locale.ROOT, line);
            } catch (IllegalFormatException e) {
                bad.add(where + ": " + line);
            }
        }
    }
}
