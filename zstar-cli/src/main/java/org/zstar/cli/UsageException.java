package org.zstar.cli;

/** A user error on the command line (impossible option combination and the like): exit code 2. */
public class UsageException extends org.zstar.util.UserInputException {
    /**
     * A command-line mistake (exit 2).
     *
     * @param message what is wrong, one line
     */
    public UsageException(String message) {
        super(message);
    }
}
