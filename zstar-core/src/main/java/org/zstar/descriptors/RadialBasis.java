package org.zstar.descriptors;

/**
 * Radial functions h_nl(r) of the smeared-Gaussian neighbour density on the normalised spherical Bessel
 * basis, tabulated on a uniform grid and interpolated by clamped cubic splines (THEORY.md, "Descriptors",
 * 3.2-3.3). Immutable and thread-safe.
 *
 * <ul>
 * <li>chi_nl(r) = j_l(q_nl r) / N_nl, q_nl R = n-th positive zero of j_l, N_nl^2 = int_0^R j_l(q_nl r)^2 r^2 dr
 * = R^3/2 j_{l+1}(q_nl R)^2;</li>
 * <li>h_nl(r) = 4 pi (2 pi sigma^2)^{-3/2} f_cut(r) int_0^R chi_nl(r') e^{-(r-r')^2/(2 sigma^2)}
 * s_l(r r'/sigma^2) r'^2 dr', with s_l(x) = e^{-x} i_l(x) (the overflow-free form of
 * e^{-(r^2+r'^2)/(2 sigma^2)} i_l(r r'/sigma^2)), f_cut(r) = (1 + cos(pi r/R))/2;</li>
 * <li>the integral by composite Gauss-Legendre quadrature (panels of at most 0.1 A, 10 nodes each);</li>
 * <li>the spline: knots r_k = k R/K; clamped at both ends with the exact slopes h'_nl(0), h'_nl(R) = 0,
 * so value and derivative come from the same piecewise cubic (the derivative is the exact derivative of
 * the interpolant, not a separate approximation).</li>
 * </ul>
 * Functions are indexed f = n * (lmax + 1) + l with n = 0..nmax-1 (the (n+1)-th zero).
 */
public final class RadialBasis {
    /** Cutoff radius R (Angstrom) of the basis and of f_cut. */
    public final double cutoff;
    /** Radial functions per l: n = 0 .. nmax-1. */
    public final int nmax;
    /** Largest angular momentum l. */
    public final int lmax;
    /** Gaussian width sigma of the neighbour density (Angstrom). */
    public final double sigma;
    /** Spline intervals K on [0, R]: max(8, ceil(R / gridStep)). */
    public final int knots;
    private final double step;
    private final double[][] zeros; // [l][n] = q_nl R
    private final double[][] norms; // [l][n] = N_nl
    private final double[] coef; // [(k * F + f) * 4 + p], value = c0 + c1 t + c2 t^2 + c3 t^3, t = r - r_k

    /**
     * Builds the basis and tabulates all h_nl by quadrature (the costly part: do it once per descriptor).
     *
     * @param cutoff cutoff radius R (Angstrom)
     * @param nmax radial functions per l (at least 1)
     * @param lmax largest angular momentum (at least 0)
     * @param sigma Gaussian width of the neighbour density (Angstrom)
     * @param gridStep largest spacing of the spline knots (Angstrom)
     * @throws IllegalArgumentException when a parameter is out of range
     */
    public RadialBasis(double cutoff, int nmax, int lmax, double sigma, double gridStep) {
        if (!(cutoff > 0) || nmax < 1 || lmax < 0 || !(sigma > 0) || !(gridStep > 0)) {
            throw new IllegalArgumentException("bad radial basis parameters");
        }
        this.cutoff = cutoff;
        this.nmax = nmax;
        this.lmax = lmax;
        this.sigma = sigma;
        this.knots = Math.max(8, (int) Math.ceil(cutoff / gridStep));
        this.step = cutoff / knots;
        this.zeros = new double[lmax + 1][];
        this.norms = new double[lmax + 1][nmax];
        for (int l = 0; l <= lmax; l++) {
            zeros[l] = SpecialFunctions.sphericalJZeros(l, nmax);
            for (int n = 0; n < nmax; n++) {
                double jn = SpecialFunctions.sphericalJ(l + 1, zeros[l][n]);
                norms[l][n] = Math.sqrt(0.5 * cutoff * cutoff * cutoff * jn * jn);
            }
        }
        this.coef = tabulate();
    }

    /**
     * The number of radial functions.
     *
     * @return nmax * (lmax + 1), the length of the h and dh arrays of {@link #evaluate}
     */
    public int functions() {
        return nmax * (lmax + 1);
    }

    /**
     * A zero of the spherical Bessel function that defines chi_nl.
     *
     * @param n radial index, 0 .. nmax-1
     * @param l angular momentum, 0 .. lmax
     * @return q_nl R, the (n+1)-th positive zero of j_l (dimensionless)
     */
    public double zero(int n, int l) {
        return zeros[l][n];
    }

