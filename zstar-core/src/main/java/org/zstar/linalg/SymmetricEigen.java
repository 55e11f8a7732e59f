package org.zstar.linalg;

/**
 * Symmetric eigen-decomposition {@code A = V diag(values) V^T}. {@code values} ascending;
 * {@code vectors} row-major n x n with eigenvector k in <em>column</em> k ({@code vectors[i*n + k]}).
 */
public final class SymmetricEigen {
    private final int n;
    private final double[] values;
    private final double[] vectors;

    /**
     * An eigen-decomposition A = V diag(values) V^T.
     *
     * @param n the order
     * @param values the eigenvalues, ascending
     * @param vectors the eigenvectors as columns of V, row-major n x n
     */
    public SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    /** {@return the order of A} */
    public int size() {
        return n;
    }

    /** {@return eigenvalues, ascending (the array itself, do not modify)} */
    public double[] values() {
        return values;
    }

    /** {@return V, row-major, eigenvector k in column k (the array itself, do not modify)} */
    public double[] vectors() {
        return vectors;
    }

    /**
     * A copy of eigenvector k (unit norm).
     *
     * @param k the index, 0..n-1 in ascending eigenvalue order
     * @return the eigenvector
     */
    public double[] vector(int k) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = vectors[i * n + k];
        }
        return v;
    }

    /** {@return the largest eigenvalue} */
    public double max() {
        return n == 0 ? 0 : values[n - 1];
    }

    /** {@return the smallest eigenvalue} */
    public double min() {
        return n == 0 ? 0 : values[0];
    }
}
