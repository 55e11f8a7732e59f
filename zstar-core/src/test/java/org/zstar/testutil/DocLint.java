package org.zstar.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The doclint check of {@code javadoc -Xdoclint:all} on a module's public and protected API, run through the JDK's
 * compiler (no HTML is written): the errors, and the missing-comment warnings per file. A probe source with one
 * known error is compiled along, so that a check which reports nothing can be told from one that cannot report.
 */
public final class DocLint {
    /** The diagnostic code of doclint's warnings in javac (other compiler warnings have their own codes). */
    static final String DOCLINT_WARNING = "compiler.warn.proc.messager";

    /** A source with one known doclint error: proves that the check reports errors. */
    static final String PROBE = "package org.zstar.lintprobe;\n/** Broken on purpose: a < b. */\npublic final class "
            + "LintProbe {\n    private LintProbe() {\n    }\n}\n";

    private DocLint() {
    }

    /**
     * What doclint found.
     *
     * @param errors one line per error, "file:line: message"
     * @param warnings one line per warning, "file:line: message"
     * @param warningsPerFile file to its number of warnings
     * @param probeReported whether the probe's known error was reported
     */
    public record Report(List<String> errors, List<String> warnings, Map<String, Integer> warningsPerFile,
            boolean probeReported) {
    }

    /**
     * Runs doclint on every source under a module's source root; files are named relative to
     * {@code sourceRoot/org/zstar} ("io/Format.java").
     *
     * @param sourceRoot the module's src/main/java
     * @param work an empty scratch folder (the probe and the class files go there)
     * @return the report
     * @throws IOException when the sources cannot be listed or the probe cannot be written
     */
    public static Report run(Path sourceRoot, Path work) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the doclint check needs a JDK, not a JRE");
        }
        List<Path> sources;
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            sources = new ArrayList<>(files.filter(p -> p.toString().endsWith(".java")).toList());
        }
        Path probe = work.resolve("src/org/zstar/lintprobe/LintProbe.java");
        Files.createDirectories(probe.getParent());
        Files.writeString(probe, PROBE);
        sources.add(probe);
        Path classes = Files.createDirectories(work.resolve("classes"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            // doclint on the public and protected API, missing comments included (-Xlint:none or -nowarn would
            // silence doclint's warnings too: the other compiler warnings are filtered out below)
            List<String> options = List.of("-Xdoclint:all/protected", "-proc:none", "-implicit:none",
                    "-XDshould-stop.ifNoError=FLOW", "-Xmaxerrs", "100000", "-Xmaxwarns", "100000",
                    "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"));
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(sources)).call();
        }
        Path pkg = sourceRoot.resolve("org/zstar").toAbsolutePath().normalize();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Integer> perFile = new TreeMap<>();
        boolean probeReported = false;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getSource() == null) {
                continue;
            }
            Path source = Path.of(d.getSource().toUri()).toAbsolutePath().normalize();
            String file = source.startsWith(pkg) ? pkg.relativize(source).toString().replace('\\', '/')
                    : source.getFileName().toString();
            String line = file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT);
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                if (file.equals("LintProbe.java")) {
                    probeReported = true;
                } else {
                    errors.add(line);
                }
            } else if (d.getKind() == Diagnostic.Kind.WARNING && DOCLINT_WARNING.equals(d.getCode())) {
                warnings.add(line);
                perFile.merge(file, 1, Integer::sum);
            }
        }
        return new Report(errors, warnings, perFile, probeReported);
    }
}
