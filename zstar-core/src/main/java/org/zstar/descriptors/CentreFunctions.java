package org.zstar.descriptors;

/**
 * Several scalar functions f_ik(X_i), k = 0..outputs-1, of one centre's raw descriptor with their gradients: the
 * upstream of a multi-output reverse-mode contraction (e.g. the three Cartesian components of an atomic dipole
 * that is linear in a lambda = 1 descriptor). Implementations must be thread-safe.
 */
public interface CentreFunctions {
    /**
     * The number of functions per centre.
     *
     * @return K, the number of outputs f_i0 .. f_i(K-1) (at least 1)
     */
    int outputs();

    /**
     * Writes f_ik into {@code out[k]} and df_ik/dX_i into {@code gradients[k * components ...]} (overwritten in full).
     *
     * @param centre atom index i
     * @param values raw descriptor of centre i at {@code values[offset .. offset + components)}
     * @param offset start of centre i's values
     * @param out output, f_ik at {@code out[k]} for k = 0 .. outputs-1
     * @param gradients output, df_ik/dX_ic at {@code gradients[k * components + c]}
     */
    void evaluate(int centre, double[] values, int offset, double[] out, double[] gradients);

    /**
     * One output from a {@link CentreFunction}.
     *
     * @param f the single function f_i0
     * @return functions with {@code outputs() == 1} that delegate to f
     */
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
