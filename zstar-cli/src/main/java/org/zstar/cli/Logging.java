package org.zstar.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log levels of the command line: quiet by default (warnings only), so that batch logs hold what the commands
 * print and not the start-up notes of the libraries (netlib's "Using dev.ludovic.netlib.blas.JNIBLAS" through
 * java.util.logging, zstar's choice of linear-algebra backend through slf4j); {@code --verbose} brings them back.
 */
final class Logging {
    /** java.util.logging keeps loggers weakly: hold on to the configured one. */
    private static final Logger NETLIB = Logger.getLogger("dev.ludovic.netlib");
    private static final String SLF4J_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {
    }

    /** Info messages on (verbose) or off; takes effect for slf4j only before its first logger is made. */
    static void verbose(boolean on) {
        NETLIB.setLevel(on ? Level.INFO : Level.WARNING);
        // a system property overrides simplelogger.properties; set before the first LoggerFactory call
        System.setProperty(SLF4J_LEVEL, on ? "info" : "warn");
    }
}
