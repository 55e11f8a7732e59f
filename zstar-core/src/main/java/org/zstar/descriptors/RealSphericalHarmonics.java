package org.zstar.descriptors;

/**
 * Real spherical harmonics Y_lm (orthonormal on the unit sphere, no Condon-Shortley phase) and their
 * Cartesian gradients, l = 0..lmax, compound index l(l+1)+m (THEORY.md, "Descriptors", 3.4).
 *
 * <p>Regular solid harmonics R_lm(r) = r^l Y_lm(r/|r|) = N_lm Q_l^{|m|}(z, r^2) {C_m(x,y) (m > 0), 1 (m = 0),
 * S_|m|(x,y) (m &lt; 0)} with C_m + i S_m = (x + i y)^m, Q_m^m = (2m-1)!!, Q_{m+1}^m = (2m+1) z Q_m^m,
 * (l-m) Q_l^m = (2l-1) z Q_{l-1}^m - (l+m-1) r^2 Q_{l-2}^m, N_l0 = sqrt((2l+1)/(4 pi)),
 * N_lm = sqrt(2 (2l+1)/(4 pi) (l-|m|)!/(l+|m|)!). For l = 1, m = -1, 0, 1 give sqrt(3/(4 pi)) (y, z, x).
 * The gradient is forward-mode differentiation of the same recurrences. For a pair vector r with unit
 * vector u: Y_lm(u) = R_lm(u) and grad_r Y_lm(r/|r|) = (grad R_lm(u) - l R_lm(u) u)/|r| (Euler: R_lm is
 * homogeneous of degree l).
 */
public final class RealSphericalHarmonics {
    /** Largest angular momentum l. */
    public final int lmax;
    private final double[] norm; // [l(l+1)+m]

    /**
     * Precomputes the normalisation constants N_lm.
     *
     * @param lmax largest angular momentum, 0..40
     * @throws IllegalArgumentException when lmax is out of range
     */
    public RealSphericalHarmonics(int lmax) {
        if (lmax < 0 || lmax > 40) {
            throw new IllegalArgumentException("lmax must be in 0..40");
        }
        this.lmax = lmax;
        this.norm = new double[(lmax + 1) * (lmax + 1)];
        for (int l = 0; l <= lmax; l++) {
            for (int m = -l; m <= l; m++) {
                int am = Math.abs(m);
                double ratio = 1.0; // (l-|m|)!/(l+|m|)!
                for (int k = l - am + 1; k <= l + am; k++) {
                    ratio /= k;
                }
                norm[l * (l + 1) + m] = m == 0 ? Math.sqrt((2 * l + 1) / (4 * Math.PI))
                        : Math.sqrt(2 * (2 * l + 1) / (4 * Math.PI) * ratio);
            }
        }
    }

    /**
     * The number of functions.
     *
     * @return (lmax+1)^2, the length of the value arrays (compound index l(l+1)+m)
     */
    public int size() {
        return (lmax + 1) * (lmax + 1);
    }

    /**
     * Values and gradients of the regular solid harmonics R_lm (THEORY.md 3.4) at an arbitrary point (for a unit
     * vector these are Y_lm and its unconstrained Cartesian gradient). Allocates nothing.
     *
     * @param x Cartesian x of the point
     * @param y Cartesian y of the point
     * @param z Cartesian z of the point
     * @param out output, R_lm at {@code out[l(l+1) + m]}, length at least {@link #size()}
     * @param grad output, dR_lm/dx_a at {@code grad[3 * (l(l+1) + m) + a]} (a = x, y, z), length at least
     *     3 {@link #size()}
     * @param work scratch of at least {@link #workSize()} doubles, overwritten
     */
    public void solid(double x, double y, double z, double[] out, double[] grad, double[] work) {
        int lp = lmax + 1;
        double r2 = x * x + y * y + z * z;
        azimuthalPolynomials(x, y, lp, work);
        int qOff = 6 * lp;
        zPolynomials(x, y, z, r2, lp, qOff, work);
        combine(lp, qOff, work, out, grad);
    }

    /**
     * C_m, S_m of (x + i y)^m and their x, y gradients (the only non-zero ones), m = 0..lmax, into
     * {@code work[k * lp + m]} with k = 0..5 for C, S, dC/dx, dC/dy, dS/dx, dS/dy.
     */
    private void azimuthalPolynomials(double x, double y, int lp, double[] work) {
        int cOff = 0, sOff = lp, cxOff = 2 * lp, cyOff = 3 * lp, sxOff = 4 * lp, syOff = 5 * lp;
        work[cOff] = 1;
        work[sOff] = 0;
        work[cxOff] = 0;
        work[cyOff] = 0;
        work[sxOff] = 0;
        work[syOff] = 0;
        for (int m = 1; m <= lmax; m++) {
            double c = work[cOff + m - 1], s = work[sOff + m - 1];
            work[cOff + m] = x * c - y * s;
            work[sOff + m] = x * s + y * c;
            // d/dx: C_m = x C - y S -> C + x C_x - y S_x ; d/dy: -S + x C_y - y S_y
            work[cxOff + m] = c + x * work[cxOff + m - 1] - y * work[sxOff + m - 1];
            work[cyOff + m] = -s + x * work[cyOff + m - 1] - y * work[syOff + m - 1];
            work[sxOff + m] = s + x * work[sxOff + m - 1] + y * work[cxOff + m - 1];
            work[syOff + m] = c + x * work[syOff + m - 1] + y * work[cyOff + m - 1];
        }
    }

