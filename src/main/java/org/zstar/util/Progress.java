package org.zstar.util;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long step (descriptors, fitting): a bar with rate and ETA (me.tongfei:progressbar) on an
 * interactive terminal, nothing otherwise (pipes, files, CI logs stay clean). Interactive means: a console
 * is attached ({@code System.console() != null} and, on JDK 22+, {@code Console.isTerminal()}) and the
 * environment variable {@code CI} is unset.
 *
 * <pre>
 * try (Progress p = Progress.start("descriptors", frames.size())) {
 *     for (...) { ...; p.step(); }
 * }
 * </pre>
 * All methods are synchronized, so worker threads may step the same instance.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private long done;
    private boolean closed;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A progress reporter for {@code total} steps (bar on a terminal, quiet otherwise). */
    public static Progress start(String task, long total) {
        return create(task, total, isInteractive(), System.err);
    }

    /** A reporter writing a bar to {@code out} when {@code interactive}, else quiet (for tests). */
    public static Progress create(String task, long total, boolean interactive, PrintStream out) {
        if (total < 0) {
            throw new IllegalArgumentException("negative progress total " + total);
        }
        if (!interactive) {
            return new Progress(null);
        }
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(out));
        return new Progress(b.build());
    }

    /** Whether a bar would be shown: a terminal is attached and CI is unset. */
    public static boolean isInteractive() {
        if (System.getenv("CI") != null) {
            return false;
        }
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal"); // JDK 22+: console() is non-null on pipes too
            return (Boolean) m.invoke(c);
        } catch (NoSuchMethodException ex) {
            return true;
        } catch (ReflectiveOperationException ex) {
            return false;
        }
    }

    /** Whether this instance shows a bar. */
    public boolean showsBar() {
        return bar != null;
    }

    public synchronized void step() {
        step(1);
    }

    public synchronized void step(long n) {
        done += n;
        if (bar != null && !closed) {
            bar.stepBy(n);
        }
    }

    /** A short message shown after the bar (ignored when quiet). */
    public synchronized void message(String text) {
        if (bar != null && !closed) {
            bar.setExtraMessage(text);
        }
    }

    /** Steps done so far. */
    public synchronized long done() {
        return done;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (bar != null) {
                bar.close();
            }
        }
    }
}
