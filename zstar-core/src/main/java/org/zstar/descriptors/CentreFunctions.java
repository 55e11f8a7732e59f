package org.zstar.descriptors;

/**
 * Several scalar functions f_ik(X_i), k = 0..outputs-1, of one centre's raw descriptor with their gradients: the
 * upstream of a multi-output reverse-mode contraction (e.g. the three Cartesian components of an atomic dipole
 * that is linear in a lambda = 1 descriptor). Implementations must be thread-safe.
 */
public interface CentreFunctions {
    /** Number of functions per centre. */
    int outputs();

    /**
     * Writes f_ik into {@code out[k]} and df_ik/dX_i into {@code gradients[k * components ...]} (overwritten in full).
     */
    void evaluate(int centre, double[] values, int offset, double[] out, double[] gradients);

    /** One output from a {@link CentreFunction}. */
    static CentreFunctions of(CentreFunction f) {
        return new CentreFunctions() {
            @Override
            public int outputs() {
                return 1;
            }

            @Override
            public void evaluate(int centre, double[] values, int offset, double[] out, double[] gradients) {
                out[0] = f.evaluate(centre, values, offset, gradients);
            }
        };
    }
}
