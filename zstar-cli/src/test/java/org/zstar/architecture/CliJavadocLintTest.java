package org.zstar.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.testutil.DocLint;

/**
 * zstar-cli's public and protected Javadoc (org.zstar.cli, plot, demo) is complete and well formed: no doclint error,
 * and no missing-comment warning outside {@link #FILES_WITH_WARNINGS} ({@link DocLint}, the check of {@code javadoc
 * -Xdoclint:all}; {@code dev/javadoc-check zstar-cli} prints the javadoc tool's own report).
 */
class CliJavadocLintTest {
    /**
     * The lead's reserved benchmark commands, whose implicit constructors JDK 25's doclint reports ("use of default
     * constructor"; JDK 17's does not, so there is no check that they still have warnings). Never add a file.
     */
    static final Set<String> FILES_WITH_WARNINGS = Set.of("cli/BenchPredictCommand.java", "cli/BenchTrainCommand.java");

    @TempDir
    Path out;

    @Test
    void publicApiHasNoDoclintErrorsOrNewMissingComments() throws IOException {
        DocLint.Report r = DocLint.run(Path.of("src/main/java"), out);
        assertThat(r.errors()).as("doclint errors").isEmpty();
        assertThat(r.probeReported()).as("the check reports the probe's malformed HTML").isTrue();
        List<String> unexpected = r.warnings().stream()
                .filter(w -> !FILES_WITH_WARNINGS.contains(w.substring(0, w.indexOf(':')))).toList();
        assertThat(unexpected).as("doclint warnings: document the new API").isEmpty();
    }
}
