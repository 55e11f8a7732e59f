package org.zstar.linalg;

/** Thrown by {@link DenseBackend#cholesky} when the matrix is not numerically positive definite. */
public final class NotPositiveDefiniteException extends ArithmeticException {
    /** The 0-based pivot where the factorisation failed, or -1. */
    private final int failedPivot;

    /**
     * The exception of a failed factorisation.
     *
     * @param failedPivot the 0-based pivot where it failed, or -1 when unknown
     * @param n the order of the matrix
     */
    public NotPositiveDefiniteException(int failedPivot, int n) {
        super("matrix of order " + n + " is not positive definite"
                + (failedPivot >= 0 ? " (Cholesky failed at pivot " + failedPivot + ")" : ""));
        this.failedPivot = failedPivot;
    }

    /** {@return 0-based index of the pivot where the factorisation failed (-1 if unknown)} */
    public int failedPivot() {
        return failedPivot;
    }
}
