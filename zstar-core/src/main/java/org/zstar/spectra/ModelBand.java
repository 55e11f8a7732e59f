package org.zstar.spectra;

import java.util.List;

/**
 * The BEC model's share of the uncertainty of a mean spectrum, and the band that combines it with the statistical
 * one (docs/THEORY.md, "IR spectra with model uncertainty", (IRU1)-(IRU3)). Every posterior sample of the weights
 * gives a mean spectrum over the SAME estimates (the same frames, blocks and trajectories), so the spread of those
 * means is the model uncertainty alone, with the statistical noise of the trajectory held fixed.
 *
 * @param samples         posterior samples S
 * @param std             (IRU1) standard deviation over the samples of their mean spectra, per frequency
 * @param sampleMean      mean over the samples of their mean spectra (above the central spectrum by the variance
 *                        term E[Q(delta)] of the quadratic spectrum)
 * @param lower           model band alone: (IRU2) with half-width 2 std around the central mean
 * @param upper           see lower
 * @param statisticalHalfWidth half-width of the statistical band, {@code f se} ((S7))
 * @param totalLower      (IRU3) combined band: half-width {@code sqrt((f se)^2 + (2 std)^2)}, same log-symmetric rule
 * @param totalUpper      see totalLower
 */
public record ModelBand(int samples, double[] std, double[] sampleMean, double[] lower, double[] upper,
        double[] statisticalHalfWidth, double[] totalLower, double[] totalUpper) {
    /** Half-width factor of the model band (two standard deviations, about 95 % for a Gaussian spread). */
    public static final double FACTOR = 2.0;

    /**
     * The model band of a statistical band and the mean spectra of S >= 2 posterior samples on its grid.
     *
     * @param statistical the band over the trajectories
     * @param sampleMeans the mean spectrum of each posterior sample
     * @return the model band
     */
    public static ModelBand of(SpectrumBand statistical, List<Spectrum> sampleMeans) {
        int n = sampleMeans.size();
        if (n < 2) {
            throw new IllegalArgumentException("a model band needs at least 2 posterior samples, got " + n);
        }
        double[] m = statistical.mean();
        int len = m.length;
        double[] mean = new double[len];
        for (Spectrum s : sampleMeans) {
            if (s.size() != len) {
                throw new IllegalArgumentException("sample spectra are on a different grid");
            }
            for (int i = 0; i < len; i++) {
                mean[i] += s.values()[i] / n;
            }
        }
        double[] std = new double[len];
        double[] lo = new double[len];
        double[] hi = new double[len];
        double[] stat = new double[len];
        double[] tlo = new double[len];
        double[] thi = new double[len];
        double[] pair = new double[2];
        for (int i = 0; i < len; i++) {
            double ss = 0;
            for (Spectrum s : sampleMeans) {
                double d = s.values()[i] - mean[i];
                ss += d * d;
            }
            std[i] = Math.sqrt(ss / (n - 1)); // (IRU1)
            logSymmetric(m[i], FACTOR * std[i], pair); // (IRU2)
            lo[i] = pair[0];
            hi[i] = pair[1];
            stat[i] = statistical.upper()[i] - m[i]; // f se in both branches of (S7)
            double h = Math.hypot(stat[i], FACTOR * std[i]); // (IRU3) independent sources: variances add
            logSymmetric(m[i], h, pair);
            tlo[i] = pair[0];
            thi[i] = pair[1];
        }
        return new ModelBand(n, std, mean, lo, hi, stat, tlo, thi);
    }

    /** (S7) with half-width h: {@code r = 1 + h / m}, {@code [m / r, m r]} for m > 0, else {@code [m, m + h]}. */
    static void logSymmetric(double m, double h, double[] out) {
        if (m > 0) {
            double r = 1 + h / m;
            out[0] = m / r;
            out[1] = m * r;
        } else {
            out[0] = m;
            out[1] = m + h;
        }
    }

    /**
     * Median over the frequencies in [from, to] where the mean exceeds {@code relative} of its maximum there, of
     * the model half-width over the statistical one (> 1: the model uncertainty dominates). NaN where there is no
     * statistical band (one estimate) or no such frequency.
     *
     * @param wavenumbers the grid (cm^-1)
     * @param centralMean the mean spectrum
     * @param from the lower end (cm^-1)
     * @param to the upper end (cm^-1)
     * @param relative the share of the maximum above which a frequency counts
     * @return the median ratio, NaN when no frequency counts
     */
    public double medianModelToStatistical(double[] wavenumbers, double[] centralMean, double from, double to,
            double relative) {
        double top = 0;
        for (int i = 0; i < wavenumbers.length; i++) {
            if (wavenumbers[i] >= from && wavenumbers[i] <= to) {
                top = Math.max(top, centralMean[i]);
            }
        }
        double[] ratios = new double[wavenumbers.length];
        int k = 0;
        for (int i = 0; i < wavenumbers.length; i++) {
            if (wavenumbers[i] >= from && wavenumbers[i] <= to && centralMean[i] > relative * top
                    && statisticalHalfWidth[i] > 0) {
                ratios[k++] = FACTOR * std[i] / statisticalHalfWidth[i];
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        java.util.Arrays.sort(ratios, 0, k);
        return k % 2 == 1 ? ratios[k / 2] : 0.5 * (ratios[k / 2 - 1] + ratios[k / 2]);
    }
}
