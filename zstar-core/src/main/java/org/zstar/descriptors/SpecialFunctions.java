package org.zstar.descriptors;

/**
 * Spherical Bessel functions j_l, exponentially scaled modified spherical Bessel functions
 * e^{-x} i_l(x), their zeros, and Gauss-Legendre nodes (THEORY.md, "Descriptors", 3.2).
 */
public final class SpecialFunctions {
    private SpecialFunctions() {
    }

    /**
     * Spherical Bessel function of the first kind j_l(x), x >= 0: power series for x &lt;= max(1, l), else
     * upward recurrence (THEORY.md 3.2).
     *
     * @param l order, at least 0
     * @param x argument, at least 0 (dimensionless)
     * @return j_l(x)
     * @throws IllegalArgumentException when x &lt; 0
     */
    public static double sphericalJ(int l, double x) {
        if (x < 0) {
            throw new IllegalArgumentException("x must be >= 0");
        }
        if (x <= Math.max(1.0, l)) {
            // power series j_l(x) = x^l/(2l+1)!! sum_k (-x^2/2)^k / (k! (2l+3)(2l+5)...(2l+2k+1))
            double pre = 1.0;
            for (int k = 1; k <= l; k++) {
                pre *= x / (2 * k + 1);
            }
            double term = 1.0, sum = 1.0, h = -0.5 * x * x;
            for (int k = 1; k < 200; k++) {
                term *= h / (k * (2.0 * l + 2 * k + 1));
                sum += term;
                if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return pre * sum;
        }
        // upward recurrence j_{l+1} = (2l+1)/x j_l - j_{l-1}, stable for x > l
        double s = Math.sin(x), c = Math.cos(x);
        double j0 = s / x;
        if (l == 0) {
            return j0;
        }
        double j1 = s / (x * x) - c / x;
        for (int k = 1; k < l; k++) {
            double j2 = (2 * k + 1) / x * j1 - j0;
            j0 = j1;
            j1 = j2;
        }
        return j1;
    }

    /**
     * Scaled modified spherical Bessel functions s_l(x) = e^{-x} i_l(x) for l = 0..lmax into out[0..lmax],
     * x >= 0. Bounded for all x, so exp(-(r^2+r'^2)/(2 sigma^2)) i_l(r r'/sigma^2) =
     * exp(-(r-r')^2/(2 sigma^2)) s_l(r r'/sigma^2) cannot overflow.
     *
     * @param lmax largest order, at least 0
     * @param x argument, at least 0 (dimensionless; r r'/sigma^2 in the radial integrals)
     * @param out output, s_l(x) at out[l] for l = 0 .. lmax, length at least lmax + 1
     */
    public static void scaledModifiedI(int lmax, double x, double[] out) {
        if (x < 25.0 || x < lmax + 2) {
            // series i_l(x) = x^l/(2l+1)!! sum_k (x^2/2)^k / (k! (2l+3)...(2l+2k+1)), all terms positive
            double ex = Math.exp(-x);
            double h = 0.5 * x * x;
            double pre = ex;
            for (int l = 0; l <= lmax; l++) {
                if (l > 0) {
                    pre *= x / (2 * l + 1);
                }
                double term = 1.0, sum = 1.0;
                for (int k = 1; k < 500; k++) {
                    term *= h / (k * (2.0 * l + 2 * k + 1));
                    sum += term;
                    if (term < 1e-17 * sum) {
                        break;
                    }
                }
                out[l] = pre * sum;
            }
            return;
        }
        // closed forms and upward recurrence s_{l+1} = s_{l-1} - (2l+1)/x s_l (stable for x > l)
        double e2 = Math.exp(-2 * x);
        out[0] = 0.5 * (1 - e2) / x;
        if (lmax == 0) {
            return;
        }
        out[1] = 0.5 * (1 + e2) / x - 0.5 * (1 - e2) / (x * x);
        for (int l = 1; l < lmax; l++) {
            out[l + 1] = out[l - 1] - (2 * l + 1) / x * out[l];
        }
    }

    /**
     * The first {@code count} positive zeros of j_l. Zeros of j_0 are n pi; the n-th zero of j_l lies
     * strictly between the n-th and (n+1)-th zeros of j_{l-1} (interlacing), where j_l changes sign once,
     * so bisection to machine precision finds it.
     *
     * @param l order, at least 0
     * @param count number of zeros wanted
     * @return the zeros in increasing order (dimensionless), length count
     */
    public static double[] sphericalJZeros(int l, int count) {
        double[] prev = new double[count + l + 1];
        for (int n = 0; n < prev.length; n++) {
            prev[n] = (n + 1) * Math.PI;
        }
        for (int ll = 1; ll <= l; ll++) {
            double[] cur = new double[prev.length - 1];
            for (int n = 0; n < cur.length; n++) {
                cur[n] = bisect(ll, prev[n], prev[n + 1]);
            }
            prev = cur;
        }
        double[] out = new double[count];
        System.arraycopy(prev, 0, out, 0, count);
        return out;
    }

    private static double bisect(int l, double a, double b) {
        double fa = sphericalJ(l, a);
        for (int it = 0; it < 200; it++) {
            double m = 0.5 * (a + b);
            if (m <= a || m >= b) {
                break;
            }
            double fm = sphericalJ(l, m);
            if (fm == 0) {
                return m;
            }
            if ((fm > 0) == (fa > 0)) {
                a = m;
                fa = fm;
            } else {
                b = m;
            }
        }
        return 0.5 * (a + b);
    }

    /**
     * Gauss-Legendre rule on [-1, 1] with n points (Newton on P_n): exact for polynomials of degree up to 2n - 1.
     *
     * @param n number of nodes, at least 1
     * @return {nodes, weights}: row 0 the nodes, row 1 their weights (which sum to 2), length n each
     */
    public static double[][] gaussLegendre(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                if (n == 1) {
                    p0 = 1;
                    p1 = z;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            // recompute derivative at the converged node
            double p0 = 1, p1 = z;
            for (int k = 2; k <= n; k++) {
                double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = n * (z * p1 - p0) / (z * z - 1);
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
            w[n - 1 - i] = w[i];
        }
        return new double[][] {x, w};
    }
}
