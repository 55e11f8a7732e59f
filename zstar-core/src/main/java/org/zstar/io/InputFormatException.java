package org.zstar.io;

import org.zstar.util.UserInputException;
import java.nio.file.Path;

/**
 * A user error in an input file: malformed, truncated or inconsistent content. Carries the file and the
 * 1-based line (0 when no single line is to blame) so the command line can name them.
 */
public class InputFormatException extends UserInputException {
    /**
     * An error in a file's content.
     *
     * @param source the file or other source, as named in messages
     * @param line the 1-based line number (0 when unknown)
     * @param message what is wrong
     */
    public InputFormatException(String source, long line, String message) {
        super(source == null ? "<input>" : source, line, message, null);
    }

    /**
     * An error in a file's content.
     *
     * @param source the file
     * @param line the 1-based line number (0 when unknown)
     * @param message what is wrong
     */
    public InputFormatException(Path source, long line, String message) {
        this(source == null ? "<input>" : source.toString(), line, message);
    }

    /**
     * An error in a file's content, caused by another exception.
     *
     * @param source the file or other source, as named in messages
     * @param line the 1-based line number (0 when unknown)
     * @param message what is wrong
     * @param cause the exception that revealed it
     */
    public InputFormatException(String source, long line, String message, Throwable cause) {
        super(source == null ? "<input>" : source, line, message, cause);
    }
}
