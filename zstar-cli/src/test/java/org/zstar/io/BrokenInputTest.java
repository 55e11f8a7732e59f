package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.cli.Main;

/** One broken fixture per failure kind: the message names file and line, and the CLI exits with 2. */
class BrokenInputTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("broken/atom-count.extxyz", 5, "declares 3 atoms but only 2"),
                Arguments.of("broken/atom-count-extra.extxyz", 5, "expected the atom count"),
                Arguments.of("broken/short-columns.extxyz", 4, "atom line has 6 columns, Properties declares 7"),
                Arguments.of("broken/non-numeric.extxyz", 4, "expected a number for column 'pos', got 'abc'"),
                Arguments.of("broken/nan.extxyz", 4, "non-finite value 'NaN'"),
                Arguments.of("broken/inf.extxyz", 4, "non-finite value 'Infinity'"),
                Arguments.of("broken/unknown-element.extxyz", 4, "unknown element 'Xq'"),
                Arguments.of("broken/bec-shape.extxyz", 2, "has 6 values per atom, expected 9"),
                Arguments.of("broken/bec-json-shape.extxyz", 2, "expected [2, 3, 3]"),
                Arguments.of("broken/empty.extxyz", 1, "file is empty"),
                Arguments.of("broken/OUTCAR-truncated", 32, "truncated OUTCAR"),
                Arguments.of("broken/OUTCAR-bec-shape", 86, "BEC block of wrong shape"),
                Arguments.of("broken/alas-bec-shape.ph.out", 89, "BEC block of wrong shape"),
                Arguments.of("broken/alas-truncated.scf.out", 81, "truncated pw.x output"),
                Arguments.of("broken/alas-scf-not-converged.out", 85, "SCF did not converge (pw.x says 'convergence NOT achieved' at line 83)"),
                Arguments.of("broken/POSCAR-short", 10, "declares 2 atoms but only 1 coordinate lines follow"),
                Arguments.of("broken/BORN_short", 3, "expected 9 numbers"),
                Arguments.of("broken/unknown-species.pw.in", 15, "unknown element 'Qx'"));
    }

    @ParameterizedTest
    @MethodSource("broken")
    void messageNamesFileAndLine(String fixture, int line, String fragment) {
        Path p = Fixtures.io(fixture);
        assertThatThrownBy(() -> Readers.open(p, ReadOptions.DEFAULTS).readAll())
                .isInstanceOf(InputFormatException.class)
                .hasMessageStartingWith(p + ":" + line + ": ")
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((InputFormatException) e).line()).isEqualTo(line));
    }

    @ParameterizedTest
    @MethodSource("broken")
    void cliExitsWithTwoAndOneLine(String fixture, int line, String fragment) {
        Path p = Fixtures.io(fixture);
        String[] err = new String[1];
        int code = run(err, "inspect", p.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err[0]).startsWith("zstar: " + p + ":" + line + ": ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(err[0].strip().lines().count()).isEqualTo(1);
    }

    @Test
    void directoryIsRejectedClearly() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("not-a-run"));
        Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertThatThrownBy(() -> Readers.open(dir, ReadOptions.DEFAULTS))
                .isInstanceOf(InputFormatException.class).hasMessageStartingWith(dir + ": ")
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> new ExtXyzReader(dir, ReadOptions.DEFAULTS))
                .isInstanceOf(InputFormatException.class).hasMessageContaining("is a directory");
        String[] err = new String[1];
        assertThat(run(err, "inspect", dir.toString())).isEqualTo(2);
        assertThat(err[0]).contains("is a directory");
    }

    @Test
    void missingFileAndUnknownFormatExitTwo() {
        String[] err = new String[1];
        assertThat(run(err, "inspect", tmp.resolve("nope.xyz").toString())).isEqualTo(2);
        assertThat(err[0]).contains("no such file");
        assertThat(run(err, "inspect", "--format", "gromacs", Fixtures.io("small.extxyz").toString())).isEqualTo(2);
        assertThat(err[0]).contains("unknown format 'gromacs'");
    }

    static int run(String[] errOut, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            errOut[0] = err.toString(StandardCharsets.UTF_8);
        }
    }
}
