package org.zstar.md;

/**
 * Something a {@link MolecularDynamics} run calls every n steps (ASE's {@code Dynamics.attach}): writers,
 * samplers, guards. Attached with {@link MolecularDynamics#attach(MdObserver, int)}; called by
 * {@link MolecularDynamics#run(long)} for the state at the start of the run and after every step whose step
 * count is a multiple of its interval, in the order of attachment. An exception thrown by an observer stops the
 * run at once (observers attached after it are not called for that step).
 */
@FunctionalInterface
public interface MdObserver {
    /**
     * Looks at the current state; must not change it.
     *
     * @param md the integrator and its state
     */
    void observe(MolecularDynamics md);
}
