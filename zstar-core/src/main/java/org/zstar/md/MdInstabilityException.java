package org.zstar.md;

import org.zstar.util.UserInputException;

/**
 * Thrown by {@link MdGuard} when a run leaves physics (runaway temperature, non-finite energies or forces, atoms
 * on top of each other, a drifting conserved quantity). It is a {@link UserInputException}: the usual causes are
 * the user's choices (a time step too large for the fastest vibration, a force field used outside its training
 * data), and the command line reports it in one line with a non-zero exit code.
 */
public final class MdInstabilityException extends UserInputException {
    /** The step at which the run stopped. */
    private final long step;

    /**
     * The exception that stops a run.
     *
     * @param step the MD step at which the instability was found
     * @param message what was found
     */
    public MdInstabilityException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** {@return the step at which the guard stopped the run (its state was not written)} */
    public long step() {
        return step;
    }
}
