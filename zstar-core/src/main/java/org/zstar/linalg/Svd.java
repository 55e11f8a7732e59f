package org.zstar.linalg;

/**
 * Thin SVD {@code A = U diag(s) V^T} of an m x n matrix, r = min(m, n): U row-major m x r, s
 * descending (r values), Vt row-major r x n (row k = right singular vector k).
 */
public final class Svd {
    private final int m;
    private final int n;
    private final double[] u;
    private final double[] s;
    private final double[] vt;

    /**
     * A thin SVD A = U diag(s) V^T.
     *
     * @param m the rows of A
     * @param n the columns of A
     * @param u U, row-major m x min(m, n)
     * @param s the singular values, descending
     * @param vt V^T, row-major min(m, n) x n
     */
    public Svd(int m, int n, double[] u, double[] s, double[] vt) {
        this.m = m;
        this.n = n;
        this.u = u;
        this.s = s;
        this.vt = vt;
    }

    /** {@return the rows m of A} */
    public int rows() {
        return m;
    }

    /** {@return the columns n of A} */
    public int cols() {
        return n;
    }

    /** {@return U, row-major m x min(m, n) (the array itself)} */
    public double[] u() {
        return u;
    }

    /** {@return the singular values, descending (the array itself)} */
    public double[] singularValues() {
        return s;
    }

    /** {@return V^T, row-major min(m, n) x n (the array itself)} */
    public double[] vt() {
        return vt;
    }

    /**
     * Number of singular values above {@code rcond * s_max}.
     *
     * @param rcond the relative cutoff
     * @return the numerical rank
     */
    public int rank(double rcond) {
        int r = 0;
        double cut = s.length == 0 ? 0 : rcond * s[0];
        for (double v : s) {
            if (v > cut) {
                r++;
            }
        }
        return r;
    }

    /**
     * Minimum-norm least squares {@code x = sum_{s_k > rcond s_0} v_k (u_k . b) / s_k}.
     *
     * @param b the right-hand side, m values
     * @param rcond the relative singular-value cutoff
     * @return the solution x, n values
     */
    public double[] solve(double[] b, double rcond) {
        if (b.length != m) {
            throw new IllegalArgumentException("right-hand side has " + b.length + " entries, expected " + m);
        }
        int r = s.length;
        double[] x = new double[n];
        double cut = r == 0 ? 0 : rcond * s[0];
        for (int k = 0; k < r; k++) {
            if (!(s[k] > cut)) {
                continue;
            }
            double c = 0;
            for (int i = 0; i < m; i++) {
                c += u[i * r + k] * b[i];
            }
            c /= s[k];
            for (int j = 0; j < n; j++) {
                x[j] += c * vt[k * n + j];
            }
        }
        return x;
    }
}
