package org.zstar.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's public and protected Javadoc has no doclint error (malformed HTML, bad references, syntax): the
 * check of {@code javadoc -Xdoclint:all}, without the missing-comment group, run through the JDK's compiler on
 * zstar-core's sources (about 10 s of CPU). {@code dev/javadoc-check} prints the whole report, warnings included.
 */
class JavadocLintTest {
    /** A source with one known doclint error, compiled with the library: proves that the check reports errors. */
    static final String PROBE = "package org.zstar.lintprobe;\n/** Broken on purpose: a < b. */\npublic final class "
            + "LintProbe {\n    private LintProbe() {\n    }\n}\n";

    @TempDir
    Path out;

    @Test
    void publicApiHasNoDoclintErrors() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK, not a JRE").isNotNull();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(100);
        Path probe = out.resolve("src/org/zstar/lintprobe/LintProbe.java");
        Files.createDirectories(probe.getParent());
        Files.writeString(probe, PROBE);
        sources = new ArrayList<>(sources);
        sources.add(probe);
        Path classes = Files.createDirectories(out.resolve("classes"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("-Xdoclint:all,-missing/protected", "-proc:none", "-implicit:none",
                    "-XDshould-stop.ifNoError=FLOW",
                    "-nowarn", "-Xmaxerrs", "10000", "-d", classes.toString(), "-classpath",
                    System.getProperty("java.class.path"));
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(sources)).call();
        }
        List<String> errors = new ArrayList<>();
        boolean probeReported = false;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null ? "?" : Path.of(d.getSource().toUri()).getFileName().toString();
            if (file.equals("LintProbe.java")) {
                probeReported = true;
            } else {
                errors.add(file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
            }
        }
        assertThat(errors).as("doclint errors").isEmpty();
        assertThat(probeReported).as("the check reports the probe's malformed HTML").isTrue();
    }
}
