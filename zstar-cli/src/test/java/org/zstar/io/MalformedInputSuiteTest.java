package org.zstar.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.cli.Main;
import org.zstar.testutil.TestFixtures;
import org.zstar.util.UserInputException;
import picocli.CommandLine;

/**
 * The malformed-input suite: every reader (extended XYZ, OUTCAR, POSCAR, XDATCAR, pw.x input and output, ph.x
 * output, phonopy BORN, LAMMPS dump; {@link MalformedCases}) and the impossible options. Each case: exit 2, one
 * line naming file:line where a line is to blame, no stack trace, a {@link UserInputException} (so that a plain
 * IllegalArgumentException can mean an internal error), and nothing written to the output folder.
 */
class MalformedInputSuiteTest {
    @TempDir
    static Path tmp;

    static Path data;
    static Path model;

    /** What a command printed, its exit code and the exception it ended with (null: none or a usage error). */
    record Result(int code, String out, String err, Exception thrown) {
    }

    static Result run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        CommandLine.IExecutionExceptionHandler main = cl.getExecutionExceptionHandler();
        Exception[] seen = new Exception[1];
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            seen[0] = ex;
            return main.handleExecutionException(ex, c, parsed);
        });
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString(), seen[0]);
    }

    @BeforeAll
    static void smallModel() throws IOException {
        data = tmp.resolve("teacher.xyz");
        Files.copy(TestFixtures.fixture("experiments/teacher.xyz"), data);
        model = tmp.resolve("m.zstar");
        Result r = run("train", "--model", "monopole", "--data", data.toString(), "--test-frames", "13",
                "--charge-refs", "2", "--threads", "1", "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    static Stream<MalformedCases.Case> files() {
        return MalformedCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readerNamesFileAndLine(MalformedCases.Case c) {
        Path p = c.write(tmp.resolve("reader"));
        String where = c.line() > 0 ? p + ":" + c.line() + ": " : p + ": ";
        assertThatThrownBy(() -> Readers.open(p, ReadOptions.DEFAULTS).readAll())
                .isInstanceOf(InputFormatException.class).hasMessageStartingWith(where)
                .hasMessageContaining(c.fragment());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void cliExitsTwoWithOneLineAndWritesNothing(MalformedCases.Case c) throws IOException {
        Path p = c.write(tmp.resolve("cli"));
        Path outDir = tmp.resolve("out-" + c.id());
        Result r = run("train", "--model", "monopole", "--data", p.toString(), "--out",
                outDir.resolve("m.zstar").toString());
        String where = c.line() > 0 ? p + ":" + c.line() + ": " : p + ": ";
        assertOneLineUserError(r, "zstar: " + where + c.fragment());
        assertNothingWritten(outDir);
    }

    static void assertOneLineUserError(Result r, String prefix) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(prefix).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("internal error");
        List<String> lines = r.err().strip().lines().filter(l -> !l.startsWith("Try '")).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        if (r.thrown() != null) {
            assertThat(r.thrown()).isInstanceOf(UserInputException.class);
        }
    }

    static void assertNothingWritten(Path outDir) throws IOException {
        if (Files.exists(outDir)) {
            try (Stream<Path> s = Files.list(outDir)) {
                assertThat(s.toList()).as("files left in " + outDir).isEmpty();
            }
        }
    }

    /** An impossible option: the command line ({@code DATA}, {@code MODEL}, {@code OUT} replaced) and a fragment. */
    static Stream<Arguments> options() {
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("test fraction above 1", "train --model monopole --data DATA --test-fraction 1.5 --out OUT/m", "test fraction must be in (0, 1), got 1.5"));
        a.add(Arguments.of("test fraction 0", "train --model monopole --data DATA --test-fraction 0 --out OUT/m", "test fraction must be in (0, 1), got 0.0"));
        a.add(Arguments.of("every frame held out", "train --model monopole --data DATA --test-frames 0-13 --out OUT/m", "no training frames left"));
        a.add(Arguments.of("test frame out of range", "train --model monopole --data DATA --test-frames 99 --out OUT/m", "frame list '99': frame 99 out of range (the input has 14"));
        a.add(Arguments.of("reversed range", "train --model monopole --data DATA --test-frames 5-2 --out OUT/m", "frame list '5-2': range 5-2 is reversed"));
        a.add(Arguments.of("frames not a range", "train --model monopole --data DATA --test-frames abc --out OUT/m", "frame list 'abc': 'abc' is not a frame index (0-based"));
        a.add(Arguments.of("unknown model kind", "train --model quadrupole --data DATA --out OUT/m", "unknown model 'quadrupole' (monopole, dipole or combined)"));
        a.add(Arguments.of("unknown dipole kernel", "train --model dipole --data DATA --dipole-kernel cubic --out OUT/m", "unknown dipole kernel 'cubic' (linear, polynomial or"));
        a.add(Arguments.of("unknown charge form", "train --model monopole --data DATA --charge-form weird --out OUT/m", "unknown charge form 'weird' (auto, local or exact)"));
        a.add(Arguments.of("unknown selection", "train --model monopole --data DATA --selection random --out OUT/m", "selection must be fps or cur, got 'random'"));
        a.add(Arguments.of("no references", "train --model monopole --data DATA --charge-refs 0 --out OUT/m", "--charge-refs: counts must be >= 1, got 0"));
        a.add(Arguments.of("bad per-species refs", "train --model monopole --data DATA --charge-refs O=x --out OUT/m", "--charge-refs: 'x' is not a whole number"));
        a.add(Arguments.of("bad fixed charges", "train --model dipole --data DATA --fixed-charges O=abc --out OUT/m", "--fixed-charges: 'abc' is not a finite number"));
        a.add(Arguments.of("negative lambda", "train --model monopole --data DATA --lambda-w -1 --out OUT/m", "regularisation strengths must be finite and >= 0"));
        a.add(Arguments.of("zeta 0", "train --model monopole --data DATA --zeta 0 --out OUT/m", "kernel power zeta must be >= 1, got 0"));
        a.add(Arguments.of("negative cutoff", "train --model monopole --data DATA --r2 -1 --out OUT/m", "cutoffs must be positive, got R2 = -1.0, R3 = 6.0"));
        a.add(Arguments.of("no radial functions", "train --model monopole --data DATA --n2 0 --out OUT/m", "radial basis sizes must be in 1..100, got 0, 8"));
        a.add(Arguments.of("no threads", "train --model monopole --data DATA --threads 0 --out OUT/m", "threads must be >= 1"));
        a.add(Arguments.of("negative modulators", "train --model dipole --dipole-kernel features --data DATA --dipole-modulators -1 --out OUT/m", "--dipole-modulators: counts must be >= 0, got -1"));
        a.add(Arguments.of("unknown bec rows", "train --model monopole --data DATA --bec-rows sideways --out OUT/m", "BEC rows must be 'field' or 'displacement', not 'sideways'"));
        a.add(Arguments.of("force without rows", "train --model monopole --data DATA --force-bec-rows --out OUT/m", "--force-bec-rows needs --bec-rows field or --bec-rows"));
        a.add(Arguments.of("unknown format", "train --model monopole --data DATA --format gromacs --out OUT/m", "unknown format 'gromacs' (known: "));
        a.add(Arguments.of("missing data", "train --model monopole --data OUT/none.xyz --out OUT/m", "no such file"));
        a.add(Arguments.of("output under a file", "train --model monopole --data DATA --test-frames 13 --charge-refs 2 --out DATA/m", "is a file, not a folder"));
        a.add(Arguments.of("eval frame out of range", "eval --model MODEL --data DATA --frames 99", "frame list '99': frame 99 out of range (the input has 14"));
        a.add(Arguments.of("eval model missing", "eval --model OUT/none.zstar --data DATA", "no such file"));
        a.add(Arguments.of("eval model not a model", "eval --model DATA --data DATA", "not a zstar model file (format is not 'zstar-bec-model')"));
        a.add(Arguments.of("predict over its input", "predict --model MODEL --data DATA --out DATA", "writing it would overwrite the data; choose another output"));
        a.add(Arguments.of("predict reversed frames", "predict --model MODEL --data DATA --frames 3-1 --out OUT/p.xyz", "frame list '3-1': range 3-1 is reversed"));
        a.add(Arguments.of("demo md steps", "demo --md-steps 5 --out OUT", "--md-steps must be at least 100"));
        a.add(Arguments.of("demo test fraction 1", "demo --test-fraction 1 --out OUT", "--test-fraction must be between 0 and 1 (exclusive), not 1.0"));
        a.add(Arguments.of("demo bec rows for built-in data", "demo --bec-rows field --out OUT", "--bec-rows and --force-bec-rows apply to --data files; the"));
        a.add(Arguments.of("learning curve sizes", "learning-curve --data DATA --sizes x --out OUT/lc", "--sizes: 'x' is not a whole number"));
        a.add(Arguments.of("learning curve repeats", "learning-curve --data DATA --repeats 0 --out OUT/lc", "--repeats must be >= 1"));
        a.add(Arguments.of("learning curve models", "learning-curve --data DATA --models foo --out OUT/lc", "unknown model 'foo' (monopole, dipole or combined)"));
        a.add(Arguments.of("reg-scan grid", "reg-scan --data DATA --lambda-w log:1:2 --out OUT/rs", "--lambda-w: expected log:FROM:TO:COUNT, got 'log:1:2'"));
        a.add(Arguments.of("reg-scan lambda-q without charges", "reg-scan --model dipole --data DATA --lambda-q 1 --out OUT/rs", "--lambda-q needs a model with charges (monopole or combined)"));
        a.add(Arguments.of("inspect bec rows", "inspect --bec-rows sideways DATA", "BEC rows must be 'field' or 'displacement', not 'sideways'"));
        a.add(Arguments.of("retired flag", "train --model monopole --data DATA --project-asr --out OUT/m", "--project-asr was renamed: use --asr-references (the"));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void impossibleOptionsExitTwo(String name, String command, String fragment) throws IOException {
        Path outDir = tmp.resolve("opt-" + name.replace(' ', '-'));
        String[] args = command.replace("DATA", data.toString()).replace("MODEL", model.toString())
                .replace("OUT", outDir.toString()).split(" ");
        Result r = run(args);
        assertOneLineUserError(r, "zstar: ");
        assertThat(r.err()).contains(fragment);
        assertNothingWritten(outDir);
    }
}
