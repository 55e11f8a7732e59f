package org.zstar.engines.ipi;

import org.zstar.util.UserInputException;

/**
 * The server sent something the i-PI protocol does not allow (an unknown or malformed header, a size out of
 * range, non-finite numbers) or a structure zstar cannot handle. The driver stops talking to that server.
 */
public class IpiProtocolException extends UserInputException {
    /**
     * An exception with a message about the broken protocol step.
     *
     * @param message what the server sent that the protocol does not allow
     */
    public IpiProtocolException(String message) {
        super(message);
    }
}
