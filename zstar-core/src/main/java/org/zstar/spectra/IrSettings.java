package org.zstar.spectra;

import org.zstar.util.UserInputException;

/**
 * Settings of an IR spectrum.
 *
 * @param dtFs           time between frames, fs
 * @param temperatureK   temperature, K (prefactor 1/(6 eps0 c V k_B T) and quantum corrections)
 * @param volumeA3       volume V, A^3 (the cell volume; for molecules an explicit choice)
 * @param window         window on the correlation function
 * @param maxCorrTimeFs  maximum correlation time, fs; null for half the (shortest) series
 * @param correction     quantum correction factor
 * @param frequencyScale multiplies the frequency axis (e.g. 0.985 for a 1.5 % red shift); 1 for none
 * @param padding        extra zero-padding factor of the correlation function before its transform (power of
 *                       two, 1 = the minimum 2K rounded up to a power of two); finer grid, same resolution
 */
public record IrSettings(double dtFs, double temperatureK, double volumeA3, CorrelationWindow window,
        Double maxCorrTimeFs, QuantumCorrection correction, double frequencyScale, int padding) {
    public IrSettings {
        if (!(dtFs > 0) || !Double.isFinite(dtFs)) {
            throw new UserInputException("time step must be positive, got " + dtFs + " fs");
        }
        if (!(temperatureK > 0) || !Double.isFinite(temperatureK)) {
            throw new UserInputException("temperature must be positive, got " + temperatureK + " K");
        }
        if (!(volumeA3 > 0) || !Double.isFinite(volumeA3)) {
            throw new UserInputException("volume must be positive, got " + volumeA3 + " A^3");
        }
        if (maxCorrTimeFs != null && !(maxCorrTimeFs > 0)) {
            throw new UserInputException("maximum correlation time must be positive, got " + maxCorrTimeFs);
        }
        if (!(frequencyScale > 0) || !Double.isFinite(frequencyScale)) {
            throw new UserInputException("frequency scale must be positive, got " + frequencyScale);
        }
        if (padding < 1 || Integer.bitCount(padding) != 1) {
            throw new UserInputException("padding must be a power of two >= 1, got " + padding);
        }
    }

    /** Defaults: Hann window, half the series, classical, no scaling, padding 1. */
    public static IrSettings of(double dtFs, double temperatureK, double volumeA3) {
        return new IrSettings(dtFs, temperatureK, volumeA3, CorrelationWindow.HANN, null, QuantumCorrection.NONE,
                1.0, 1);
    }

    public IrSettings withWindow(CorrelationWindow w) {
        return new IrSettings(dtFs, temperatureK, volumeA3, w, maxCorrTimeFs, correction, frequencyScale, padding);
    }

    public IrSettings withMaxCorrTime(Double t) {
        return new IrSettings(dtFs, temperatureK, volumeA3, window, t, correction, frequencyScale, padding);
    }

    public IrSettings withCorrection(QuantumCorrection q) {
        return new IrSettings(dtFs, temperatureK, volumeA3, window, maxCorrTimeFs, q, frequencyScale, padding);
    }

    public IrSettings withFrequencyScale(double s) {
        return new IrSettings(dtFs, temperatureK, volumeA3, window, maxCorrTimeFs, correction, s, padding);
    }

    public IrSettings withPadding(int p) {
        return new IrSettings(dtFs, temperatureK, volumeA3, window, maxCorrTimeFs, correction, frequencyScale, p);
    }
}
