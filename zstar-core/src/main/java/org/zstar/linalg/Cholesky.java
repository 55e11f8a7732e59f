package org.zstar.linalg;

/**
 * A Cholesky factorisation {@code A = U^T U} (U upper triangular, stored row-major n x n in the
 * upper triangle of {@link #factor()}).
 */
public abstract class Cholesky {
    /** The order of the factorised matrix. */
    protected final int n;
    /** The factor U, row-major n x n, upper triangle. */
    protected final double[] u;

    /**
     * A factorisation with the given factor.
     *
     * @param n the order
     * @param u the factor U, row-major n x n
     */
    protected Cholesky(int n, double[] u) {
        this.n = n;
        this.u = u;
    }

    /** {@return the order of the factorised matrix} */
    public int size() {
        return n;
    }

    /** {@return the factor U, row-major n x n, upper triangle (the lower triangle is unspecified)} */
    public double[] factor() {
        return u;
    }

    /**
     * Solves {@code A x = b}; b is not modified.
     *
     * @param b the right-hand side, n values
     * @return the solution x
     */
    public double[] solve(double[] b) {
        double[] x = b.clone();
        solveInPlace(x);
        return x;
    }

    /**
     * Solves {@code A x = b} in place (b is overwritten by x).
     *
     * @param b the right-hand side on entry, the solution on return
     */
    public abstract void solveInPlace(double[] b);

    /** {@return {@code log det A = 2 sum_i log U_ii}} */
    public double logDet() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(u[i * n + i]);
        }
        return 2 * s;
    }

    /**
     * Cheap condition-number estimate {@code (max_i U_ii / min_i U_ii)^2}. It is a lower bound of the
     * 2-norm condition number of A (the diagonal of U bounds the extreme singular values of U), good to
     * detect ill-conditioning, not an exact value.
     *
     * @return the estimate (1 for a multiple of the identity)
     */
    public double conditionEstimate() {
        double max = 0, min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(u[i * n + i]);
            max = Math.max(max, d);
            min = Math.min(min, d);
        }
        if (n == 0) {
            return 1;
        }
        double r = max / min;
        return r * r;
    }
}
