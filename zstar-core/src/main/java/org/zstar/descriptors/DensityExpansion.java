package org.zstar.descriptors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.zstar.util.UserInputException;

/**
 * Expansion coefficients c^{iJ}_{nlm} = sum_{j in J} h_nl(r_ij) Y_lm(r_ij/|r_ij|) of one centre and their
 * derivatives with respect to each neighbour-image vector (THEORY.md, "Descriptors", 3.5):
 * d c~^{ij}_{nlm} / d r_ij = h'_nl(r) Y_lm(u) u + h_nl(r) grad_r Y_lm(u), u = r_ij/r.
 * Immutable; per-thread scratch lives in {@link Work}.
 */
final class DensityExpansion {
    private static final Map<String, RadialBasis> CACHE = new ConcurrentHashMap<>();

    final RadialBasis basis;
    final RealSphericalHarmonics harmonics;
    final int species;
    final int nmax;
    final int lmax;
    final int lm; // (lmax+1)^2
    final double cutoff;
    /** l of each compound index lm. */
    final int[] lOf;

    DensityExpansion(double cutoff, int nmax, int lmax, double sigma, double gridStep, int species) {
        String key = cutoff + "/" + nmax + "/" + lmax + "/" + sigma + "/" + gridStep;
        this.basis = CACHE.computeIfAbsent(key, k -> new RadialBasis(cutoff, nmax, lmax, sigma, gridStep));
        this.harmonics = new RealSphericalHarmonics(lmax);
        this.species = species;
        this.nmax = nmax;
        this.lmax = lmax;
        this.lm = (lmax + 1) * (lmax + 1);
        this.cutoff = cutoff;
        this.lOf = new int[lm];
        for (int l = 0; l <= lmax; l++) {
            for (int m = -l; m <= l; m++) {
                lOf[l * (l + 1) + m] = l;
            }
        }
    }

    /** Whether another expansion gives the same coefficients (same radial basis and species count). */
    boolean sameAs(DensityExpansion other) {
        return other != null && basis == other.basis && species == other.species && lmax == other.lmax;
    }

    /** Per-thread scratch: coefficients, per-entry derivatives and pair temporaries. */
    final class Work {
        /** c[(J * nmax + n) * lm + (l(l+1)+m)]. */
        final double[] c = new double[species * nmax * lm];
        /** dc[((q * 3 + b) * nmax + n) * lm + lmIndex] for local entry q (neighbour species only). */
        double[] dc = new double[0];
        /** Whether local entry q lies inside this expansion's cutoff. */
        boolean[] inside = new boolean[0];
        final double[] h = new double[basis.functions()];
        final double[] dh = new double[basis.functions()];
        final double[] y = new double[lm];
        final double[] gy = new double[3 * lm];
        final double[] shWork = new double[harmonics.workSize()];
        /** One radial function spread over the lm of its l, h_{n,l(t)} and h'_{n,l(t)} Y_t; grad Y by component. */
        final double[] hx = new double[lm];
        final double[] dyx = new double[lm];
        final double[] gyt = new double[3 * lm];
        /** Factored derivative data per local entry (when factored): h, h', Y, grad Y ([q][b][lm]), unit vector. */
        double[] hq = new double[0];
        double[] dhq = new double[0];
        double[] yq = new double[0];
        double[] gyq = new double[0];
        double[] uq = new double[0];
        final boolean factored;

        Work(boolean factored) {
            this.factored = factored;
        }

        void ensure(int entries) {
            if (inside.length < entries) {
                int cap = Math.max(entries, inside.length * 3 / 2);
                inside = new boolean[cap];
                if (factored) {
                    int nf = basis.functions();
                    hq = new double[cap * nf];
                    dhq = new double[cap * nf];
                    yq = new double[cap * lm];
                    gyq = new double[cap * 3 * lm];
                    uq = new double[cap * 3];
                } else {
                    dc = new double[cap * 3 * nmax * lm];
                }
            }
        }
    }

    Work newWork() {
        return new Work(false);
    }

    /**
     * Scratch that keeps, instead of the dense blocks dc, the factors of
     * d c~_{nlm}/d r_b = h'_nl Y_lm u_b + h_nl dY_lm/d r_b (for callers that contract them first).
     */
    Work newFactoredWork() {
        return new Work(true);
    }

