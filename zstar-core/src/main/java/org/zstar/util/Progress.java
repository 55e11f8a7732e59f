package org.zstar.util;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Progress of a long step (descriptors, fitting, MD). The library itself prints nothing: it reports steps to a
 * {@link Display} made by the process-wide factory, which is silent by default. An application (the zstar
 * command line) installs a factory that draws a bar on a terminal or prints a line every ~10 % in batch logs.
 *
 * <pre>
 * try (Progress p = Progress.start("descriptors", frames.size())) {
 *     for (...) { ...; p.step(); }
 * }
 * </pre>
 * All methods are synchronized, so worker threads may step the same instance.
 */
public final class Progress implements AutoCloseable {

    /** Where progress goes: told the number of steps done (and an optional message), then closed once. */
    public interface Display {
        /**
         * Shows the progress.
         *
         * @param done the steps done
         * @param message a short message, or null
         */
        void update(long done, String message);

        /** Ends the display. */
        void close();
    }

    /** A display that shows nothing. */
    public static final Display SILENT = new Display() {
        @Override
        public void update(long done, String message) {
        }

        @Override
        public void close() {
        }
    };

    private static volatile BiFunction<String, Long, Display> factory = (task, total) -> SILENT;

    private final Display display;
    private long done;
    private String message = "";
    private boolean closed;

    private Progress(Display display) {
        this.display = display;
    }

    /**
     * Installs the factory that makes a display for each task (name, total steps); process-wide.
     *
     * @param displays makes a display from the task name and the total steps
     */
    public static void setDisplayFactory(BiFunction<String, Long, Display> displays) {
        factory = Objects.requireNonNull(displays, "displays");
    }

    /**
     * A progress reporter for {@code total} steps, shown by the installed display factory.
     *
     * @param task the task name
     * @param total the total steps
     * @return the reporter
     */
    public static Progress start(String task, long total) {
        if (total < 0) {
            throw new IllegalArgumentException("negative progress total " + total);
        }
        return new Progress(factory.apply(task, total));
    }

    /**
     * A reporter with an explicit display (for tests and embedding).
     *
     * @param display the display
     * @return the reporter
     */
    public static Progress with(Display display) {
        return new Progress(Objects.requireNonNull(display, "display"));
    }

    /** {@return whether this instance shows anything} */
    public boolean showsBar() {
        return display != SILENT;
    }

    /** One step done. */
    public synchronized void step() {
        step(1);
    }

    /**
     * Several steps done.
     *
     * @param n the number of steps
     */
    public synchronized void step(long n) {
        done += n;
        if (!closed) {
            display.update(done, message);
        }
    }

    /**
     * A short message shown after the bar (ignored when silent).
     *
     * @param text the message
     */
    public synchronized void message(String text) {
        message = text == null ? "" : text;
        if (!closed) {
            display.update(done, message);
        }
    }

    /**
     * Steps done so far.
     *
     * @return the count
     */
    public synchronized long done() {
        return done;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            display.close();
        }
    }
}
