package org.zstar.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.zstar.util.Progress;

/**
 * How the command line shows {@link Progress}: a bar with rate and ETA (me.tongfei:progressbar) on an
 * interactive terminal; a plain line every ~10 % (with rate and ETA) when stderr goes to a file or pipe, so
 * batch logs show that work goes on; nothing when the environment variable {@code CI} is set.
 */
public final class ProgressDisplays {
    private ProgressDisplays() {
    }

    /** Installs the display that fits this process's stderr. */
    public static void install() {
        boolean ci = System.getenv("CI") != null;
        boolean terminal = isInteractive();
        Progress.setDisplayFactory((task, total) -> ci ? Progress.SILENT
                : terminal ? bar(task, total, System.err) : lines(task, total, System.err));
    }

    /**
     * Whether a console is attached ({@code System.console() != null} and, on JDK 22+, a terminal).
     *
     * @return true when the output is a terminal
     */
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

    /**
     * A terminal bar.
     *
     * @param task the task name
     * @param total the total steps
     * @param out the stream the bar is drawn on
     * @return the display
     */
    public static Progress.Display bar(String task, long total, PrintStream out) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build();
        return new Progress.Display() {
            private long shown;

            @Override
            public void update(long done, String message) {
                bar.stepBy(done - shown);
                shown = done;
                bar.setExtraMessage(message);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /**
     * Batch-log lines: "task: 30% (3/10), 1.2 /s, ETA 6 s" each time another tenth is done.
     *
     * @param task the task name
     * @param total the total steps
     * @param out the stream of the lines
     * @return the display
     */
    public static Progress.Display lines(String task, long total, PrintStream out) {
        long start = System.nanoTime();
        return new Progress.Display() {
            private long nextTenth = 1;

            @Override
            public void update(long done, String message) {
                if (total <= 0 || done * 10 < nextTenth * total) {
                    return;
                }
                while (done * 10 >= nextTenth * total) {
                    nextTenth++;
                }
                double seconds = Math.max(1e-9, (System.nanoTime() - start) * 1e-9);
                double rate = done / seconds;
                double eta = rate > 0 ? (total - done) / rate : Double.NaN;
                out.printf(Locale.ROOT, "%s: %d%% (%d/%d), %.3g /s, ETA %s%n", task,
                        Math.min(100, done * 100 / total), done, total, rate, formatSeconds(eta));
                out.flush();
            }

            @Override
            public void close() {
            }
        };
    }

    static String formatSeconds(double s) {
        if (!Double.isFinite(s)) {
            return "?";
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%.1f min", s / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
