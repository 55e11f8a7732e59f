package org.zstar.linalg;

/**
 * Symmetric eigen-decomposition {@code A = V diag(values) V^T}. {@code values} ascending;
 * {@code vectors} row-major n x n with eigenvector k in <em>column</em> k ({@code vectors[i*n + k]}).
 */
public final class SymmetricEigen {
    private final int n;
    private final double[] values;
    private final double[] vectors;

    public SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

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

    /** A copy of eigenvector k (unit norm). */
    public double[] vector(int k) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = vectors[i * n + k];
        }
        return v;
    }

    public double max() {
        return n == 0 ? 0 : values[n - 1];
    }

    public double min() {
        return n == 0 ? 0 : values[0];
    }
}
