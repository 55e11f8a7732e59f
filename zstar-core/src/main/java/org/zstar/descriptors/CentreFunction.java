package org.zstar.descriptors;

/**
 * A scalar function f_i(X_i) of one centre's raw descriptor, with its gradient: the "upstream" of a
 * reverse-mode contraction ({@link ScalarDescriptor#contract}). Implementations must be thread-safe:
 * centres are evaluated in parallel.
 */
@FunctionalInterface
public interface CentreFunction {
    /**
     * Returns f_i and writes df_i/dX_i into {@code gradient[0 .. components)}.
     *
     * @param centre atom index i
     * @param values raw descriptor of centre i at {@code values[offset .. offset + components)}
     * @param offset start of centre i's values
     * @param gradient output, overwritten in full
     * @return the function value f_i
     */
    double evaluate(int centre, double[] values, int offset, double[] gradient);
}