    /**
     * Q_l^m(z, r^2), 0 &lt;= m &lt;= l &lt;= lmax, by the recurrences of THEORY.md 3.4, with gradient (qx, qy, qz),
     * into {@code work[qOff + (l * lp + m) * 4 + {0, 1, 2, 3}]}.
     */
    private void zPolynomials(double x, double y, double z, double r2, int lp, int qOff, double[] work) {
        for (int m = 0; m <= lmax; m++) {
            for (int l = m; l <= lmax; l++) {
                int o = qOff + (l * lp + m) * 4;
                if (l == m) {
                    double dfact = 1;
                    for (int k = 1; k <= 2 * m - 1; k += 2) {
                        dfact *= k;
                    }
                    work[o] = dfact;
                    work[o + 1] = 0;
                    work[o + 2] = 0;
                    work[o + 3] = 0;
                } else if (l == m + 1) {
                    int p = qOff + (m * lp + m) * 4;
                    double a = 2 * m + 1;
                    work[o] = a * z * work[p];
                    work[o + 1] = a * z * work[p + 1];
                    work[o + 2] = a * z * work[p + 2];
                    work[o + 3] = a * (work[p] + z * work[p + 3]);
                } else {
                    int p1 = qOff + ((l - 1) * lp + m) * 4;
                    int p2 = qOff + ((l - 2) * lp + m) * 4;
                    double a = (2.0 * l - 1) / (l - m);
                    double b = (l + m - 1.0) / (l - m);
                    work[o] = a * z * work[p1] - b * r2 * work[p2];
                    work[o + 1] = a * z * work[p1 + 1] - b * (2 * x * work[p2] + r2 * work[p2 + 1]);
                    work[o + 2] = a * z * work[p1 + 2] - b * (2 * y * work[p2] + r2 * work[p2 + 2]);
                    work[o + 3] = a * (work[p1] + z * work[p1 + 3]) - b * (2 * z * work[p2] + r2 * work[p2 + 3]);
                }
            }
        }
    }

    /** R_lm = N_lm Q_l^{|m|} T_m and its gradient by the product rule, from the tables of the two steps above. */
    private void combine(int lp, int qOff, double[] work, double[] out, double[] grad) {
        int cOff = 0, sOff = lp, cxOff = 2 * lp, cyOff = 3 * lp, sxOff = 4 * lp, syOff = 5 * lp;
        for (int l = 0; l <= lmax; l++) {
            for (int m = -l; m <= l; m++) {
                int lm = l * (l + 1) + m;
                int am = Math.abs(m);
                int o = qOff + (l * lp + am) * 4;
                double q = work[o], qx = work[o + 1], qy = work[o + 2], qz = work[o + 3];
                double t, tx, ty;
                if (m > 0) {
                    t = work[cOff + am];
                    tx = work[cxOff + am];
                    ty = work[cyOff + am];
                } else if (m < 0) {
                    t = work[sOff + am];
                    tx = work[sxOff + am];
                    ty = work[syOff + am];
                } else {
                    t = 1;
                    tx = 0;
                    ty = 0;
                }
                double nn = norm[lm];
                out[lm] = nn * q * t;
                grad[3 * lm] = nn * (qx * t + q * tx);
                grad[3 * lm + 1] = nn * (qy * t + q * ty);
                grad[3 * lm + 2] = nn * qz * t;
            }
        }
    }

    /**
     * The scratch length of {@link #solid} and {@link #evaluate}.
     *
     * @return 6 (lmax+1) + 4 (lmax+1)^2
     */
    public int workSize() {
        int lp = lmax + 1;
        return 6 * lp + 4 * lp * lp;
    }

    /**
     * Y_lm(r/|r|) into y[lm] and its gradient with respect to the vector r into grad[3*lm + a], given the
     * length |r| > 0: grad_r Y_lm = (grad R_lm(u) - l R_lm(u) u)/|r| (THEORY.md 3.4). Allocates nothing.
     *
     * @param rx Cartesian x of the pair vector r (Angstrom)
     * @param ry Cartesian y of r (Angstrom)
     * @param rz Cartesian z of r (Angstrom)
     * @param r the length |r| (Angstrom), positive
     * @param y output, Y_lm(u) at {@code y[l(l+1) + m]}, length at least {@link #size()}
     * @param grad output, dY_lm/dr_a (per Angstrom) at {@code grad[3 * (l(l+1) + m) + a]}, length at least
     *     3 {@link #size()}
     * @param work scratch of at least {@link #workSize()} doubles, overwritten
     */
    public void evaluate(double rx, double ry, double rz, double r, double[] y, double[] grad, double[] work) {
        double inv = 1.0 / r;
        double ux = rx * inv, uy = ry * inv, uz = rz * inv;
        solid(ux, uy, uz, y, grad, work);
        for (int l = 0; l <= lmax; l++) {
            for (int m = -l; m <= l; m++) {
                int lm = l * (l + 1) + m;
                double ly = l * y[lm];
                grad[3 * lm] = (grad[3 * lm] - ly * ux) * inv;
                grad[3 * lm + 1] = (grad[3 * lm + 1] - ly * uy) * inv;
                grad[3 * lm + 2] = (grad[3 * lm + 2] - ly * uz) * inv;
            }
        }
    }
}
