package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.zstar.io.InputFormatException;
import org.zstar.util.UserInputException;
import picocli.CommandLine;

/** The user's mistakes exit 2 with one line; anything else is an internal error: exit 1, trace only with --debug. */
class MainErrorsTest {

    private static String[] handle(Exception ex, boolean debug, int[] code) {
        CommandLine cl = Main.newCommandLine();
        StringWriter sw = new StringWriter();
        cl.setErr(new PrintWriter(sw, true));
        code[0] = Main.handle(ex, cl, debug);
        return sw.toString().split("\n");
    }

    @Test
    void userMistakesExitTwoWithOneLine() {
        int[] code = new int[1];
        String[] lines = handle(new InputFormatException("f.xyz", 7, "bad number"), false, code);
        assertThat(code[0]).isEqualTo(Main.EXIT_USAGE);
        assertThat(lines).containsExactly("zstar: f.xyz:7: bad number");
        lines = handle(new UserInputException("--dt must be positive"), false, code);
        assertThat(code[0]).isEqualTo(2);
        assertThat(lines).containsExactly("zstar: --dt must be positive");
        lines = handle(new UsageException("no frames"), true, code);
        assertThat(code[0]).isEqualTo(2);
        assertThat(lines).hasSize(1);
        handle(new UncheckedIOException("cannot read x", new java.io.IOException("x")), false, code);
        assertThat(code[0]).isEqualTo(2);
    }

    @Test
    void aPlainIllegalArgumentIsAnInternalErrorNotTheUsers() {
        int[] code = new int[1];
        String[] lines = handle(new IllegalArgumentException("x has 3 entries, expected 4"), false, code);
        assertThat(code[0]).isEqualTo(Main.EXIT_INTERNAL);
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("zstar: internal error: java.lang.IllegalArgumentException: x has 3")
                .contains("--debug");
    }

    @Test
    void debugPrintsTheStackTrace() {
        int[] code = new int[1];
        String[] lines = handle(new IllegalStateException("broken invariant"), true, code);
        assertThat(code[0]).isEqualTo(1);
        assertThat(lines.length).isGreaterThan(2);
        assertThat(lines[1]).contains("IllegalStateException");
        assertThat(String.join("\n", lines)).contains("\tat ");
    }

    @Test
    void debugIsAcceptedAnywhereOnTheCommandLine() {
        assertThat(Main.execute("--debug", "--version")).isZero();
        assertThat(Main.execute("--version", "--debug")).isZero();
    }
}
