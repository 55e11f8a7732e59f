package org.zstar.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * The library's public and protected Javadoc is complete and well formed: the check of {@code javadoc
 * -Xdoclint:all}, run through the JDK's compiler on zstar-core's sources (about 10 s of CPU).
 * <ul>
 * <li>No doclint error (malformed HTML, bad references, syntax) anywhere.</li>
 * <li>No doclint warning (a missing comment, {@code @param}, {@code @return} or {@code @throws}) outside the
 * files of {@link #FILES_WITH_WARNINGS}: a new warning in any other file fails the test, so the count cannot
 * regress.</li>
 * <li>Every file of {@link #FILES_WITH_WARNINGS} still has a warning: when a file is fixed, the test asks for its
 * removal from the list, so the list only shrinks (to empty, when the whole API is documented).</li>
 * </ul>
 * {@code dev/javadoc-check} prints the whole report of the javadoc tool itself, per file.
 */
class JavadocLintTest {
    /**
     * The files (under {@code src/main/java/org/zstar/}) that still have missing-comment warnings: the lead's
     * reserved descriptor and training-core files, whose comments the lead completes. Remove a file once it has
     * none; never add one. (javac's doclint skips the public methods of package-private classes, which the
     * javadoc tool documents where public subclasses inherit them: {@code dev/javadoc-check} also reports those.)
     */
    static final Set<String> FILES_WITH_WARNINGS = Set.of(
            "descriptors/AtomicDescriptor.java",
            "descriptors/CentreFunction.java",
            "descriptors/CentreFunctions.java",
            "descriptors/DescriptorParameters.java",
            "descriptors/DescriptorSet.java",
            "descriptors/Descriptors.java",
            "descriptors/JointContraction.java",
            "descriptors/PairGradients.java",
            "descriptors/RadialBasis.java",
            "descriptors/RealSphericalHarmonics.java",
            "descriptors/ScalarDescriptor.java",
            "descriptors/SpecialFunctions.java",
            "descriptors/VectorDescriptor.java",
            "kernels/PolynomialKernel.java",
            "learning/TrainingPool.java",
            "models/BecTrainer.java");

    /** A source with one known doclint error, compiled with the library: proves that the check reports errors. */
    static final String PROBE = "package org.zstar.lintprobe;\n/** Broken on purpose: a < b. */\npublic final class "
            + "LintProbe {\n    private LintProbe() {\n    }\n}\n";

    /** The diagnostic code of doclint's warnings in javac (other compiler warnings have their own codes). */
    static final String DOCLINT_WARNING = "compiler.warn.proc.messager";

    @TempDir
    Path out;

    @Test
    void publicApiHasNoDoclintErrorsAndNoNewMissingComments() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK, not a JRE").isNotNull();
        Path root = Path.of("src/main/java");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
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
            // doclint on the public and protected API, missing comments included (-Xlint:none or -nowarn would
            // silence doclint's warnings too: the other compiler warnings are filtered out below)
            List<String> options = List.of("-Xdoclint:all/protected", "-proc:none", "-implicit:none",
                    "-XDshould-stop.ifNoError=FLOW", "-Xmaxerrs", "100000", "-Xmaxwarns", "100000",
                    "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"));
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(sources)).call();
        }
        Path pkg = root.resolve("org/zstar").toAbsolutePath().normalize();
        List<String> errors = new ArrayList<>();
        Map<String, Integer> warnings = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        boolean probeReported = false;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getSource() == null) {
                continue;
            }
            Path source = Path.of(d.getSource().toUri()).toAbsolutePath().normalize();
            String file = source.startsWith(pkg) ? pkg.relativize(source).toString().replace('\\', '/')
                    : source.getFileName().toString();
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                if (file.equals("LintProbe.java")) {
                    probeReported = true;
                } else {
                    errors.add(file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            } else if (d.getKind() == Diagnostic.Kind.WARNING && DOCLINT_WARNING.equals(d.getCode())) {
                warnings.merge(file, 1, Integer::sum);
                if (!FILES_WITH_WARNINGS.contains(file)) {
                    unexpected.add(file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            }
        }
        assertThat(errors).as("doclint errors").isEmpty();
        assertThat(probeReported).as("the check reports the probe's malformed HTML").isTrue();
        assertThat(unexpected).as("doclint warnings in files that had none: document the new API (per-file counts: "
                + warnings + ")").isEmpty();
        List<String> fixed = FILES_WITH_WARNINGS.stream().filter(f -> !warnings.containsKey(f)).sorted().toList();
        assertThat(fixed).as("files without warnings now: remove them from FILES_WITH_WARNINGS").isEmpty();
    }
}
