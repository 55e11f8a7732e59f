package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchLinalgCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void smallRunReportsBothBackendsWithTheSameSolution() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(out, err, "bench-linalg", "--rows", "300", "--cols", "12", "--block", "70", "--repeat", "1");
        assertThat(code).isZero();
        String text = out.toString();
        assertThat(text).contains("netlib").contains("ejml").contains("300 rows x 12 unknowns");
        // the max |dw| column agrees between backends (same data, same solution)
        String[] lines = text.split("\\R");
        String a = lines[lines.length - 2].trim(), b = lines[lines.length - 1].trim();
        assertThat(a.substring(a.lastIndexOf(' '))).isEqualTo(b.substring(b.lastIndexOf(' ')));
    }

    @Test
    void selectionModeAndBadArguments() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertThat(run(out, err, "bench-linalg", "--selection", "--rows", "200", "--cols", "8",
                "--references", "5", "--backend", "ejml")).isZero();
        assertThat(out.toString()).contains("fps").contains("cur ejml").contains("5 selected");
        StringWriter err2 = new StringWriter();
        assertThat(run(new StringWriter(), err2, "bench-linalg", "--backend", "mkl")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err2.toString()).contains("netlib or ejml");
    }
}
