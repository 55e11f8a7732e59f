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

    public Svd(int m, int n, double[] u, double[] s, double[] vt) {
        this.m = m;
        this.n = n;
        this.u = u;
        this.s = s;
        this.vt = vt;
    }

    public int rows() {
        return m;
    }

    public int cols() {
        return n;
    }

    public double[] u() {
        return u;
    }

    public double[] singularValues() {
        return s;
    }

    public double[] vt() {
        return vt;
    }

    /** Number of singular values above {@code rcond * s_max}. */
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

    /** Minimum-norm least squares {@code x = sum_{s_k > rcond s_0} v_k (u_k . b) / s_k}. */
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
