package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batch logs hold what the commands print: the libraries' info lines only with --verbose. */
class QuietLogsTest {
    @AfterEach
    void quietAgain() {
        Logging.verbose(false);
    }

    @Test
    void slf4jSimpleIsConfiguredForWarningsOnly() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/simplelogger.properties")) {
            assertThat(in).as("simplelogger.properties on the CLI's classpath").isNotNull();
            p.load(in);
        }
        assertThat(p.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo("warn");
        assertThat(p.getProperty("org.slf4j.simpleLogger.showThreadName")).isEqualTo("false");
    }

    @Test
    void netlibInfoLinesAreOffUnlessVerbose() {
        Main.newCommandLine();
        Logger netlib = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
        assertThat(netlib.isLoggable(Level.INFO)).isFalse();
        assertThat(netlib.isLoggable(Level.WARNING)).isTrue();
        assertThat(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo("warn");
        // --verbose is an option of every command
        picocli.CommandLine cl = Main.newCommandLine();
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(cl.execute("inspect", "--verbose", "--help")).isZero();
        assertThat(netlib.isLoggable(Level.INFO)).isTrue();
        assertThat(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")).isEqualTo("info");
    }
}