    /**
     * Basis function chi_nl(r) = j_l(q_nl r)/N_nl (THEORY.md 3.3), orthonormal on [0, R] with weight r^2.
     *
     * @param n radial index, 0 .. nmax-1
     * @param l angular momentum, 0 .. lmax
     * @param r radius (Angstrom)
     * @return chi_nl(r) (Angstrom^-3/2)
     */
    public double chi(int n, int l, double r) {
        return SpecialFunctions.sphericalJ(l, zeros[l][n] * r / cutoff) / norms[l][n];
    }

    /**
     * Cutoff function f_cut(r) = (1 + cos(pi r / R))/2 for r &lt; R, else 0 (THEORY.md 3.3).
     *
     * @param r distance (Angstrom)
     * @param rc cutoff radius R (Angstrom)
     * @return f_cut(r), in [0, 1]
     */
    public static double fcut(double r, double rc) {
        return r < rc ? 0.5 * (1 + Math.cos(Math.PI * r / rc)) : 0.0;
    }

    /**
     * Exact (quadrature) values h_nl(r) and derivatives into h[f], dh[f] (f = n(lmax+1)+l); used to build the
     * tables and by tests.
     *
     * @param r distance (Angstrom), in [0, R]
     * @param h output, h_nl(r) (Angstrom^-3/2) at [n * (lmax + 1) + l], length at least {@link #functions()}
     * @param dh output, dh_nl/dr (Angstrom^-5/2), same layout
     */
    public void exact(double r, double[] h, double[] dh) {
        Quadrature q = quadrature();
        exact(r, q, h, dh, new double[lmax + 2]);
    }

    private record Quadrature(double[] x, double[] w, double[] chi) {
    }

    private Quadrature quadrature() {
        int panels = (int) Math.ceil(cutoff / 0.1);
        int per = 10;
        double[][] gl = SpecialFunctions.gaussLegendre(per);
        int nq = panels * per;
        double[] x = new double[nq];
        double[] w = new double[nq];
        double pw = cutoff / panels;
        for (int p = 0; p < panels; p++) {
            for (int k = 0; k < per; k++) {
                int idx = p * per + k;
                x[idx] = pw * (p + 0.5 * (gl[0][k] + 1));
                w[idx] = 0.5 * pw * gl[1][k] * x[idx] * x[idx]; // includes r'^2
            }
        }
        int nf = functions();
        double[] chi = new double[nq * nf];
        for (int i = 0; i < nq; i++) {
            for (int n = 0; n < nmax; n++) {
                for (int l = 0; l <= lmax; l++) {
                    chi[i * nf + n * (lmax + 1) + l] = chi(n, l, x[i]) * w[i];
                }
            }
        }
        return new Quadrature(x, w, chi);
    }

    private void exact(double r, Quadrature q, double[] h, double[] dh, double[] s) {
        int nf = functions();
        int lp = lmax + 1;
        double[] integral = new double[nf];
        double[] dintegral = new double[nf];
        double is2 = 1.0 / (sigma * sigma);
        double[] g = new double[lp];
        double[] dg = new double[lp];
        for (int i = 0; i < q.x.length; i++) {
            double rp = q.x[i];
            double d = r - rp;
            double arg = 0.5 * d * d * is2;
            if (arg > 45) {
                continue; // e^{-45} ~ 3e-20 relative to the peak: negligible
            }
            double e = Math.exp(-arg);
            SpecialFunctions.scaledModifiedI(lmax + 1, r * rp * is2, s);
            for (int l = 0; l <= lmax; l++) {
                // d/dr [e^{-(r^2+r'^2)/2s^2} i_l(r r'/s^2)] = E [ -r/s^2 s_l + r'/s^2 s'_l ],
                // s'_l = e^{-x} i_l'(x) = (l s_{l-1} + (l+1) s_{l+1})/(2l+1)
                double sp = l == 0 ? s[1] : (l * s[l - 1] + (l + 1) * s[l + 1]) / (2 * l + 1);
                g[l] = e * s[l];
                dg[l] = e * is2 * (-r * s[l] + rp * sp);
            }
            int base = i * nf;
            for (int n = 0; n < nmax; n++) {
                for (int l = 0; l <= lmax; l++) {
                    int f = n * lp + l;
                    double c = q.chi[base + f];
                    integral[f] += c * g[l];
                    dintegral[f] += c * dg[l];
                }
            }
        }
        double pref = 4 * Math.PI * Math.pow(2 * Math.PI * sigma * sigma, -1.5);
        double fc = fcut(r, cutoff);
        double dfc = r < cutoff ? -0.5 * Math.PI / cutoff * Math.sin(Math.PI * r / cutoff) : 0.0;
        for (int f = 0; f < nf; f++) {
            h[f] = pref * fc * integral[f];
            dh[f] = pref * (dfc * integral[f] + fc * dintegral[f]);
        }
    }

