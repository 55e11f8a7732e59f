package org.zstar.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the library, read from the import lines of its sources (the tests run in the module folder):
 * the library never reaches the command line, and MD asks for BECs through its own interface instead of the
 * BEC models.
 */
class LayeringTest {
    static final Path MAIN = Path.of("src/main/java/org/zstar");
    static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    /** "file: import" for every import of the sources under {@code dir} that starts with one of the prefixes. */
    static List<String> importsOf(Path dir, String... prefixes) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    for (String prefix : prefixes) {
                        if (m.group(2).startsWith(prefix)) {
                            found.add(MAIN.relativize(f) + ": " + m.group(2));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    @Test
    void theScanSeesImports() {
        // guards the two tests below against a scan that finds nothing (wrong folder, broken pattern)
        assertThat(Files.isDirectory(MAIN.resolve("md"))).isTrue();
        assertThat(importsOf(MAIN.resolve("md"), "org.zstar.structure.")).isNotEmpty();
        assertThat(importsOf(MAIN.resolve("models"), "org.zstar.md.")).isNotEmpty();
    }

    @Test
    void mdDoesNotImportTheBecModels() {
        assertThat(importsOf(MAIN.resolve("md"), "org.zstar.models.")).isEmpty();
        assertThat(qualifiedUses(MAIN.resolve("md"), "org.zstar.models.")).isEmpty();
    }

    /** Code lines (not comments) that name a class of the package by its qualified name instead of an import. */
    static List<String> qualifiedUses(Path dir, String prefix) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String t = line.trim();
                    boolean comment = t.startsWith("*") || t.startsWith("/*") || t.startsWith("//");
                    if (!comment && !t.startsWith("import ") && t.contains(prefix)) {
                        found.add(MAIN.relativize(f) + ": " + t);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    @Test
    void theLibraryNeverImportsTheCommandLine() {
        assertThat(importsOf(MAIN, "org.zstar.cli.", "org.zstar.plot.", "org.zstar.demo.", "picocli.")).isEmpty();
    }
}
