package org.zstar.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.zstar.util.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the zstar command line. Exit codes: 0 ok, 2 bad input or usage, 1 internal error. */
@Command(name = "zstar", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Machine-learned Born effective charges and finite-temperature infrared spectra.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        ProgressDisplays.install();
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (no System.exit, for tests). */
    public static int execute(String... args) {
        CommandLine cl = newCommandLine();
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(cl.getErr(), e);
        }
    }

    /** One line instead of a stack trace: what ran out and what to change; exit 1. */
    static int outOfMemory(PrintWriter err, OutOfMemoryError e) {
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        err.println("zstar: out of memory (" + e.getMessage() + ", Java heap limit " + maxMb + " MB): allow more with "
                + "ZSTAR_JAVA_OPTS=-Xmx<size> (e.g. -Xmx8g), or use less with --threads 1 or fewer weights "
                + "(e.g. --modulated-features 128 or --dipole-modulators 0)");
        err.flush();
        return EXIT_INTERNAL;
    }

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Object sub : Commands.all()) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("zstar: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        // UserInputException (InputFormatException, UsageException) is the user's to fix. Plain
        // IllegalArgumentExceptions are still mapped to exit 2 until every user-facing check throws the former.
        if (ex instanceof UserInputException || ex instanceof IllegalArgumentException) {
            err.println("zstar: " + ex.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (ex instanceof UncheckedIOException) {
            err.println("zstar: " + ex.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        err.println("zstar: internal error: " + ex);
        ex.printStackTrace(err);
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