    private double[] tabulate() {
        int nf = functions();
        int kk = knots;
        Quadrature q = quadrature();
        double[][] y = new double[kk + 1][nf];
        double[] slope0 = new double[nf];
        double[] slopeK = new double[nf];
        double[] s = new double[lmax + 2];
        double[] dh = new double[nf];
        for (int k = 0; k <= kk; k++) {
            exact(k * step, q, y[k], dh, s);
            if (k == 0) {
                System.arraycopy(dh, 0, slope0, 0, nf);
            } else if (k == kk) {
                System.arraycopy(dh, 0, slopeK, 0, nf);
            }
        }
        double[] out = new double[kk * nf * 4];
        double hh = step;
        double[] m = new double[kk + 1];
        double[] rhs = new double[kk + 1];
        double[] cp = new double[kk + 1];
        for (int f = 0; f < nf; f++) {
            // clamped cubic spline, moments M_k = S''(r_k):
            // 2M_0 + M_1 = 6/h ((y1-y0)/h - s0); M_{k-1} + 4M_k + M_{k+1} = 6/h^2 (y_{k+1} - 2y_k + y_{k-1});
            // M_{K-1} + 2M_K = 6/h (sK - (yK - y_{K-1})/h)
            double[] diag = new double[kk + 1];
            for (int k = 0; k <= kk; k++) {
                if (k == 0) {
                    diag[k] = 2;
                    rhs[k] = 6 / hh * ((y[1][f] - y[0][f]) / hh - slope0[f]);
                } else if (k == kk) {
                    diag[k] = 2;
                    rhs[k] = 6 / hh * (slopeK[f] - (y[kk][f] - y[kk - 1][f]) / hh);
                } else {
                    diag[k] = 4;
                    rhs[k] = 6 / (hh * hh) * (y[k + 1][f] - 2 * y[k][f] + y[k - 1][f]);
                }
            }
            // Thomas algorithm, off-diagonals all 1
            cp[0] = 1 / diag[0];
            rhs[0] = rhs[0] / diag[0];
            for (int k = 1; k <= kk; k++) {
                double den = diag[k] - cp[k - 1];
                cp[k] = 1 / den;
                rhs[k] = (rhs[k] - rhs[k - 1]) / den;
            }
            m[kk] = rhs[kk];
            for (int k = kk - 1; k >= 0; k--) {
                m[k] = rhs[k] - cp[k] * m[k + 1];
            }
            for (int k = 0; k < kk; k++) {
                int o = (k * nf + f) * 4;
                out[o] = y[k][f];
                out[o + 1] = (y[k + 1][f] - y[k][f]) / hh - hh * (2 * m[k] + m[k + 1]) / 6;
                out[o + 2] = 0.5 * m[k];
                out[o + 3] = (m[k + 1] - m[k]) / (6 * hh);
            }
        }
        return out;
    }

    /**
     * Spline values and derivatives of all functions at r (0 &lt;= r): h[f], dh[f] for f = n(lmax+1)+l. Zero for
     * r >= cutoff. Allocates nothing: this is the radial part of the descriptor hot loop.
     *
     * @param r distance (Angstrom), at least 0
     * @param h output, h_nl(r) (Angstrom^-3/2) at [n * (lmax + 1) + l], length at least {@link #functions()}
     * @param dh output, the derivative dS/dr of the same cubic (Angstrom^-5/2), same layout
     */
    public void evaluate(double r, double[] h, double[] dh) {
        int nf = functions();
        if (r >= cutoff) {
            java.util.Arrays.fill(h, 0, nf, 0.0);
            java.util.Arrays.fill(dh, 0, nf, 0.0);
            return;
        }
        int k = (int) (r / step);
        if (k >= knots) {
            k = knots - 1;
        }
        double t = r - k * step;
        int o = k * nf * 4;
        for (int f = 0; f < nf; f++, o += 4) {
            double c1 = coef[o + 1], c2 = coef[o + 2], c3 = coef[o + 3];
            h[f] = coef[o] + t * (c1 + t * (c2 + t * c3));
            dh[f] = c1 + t * (2 * c2 + t * 3 * c3);
        }
    }
}
