package org.zstar.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.testutil.DocLint;

/**
 * zstar-cli's public and protected Javadoc (org.zstar.cli, plot, demo) is complete and well formed: no doclint error
 * and no missing-comment warning in any file ({@link DocLint}, the check of {@code javadoc -Xdoclint:all};
 * {@code dev/javadoc-check zstar-cli} prints the javadoc tool's own report).
 */
class CliJavadocLintTest {
    @TempDir
    Path out;

    @Test
    void publicApiHasNoDoclintErrorsOrWarnings() throws IOException {
        DocLint.Report r = DocLint.run(Path.of("src/main/java"), out);
        assertThat(r.errors()).as("doclint errors").isEmpty();
        assertThat(r.probeReported()).as("the check reports the probe's malformed HTML").isTrue();
        assertThat(r.warnings()).as("doclint warnings: document the new API").isEmpty();
    }
}
