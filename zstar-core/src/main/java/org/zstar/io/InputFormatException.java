package org.zstar.io;

import org.zstar.util.UserInputException;
import java.nio.file.Path;

/**
 * A user error in an input file: malformed, truncated or inconsistent content. Carries the file and the
 * 1-based line (0 when no single line is to blame) so the command line can name them.
 */
public class InputFormatException extends UserInputException {
    public InputFormatException(String source, long line, String message) {
        super(source == null ? "<input>" : source, line, message, null);
    }

    public InputFormatException(Path source, long line, String message) {
        this(source == null ? "<input>" : source.toString(), line, message);
    }

    public InputFormatException(String source, long line, String message, Throwable cause) {
        super(source == null ? "<input>" : source, line, message, cause);
    }
}
