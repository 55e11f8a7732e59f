package org.zstar.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the zstar command line in-process for tests. */
final class CliRun {
    private CliRun() {
    }

    /** {@return {exit code, standard output, standard error} of {@code zstar ARGS}} */
    static String[] run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