    /**
     * Coefficients of centre i over entries [from, to) of a neighbour list; derivative blocks for each
     * local entry q = e - from when withDerivatives.
     */
    void expand(Work w, int from, int to, int[] neighbours, double[] vectors, int[] speciesOfAtom,
            boolean withDerivatives) {
        java.util.Arrays.fill(w.c, 0.0);
        int k = to - from;
        w.ensure(k);
        int lp = lmax + 1;
        int block = nmax * lm;
        double[] c = w.c, h = w.h, dh = w.dh, y = w.y, gy = w.gy, dc = w.dc;
        for (int q = 0; q < k; q++) {
            int e = from + q;
            double rx = vectors[3 * e], ry = vectors[3 * e + 1], rz = vectors[3 * e + 2];
            double r2 = rx * rx + ry * ry + rz * rz;
            if (r2 >= cutoff * cutoff) {
                w.inside[q] = false;
                continue;
            }
            double r = Math.sqrt(r2);
            if (r < 1e-6) {
                throw new UserInputException("two atoms overlap (distance " + r + " A): atom "
                        + neighbours[e] + " and a neighbour");
            }
            w.inside[q] = true;
            basis.evaluate(r, h, dh);
            harmonics.evaluate(rx, ry, rz, r, y, gy, w.shWork);
            double inv = 1.0 / r;
            double ux = rx * inv, uy = ry * inv, uz = rz * inv;
            int cb = speciesOfAtom[neighbours[e]] * block;
            boolean dense = withDerivatives && !w.factored;
            double[] hx = w.hx, dyx = w.dyx, gyt = w.gyt;
            if (dense) {
                for (int t = 0; t < lm; t++) {
                    gyt[t] = gy[3 * t];
                    gyt[lm + t] = gy[3 * t + 1];
                    gyt[2 * lm + t] = gy[3 * t + 2];
                }
            }
            int d0 = (q * 3) * block, d1 = d0 + block, d2 = d1 + block;
            if (lm < 9) {
                // l <= 1 (two-body blocks): fused loops of 1 or 4 numbers
                addLowL(c, cb, h, dh, y, gy, dense, dc, d0, d1, d2, ux, uy, uz);
            }
            // c^{iJ}_{nlm} += h_nl(r) Y_lm(u); the loops over t run on contiguous arrays (vectorised by the JIT)
            for (int n = 0; n < nmax && lm >= 9; n++) {
                int fb = n * lp;
                int co = cb + n * lm;
                for (int t = 0; t < lm; t++) {
                    hx[t] = h[fb + lOf[t]];
                }
                for (int t = 0; t < lm; t++) {
                    c[co + t] += hx[t] * y[t];
                }
                if (dense) {
                    denseRows(dc, d0 + n * lm, d1 + n * lm, d2 + n * lm, dh, fb, y, hx, dyx, gyt, ux, uy, uz);
                }
            }
            if (withDerivatives && w.factored) {
                storeFactors(w, q, ux, uy, uz);
            }
        }
    }

    /**
     * l &lt;= 1 (two-body blocks, lm = 1 or 4): the coefficients c[cb + n lm + t] += h_nl Y_t of one entry and, when
     * dense, its derivative rows (3.5) at dc[d0|d1|d2 + n lm + t], in one loop of 1 or 4 numbers per n (the same
     * arithmetic as the general case of {@link #expand}).
     */
    private void addLowL(double[] c, int cb, double[] h, double[] dh, double[] y, double[] gy, boolean dense,
            double[] dc, int d0, int d1, int d2, double ux, double uy, double uz) {
        int lp = lmax + 1;
        for (int n = 0; n < nmax; n++) {
            int fb = n * lp;
            int o = n * lm;
            for (int t = 0; t < lm; t++) {
                double hv = h[fb + lOf[t]];
                c[cb + o + t] += hv * y[t];
                if (dense) {
                    double dy = dh[fb + lOf[t]] * y[t];
                    dc[d0 + o + t] = dy * ux + hv * gy[3 * t];
                    dc[d1 + o + t] = dy * uy + hv * gy[3 * t + 1];
                    dc[d2 + o + t] = dy * uz + hv * gy[3 * t + 2];
                }
            }
        }
    }

