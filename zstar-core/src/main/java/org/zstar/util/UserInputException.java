package org.zstar.util;

/**
 * A mistake in what the user gave: a file's content, an option value, an impossible combination of settings.
 * Applications report it as the user's to fix (the zstar command line: one line, exit code 2), whereas any other
 * exception is an internal error (exit code 1). It is an {@link IllegalArgumentException}, so library callers
 * that catch those keep working; but a plain {@code IllegalArgumentException} means a programming error.
 * Carries the file and the 1-based line when one is to blame ({@code null} and 0 otherwise).
 */
public class UserInputException extends IllegalArgumentException {
    /** The file or other source to blame, or null. */
    private final String source;
    /** The 1-based line to blame, 0 when none. */
    private final long line;

    /**
     * A user mistake not tied to a file.
     *
     * @param message what is wrong
     */
    public UserInputException(String message) {
        this(null, 0, message, null);
    }

    /**
     * A user mistake not tied to a file, revealed by another exception.
     *
     * @param message what is wrong
     * @param cause the exception that revealed it
     */
    public UserInputException(String message, Throwable cause) {
        this(null, 0, message, cause);
    }

    /**
     * An error in {@code source} (a file name) at {@code line} (1-based, 0 when no single line is to blame).
     *
     * @param source the file name, or null
     * @param line the 1-based line, 0 when none
     * @param message what is wrong
     * @param cause the exception that revealed it, or null
     */
    public UserInputException(String source, long line, String message, Throwable cause) {
        super(format(source, line, message), cause);
        this.source = source;
        this.line = line;
    }

    private static String format(String source, long line, String message) {
        if (source == null) {
            return message;
        }
        return source + (line > 0 ? ":" + line : "") + ": " + message;
    }

    /** {@return the file to blame, or {@code null}} */
    public String source() {
        return source;
    }

    /** {@return the 1-based line to blame, or 0} */
    public long line() {
        return line;
    }
}
