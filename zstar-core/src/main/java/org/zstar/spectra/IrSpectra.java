package org.zstar.spectra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jtransforms.fft.DoubleFFT_1D;
import org.zstar.util.UserInputException;

/**
 * From dM/dt series to IR spectra {@code n(w) alpha(w)} in cm^-1 (docs/THEORY.md, "IR spectra").
 */
public final class IrSpectra {
    private IrSpectra() {
    }

    /** Smallest power of two >= n. */
    static int nextPowerOfTwo(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    /**
     * (S1) Unbiased autocorrelation of a vector series, summed over its components:
     * {@code C_k = 1/(N-k) sum_{i=0}^{N-1-k} x_i . x_{i+k}}, k = 0..maxLag-1, by zero-padded FFT (Wiener-
     * Khinchin on a series padded to a power of two >= 2N, so that the circular correlation equals the linear
     * one).
     *
     * @param series frame-major, {@code width} numbers per frame
     * @param width the numbers per frame of the series (3 for vectors)
     * @param maxLag the number K of lags
     * @return C_k for k = 0..K-1
     */
    public static double[] autocorrelation(double[] series, int width, int maxLag) {
        int n = series.length / width;
        if (maxLag < 1 || maxLag > n) {
            throw new UserInputException("maximum lag " + maxLag + " must be in 1.." + n);
        }
        int len = nextPowerOfTwo(2 * n);
        DoubleFFT_1D fft = new DoubleFFT_1D(len);
        double[] acf = new double[maxLag];
        double[] a = new double[len];
        for (int c = 0; c < width; c++) {
            Arrays.fill(a, 0.0);
            for (int i = 0; i < n; i++) {
                a[i] = series[i * width + c];
            }
            fft.realForward(a);
            // |X_m|^2; JTransforms layout: a[0] = Re X_0, a[1] = Re X_{len/2}, a[2m], a[2m+1] = Re, Im X_m
            a[0] = a[0] * a[0];
            a[1] = a[1] * a[1];
            for (int m = 1; m < len / 2; m++) {
                double re = a[2 * m], im = a[2 * m + 1];
                a[2 * m] = re * re + im * im;
                a[2 * m + 1] = 0.0;
            }
            fft.realInverse(a, true); // a[k] = sum_i x_i x_{i+k} (no wrap-around because len >= 2n)
            for (int k = 0; k < maxLag; k++) {
                acf[k] += a[k];
            }
        }
        for (int k = 0; k < maxLag; k++) {
            acf[k] /= (n - k);
        }
        return acf;
    }

    /**
     * Number of lags K for a series of n frames: maxCorrTime/dt + 1 (at most n), or n/2 when not given.
     *
     * @param s the settings
     * @param n the number of frames
     * @return the number of lags K
     */
    public static int lags(IrSettings s, int n) {
        if (s.maxCorrTimeFs() == null) {
            return Math.max(2, n / 2);
        }
        long k = Math.round(s.maxCorrTimeFs() / s.dtFs()) + 1;
        if (k > n) {
            throw new UserInputException("maximum correlation time " + s.maxCorrTimeFs() + " fs is longer than"
                    + " the series (" + n + " frames of " + s.dtFs() + " fs)");
        }
        return (int) Math.max(2, k);
    }

    /**
     * (S4, S5, U1) The spectrum of a correlation function C_k (lags 0..K-1, (e*A/fs)^2):
     * <pre>
     *   I(w_m) = dt [ C_0 + 2 sum_{k=1}^{K-1} w_k C_k cos(w_m t_k) ],   w_m = 2 pi m / (M dt), m = 0..M/2
     *   n alpha(nu_m) = Q(nu_m) * I(w_m) / (6 eps0 c V k_B T)             nu_m = w_m / (2 pi c)
     * </pre>
     * the discrete form of {@code Int_{-inf}^{inf} dt e^{-iwt} C(t)} for an even C(t), evaluated by a real FFT
     * of the symmetric sequence (w_0 C_0, w_1 C_1, ..., 0 ..., w_1 C_1) of length M (a power of two >= 2K times
     * the padding). The frequency axis is finally multiplied by the frequency scale (Q is evaluated at the
     * unscaled frequency).
     *
     * @param acf the correlation function C_k ((e A/fs)^2)
     * @param s the settings
     * @return the spectrum n alpha (cm^-1) over wavenumbers (cm^-1)
     */
    public static Spectrum spectrum(double[] acf, IrSettings s) {
        int k = acf.length;
        int m = nextPowerOfTwo(2 * k) * s.padding();
        double[] w = s.window().weights(k);
        double[] a = new double[m];
        a[0] = acf[0] * w[0];
        for (int i = 1; i < k; i++) {
            a[i] = acf[i] * w[i];
            a[m - i] = a[i];
        }
        new DoubleFFT_1D(m).realForward(a);
        int half = m / 2;
        double[] nu = new double[half + 1];
        double[] v = new double[half + 1];
        double pref = IrUnits.prefactorPerCm(s.volumeA3(), s.temperatureK());
        double dnu = 1.0 / (m * s.dtFs() * IrUnits.C_CM_PER_FS); // cm^-1 per bin
        for (int i = 0; i <= half; i++) {
            double re = i == 0 ? a[0] : i == half ? a[1] : a[2 * i];
            nu[i] = i * dnu;
            v[i] = pref * s.dtFs() * re * s.correction().factor(nu[i], s.temperatureK());
            nu[i] *= s.frequencyScale();
        }
        return new Spectrum(nu, v);
    }

    /**
     * The spectrum of one dM/dt series (frame-major, 3 numbers per frame, e*A/fs) with K = lags(s, n).
     *
     * @param dMdt the series
     * @param s the settings
     * @return the spectrum
     */
    public static Spectrum spectrumOf(double[] dMdt, IrSettings s) {
        int n = dMdt.length / 3;
        return spectrum(autocorrelation(dMdt, 3, lags(s, n)), s);
    }

    /**
     * Splits a series into {@code blocks} contiguous blocks of equal length (trailing frames that do not fill a
     * block are dropped).
     *
     * @param dMdt the series, 3 numbers per frame
     * @param blocks the number of blocks
     * @return the blocks
     */
    public static List<double[]> blocks(double[] dMdt, int blocks) {
        int n = dMdt.length / 3;
        if (blocks < 1) {
            throw new UserInputException("number of blocks must be >= 1, got " + blocks);
        }
        int len = n / blocks;
        if (len < 3) {
            throw new UserInputException(n + " frames cannot make " + blocks + " blocks of at least 3 frames");
        }
        List<double[]> out = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            out.add(Arrays.copyOfRange(dMdt, 3 * b * len, 3 * (b + 1) * len));
        }
        return out;
    }

    /**
     * Spectra of several series on one common grid: K is fixed by the maximum correlation time, or by half
     * the shortest series when none is given.
     *
     * @param series the dM/dt series, 3 numbers per frame
     * @param s the settings
     * @return one spectrum per series
     */
    public static List<Spectrum> spectra(List<double[]> series, IrSettings s) {
        int shortest = Integer.MAX_VALUE;
        for (double[] x : series) {
            shortest = Math.min(shortest, x.length / 3);
        }
        int k = lags(s, shortest);
        List<Spectrum> out = new ArrayList<>();
        for (double[] x : series) {
            out.add(spectrum(autocorrelation(x, 3, k), s));
        }
        return out;
    }

    /**
     * Mean of |dM/dt|^2 over a series, (e*A/fs)^2.
     *
     * @param dMdt the series, 3 numbers per frame
     * @return the mean square ((e A/fs)^2)
     */
    public static double meanSquare(double[] dMdt) {
        double s = 0;
        for (double x : dMdt) {
            s += x * x;
        }
        return s / (dMdt.length / 3);
    }
}
