package org.zstar.io;

import java.nio.file.Path;

/**
 * A user error in an input file: malformed, truncated or inconsistent content. Carries the file and the
 * 1-based line (0 when no single line is to blame) so the command line can name them.
 */
public class InputFormatException extends RuntimeException {
    private final String source;
    private final long line;

    public InputFormatException(String source, long line, String message) {
        super(format(source, line, message));
        this.source = source;
        this.line = line;
    }

    public InputFormatException(Path source, long line, String message) {
        this(source == null ? "<input>" : source.toString(), line, message);
    }

    public InputFormatException(String source, long line, String message, Throwable cause) {
        super(format(source, line, message), cause);
        this.source = source;
        this.line = line;
    }

    private static String format(String source, long line, String message) {
        return (source == null ? "<input>" : source) + (line > 0 ? ":" + line : "") + ": " + message;
    }

    public String source() {
        return source;
    }

    public long line() {
        return line;
    }
}
