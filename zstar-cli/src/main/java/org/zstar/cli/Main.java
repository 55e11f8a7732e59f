package org.zstar.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.zstar.util.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the zstar command line. Exit codes: 0 ok, 2 bad input or usage, 1 internal error. */
@Command(name = "zstar", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Machine-learned Born effective charges and finite-temperature infrared spectra.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The top-level command; picocli sets its options. */
    public Main() {
    }

    /** Exit code of a successful command. */
    public static final int EXIT_OK = 0;
    /** Exit code of an internal error (a bug): one line, the stack trace under --debug. */
    public static final int EXIT_INTERNAL = 1;
    /** Exit code of a user mistake (bad option, bad file): one line saying what is wrong. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Also print the libraries' info messages (linear-algebra backend and the like).")
    void verbose(boolean on) {
        Logging.verbose(on);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        ProgressDisplays.install();
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns the exit code (no System.exit, for tests). {@code --debug} anywhere
     * (or ZSTAR_DEBUG=1) prints the stack trace of an internal error.
     *
     * @param args the command-line arguments
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_INTERNAL} or {@link #EXIT_USAGE}
     */
    public static int execute(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean debug = rest.removeIf("--debug"::equals) || "1".equals(System.getenv("ZSTAR_DEBUG"));
        CommandLine cl = newCommandLine();
        cl.setExecutionExceptionHandler((ex, c, parsed) -> handle(ex, c, debug));
        try {
            return cl.execute(rest.toArray(new String[0]));
        } catch (OutOfMemoryError e) {
            return outOfMemory(cl.getErr(), e);
        }
    }

    /** One line instead of a stack trace: what ran out and what to change; exit 1. */
    static int outOfMemory(PrintWriter err, OutOfMemoryError e) {
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        String what = e.getMessage() == null ? "Java heap" : e.getMessage();
        err.println("zstar: out of memory (" + what + ", Java heap limit " + maxMb + " MB): allow more with "
                + "ZSTAR_JAVA_OPTS=-Xmx<size> (e.g. -Xmx8g), or use less with --threads 1 or fewer weights "
                + "(e.g. --modulated-features 128 or --dipole-modulators 0)");
        err.flush();
        return EXIT_INTERNAL;
    }

    /** {@return the picocli command line of zstar with every subcommand, help texts from the registries installed} */
    public static CommandLine newCommandLine() {
        Logging.verbose(false);
        // --format and --model help are generated from the registries (picocli interpolates ${sys:zstar.formats})
        HelpTexts.install();
        CommandLine cl = new CommandLine(new Main());
        for (Object sub : Commands.all()) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler((ex, c, parsed) -> handle(ex, c, false));
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("zstar: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    /**
     * Exit 2 for the user's mistakes (a {@link UserInputException}: bad file content, option values; or a file
     * that cannot be read or written), with one line naming the file and line; exit 1 for everything else, an
     * internal error: one line, and the stack trace with {@code --debug}.
     */
    static int handle(Exception ex, CommandLine cl, boolean debug) {
        PrintWriter err = cl.getErr();
        if (ex instanceof UserInputException || ex instanceof UncheckedIOException) {
            err.println("zstar: " + ex.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        err.println("zstar: internal error: " + ex
                + (debug ? "" : " (this is a bug in zstar; run again with --debug for the stack trace)"));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_INTERNAL;
    }

    /** Version from the jar manifest, or the development version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"zstar " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
