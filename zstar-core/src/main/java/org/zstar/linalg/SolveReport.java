package org.zstar.linalg;

/**
 * How {@link NormalEquations#solve} solved the system: the method used, a condition-number estimate,
 * and for the eigen-decomposition fallback the eigenvalue cutoff and the number of discarded
 * directions. {@link #message()} is a human-readable sentence suitable for the log.
 */
public final class SolveReport {
    /** The method that produced the solution. */
    public enum Method {
        /** Cholesky factorisation of G + lambda I. */
        CHOLESKY,
        /** Eigen-decomposition of G + lambda I with eigenvalue cutoff (pseudo-inverse, minimum norm). */
        EIGEN_PSEUDO_INVERSE
    }

    private final Method method;
    private final double lambda;
    private final double conditionEstimate;
    private final String conditionSource;
    private final double cutoff;
    private final int discarded;
    private final int size;
    private final String fallbackReason;

    SolveReport(Method method, double lambda, double conditionEstimate, String conditionSource,
                double cutoff, int discarded, int size, String fallbackReason) {
        this.method = method;
        this.lambda = lambda;
        this.conditionEstimate = conditionEstimate;
        this.conditionSource = conditionSource;
        this.cutoff = cutoff;
        this.discarded = discarded;
        this.size = size;
        this.fallbackReason = fallbackReason;
    }

    /** {@return the method that produced the solution} */
    public Method method() {
        return method;
    }

    /** {@return the Tikhonov parameter added to the diagonal} */
    public double lambda() {
        return lambda;
    }

    /**
     * Condition number estimate of G + lambda I: (max U_ii / min U_ii)^2 from the Cholesky factor (a lower
     * bound), or lambda_max / lambda_min from the eigenvalues (infinite when lambda_min &lt;= 0).
     *
     * @return the estimate
     */
    public double conditionEstimate() {
        return conditionEstimate;
    }

    /** {@return "cholesky diagonal" or "eigenvalues"} */
    public String conditionSource() {
        return conditionSource;
    }

    /** {@return absolute eigenvalue cutoff of the fallback (0 for Cholesky)} */
    public double cutoff() {
        return cutoff;
    }

    /** {@return number of eigen-directions discarded by the fallback (0 for Cholesky)} */
    public int discarded() {
        return discarded;
    }

    /** {@return number of unknowns} */
    public int size() {
        return size;
    }

    /** {@return whether the fallback was used} */
    public boolean isFallback() {
        return method == Method.EIGEN_PSEUDO_INVERSE;
    }

    /** {@return why Cholesky was not used (null when it was, or when the eigen solve was requested)} */
    public String fallbackReason() {
        return fallbackReason;
    }

    /** {@return one sentence describing the solve} */
    public String message() {
        if (method == Method.CHOLESKY) {
            return String.format("solved %d normal equations by Cholesky (lambda %.3g, condition estimate %.3g from %s)",
                    size, lambda, conditionEstimate, conditionSource);
        }
        String why = fallbackReason == null ? "eigen-decomposition requested" : fallbackReason;
        return String.format("normal equations ill-conditioned (%s): solved by eigen-decomposition "
                        + "pseudo-inverse instead of Cholesky, discarding %d of %d directions with eigenvalue "
                        + "<= %.3g (lambda %.3g, condition number %.3g from %s); the solution is the "
                        + "minimum-norm one in the kept subspace",
                why, discarded, size, cutoff, lambda, conditionEstimate, conditionSource);
    }

    @Override
    public String toString() {
        return message();
    }
}
