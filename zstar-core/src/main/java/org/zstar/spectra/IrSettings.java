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
    /**
     * Checks the settings.
     *
     * @param dtFs time between frames, fs
     * @param temperatureK temperature, K (prefactor 1/(6 eps0 c V k_B T) and quantum corrections)
     * @param volumeA3 volume V, A^3 (the cell volume; for molecules an explicit choice)
     * @param window window on the correlation function
     * @param maxCorrTimeFs maximum correlation time, fs; null for half the (shortest) series
     * @param correction quantum correction factor
     * @param frequencyScale multiplies the frequency axis (e.g. 0.985 for a 1.5 % red shift); 1 for none
     * @param padding extra zero-padding factor of the correlation function before its transform (power of
     *     two, 1 = the minimum 2K rounded up to a power of two); finer grid, same resolution
     */
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

    /**
     * Defaults: Hann window, half the series, classical, no scaling, padding 1.
     *
     * @param dtFs the time between samples (fs)
     * @param temperatureK the temperature (K)
     * @param volumeA3 the volume (A^3)
     * @return the settings
     */
    public static IrSettings of(double dtFs, double temperatureK, double volumeA3) {
        return new IrSettings(dtFs, temperatureK, volumeA3, CorrelationWindow.HANN, null, QuantumCorrection.NONE,
                1.0, 1);
    }

    /**
     * {@return the same settings with another window}
     *
     * @param w the window
     */
    public IrSettings withWindow(CorrelationWindow w) {
        return new IrSettings(dtFs, temperatureK, volumeA3, w, maxCorrTimeFs, correction, frequencyScale, padding);
    }

    /**
     * {@return the same settings with another maximum correlation time}
     *
     * @param t the time (fs), or null for half the series
     */
    public IrSettings withMaxCorrTime(Double t) {
        return new IrSettings(dtFs, temperatureK, volumeA3, window, t, correction, frequencyScale, padding);
    }

    /**
     * {@return the same settings with another quantum correction}
     *
     * @param q the correction
     */
    public IrSettings withCorrection(QuantumCorrection q) {
        return new IrSettings(dtFs, temperatureK, volumeA3, window, maxCorrTimeFs, q, frequencyScale, padding);
    }

    /**
     * {@return the same settings with another frequency scale}
     *
     * @param s the factor
     */
    public IrSettings withFrequencyScale(double s) {
        return new IrSettings(dtFs, temperatureK, volumeA3, window, maxCorrTimeFs, correction, s, padding);
    }

    /**
     * {@return the same settings with another padding factor}
     *
     * @param p the factor (power of two)
     */
    public IrSettings withPadding(int p) {
        return new IrSettings(dtFs, temperatureK, volumeA3, window, maxCorrTimeFs, correction, frequencyScale, p);
    }
}