    /**
     * (3.5) d c_{nlm}/d r_b = h'_nl Y_lm u_b + h_nl dY_lm/d r_b for one n of one entry: rows b = x, y, z written at
     * dc[x0 + t], dc[y0 + t], dc[z0 + t]. {@code hx[t]} holds h_{n,l(t)} (radial functions from fb), {@code gyt}
     * grad Y by component ([b * lm + t]); {@code dyx} is scratch.
     */
    private void denseRows(double[] dc, int x0, int y0, int z0, double[] dh, int fb, double[] y, double[] hx,
            double[] dyx, double[] gyt, double ux, double uy, double uz) {
        for (int t = 0; t < lm; t++) {
            dyx[t] = dh[fb + lOf[t]] * y[t];
        }
        for (int t = 0; t < lm; t++) {
            dc[x0 + t] = dyx[t] * ux + hx[t] * gyt[t];
        }
        for (int t = 0; t < lm; t++) {
            dc[y0 + t] = dyx[t] * uy + hx[t] * gyt[lm + t];
        }
        for (int t = 0; t < lm; t++) {
            dc[z0 + t] = dyx[t] * uz + hx[t] * gyt[2 * lm + t];
        }
    }

    /** The factors h, h', Y, grad Y and u of local entry q, for callers that contract them first. */
    private void storeFactors(Work w, int q, double ux, double uy, double uz) {
        double[] h = w.h, dh = w.dh, y = w.y, gy = w.gy;
        int nf = h.length;
        System.arraycopy(h, 0, w.hq, q * nf, nf);
        System.arraycopy(dh, 0, w.dhq, q * nf, nf);
        System.arraycopy(y, 0, w.yq, q * lm, lm);
        for (int b = 0; b < 3; b++) {
            int o = (q * 3 + b) * lm;
            for (int t = 0; t < lm; t++) {
                w.gyq[o + t] = gy[3 * t + b];
            }
        }
        w.uq[3 * q] = ux;
        w.uq[3 * q + 1] = uy;
        w.uq[3 * q + 2] = uz;
    }

    /**
     * Reverse-mode step (THEORY.md 3.11) for local entry q: adds
     * {@code sum_{n, lm} H[hOff + n*lm + t] d c_{n,lm}/d r_e} (3 numbers) into out[o .. o+2], where hOff selects the
     * block of the neighbour's species. Works on both kinds of scratch (dense blocks or factors).
     */
    void addEntryGradient(Work w, int q, double[] hc, int hOff, double[] out, int o) {
        if (!w.inside[q]) {
            return;
        }
        double gx = 0, gy = 0, gz = 0;
        if (w.factored) {
            // d c_{n,lm}/d r_e = h'_nl Y_lm u + h_nl grad Y_lm (3.5)
            int lp = lmax + 1;
            int ho = q * nmax * lp, yo = q * lm, g0 = q * 3 * lm, g1 = g0 + lm, g2 = g1 + lm;
            double radial = 0;
            for (int t = 0; t < lm; t++) {
                int l = lOf[t];
                double av = 0, bv = 0;
                for (int n = 0; n < nmax; n++) {
                    double hv = hc[hOff + n * lm + t];
                    av += hv * w.dhq[ho + n * lp + l];
                    bv += hv * w.hq[ho + n * lp + l];
                }
                radial += av * w.yq[yo + t];
                gx += bv * w.gyq[g0 + t];
                gy += bv * w.gyq[g1 + t];
                gz += bv * w.gyq[g2 + t];
            }
            gx += radial * w.uq[3 * q];
            gy += radial * w.uq[3 * q + 1];
            gz += radial * w.uq[3 * q + 2];
        } else {
            int block = nmax * lm;
            int d0 = q * 3 * block, d1 = d0 + block, d2 = d1 + block;
            for (int k = 0; k < block; k++) {
                double hv = hc[hOff + k];
                gx += hv * w.dc[d0 + k];
                gy += hv * w.dc[d1 + k];
                gz += hv * w.dc[d2 + k];
            }
        }
        out[o] += gx;
        out[o + 1] += gy;
        out[o + 2] += gz;
    }
}
