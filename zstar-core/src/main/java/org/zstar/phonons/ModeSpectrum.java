package org.zstar.phonons;

import org.zstar.util.UserInputException;

/**
 * A stick spectrum broadened by Lorentzians of equal area (docs/THEORY.md, "Phonons at Gamma", (PH7)):
 * {@code S(nu) = sum_m I_m (w/(2 pi)) / ((nu - nu_m)^2 + (w/2)^2)} with full width at half maximum w (cm^-1), so
 * that {@code integral S dnu = sum_m I_m}. Acoustic modes and imaginary (negative) frequencies are left out.
 */
public final class ModeSpectrum {
    private ModeSpectrum() {
    }

    /**
     * The Lorentzian-broadened spectrum of the modes' intensities.
     *
     * @param grid wavenumbers (cm^-1)
     * @param fwhm full width at half maximum (cm^-1), positive
     * @param modes the modes and intensities
     * @return S on the grid, in the unit of the intensities per cm^-1
     */
    public static double[] lorentzian(GammaModes.Result modes, double[] grid, double fwhm) {
        if (!(fwhm > 0)) {
            throw new UserInputException("broadening must be positive, got " + fwhm);
        }
        if (modes.intensities() == null) {
            throw new UserInputException("a spectrum needs mode intensities (BECs)");
        }
        double[] s = new double[grid.length];
        double half = 0.5 * fwhm;
        for (int m = 0; m < modes.modes(); m++) {
            double nu = modes.frequencies()[m];
            if (modes.acoustic()[m] || nu <= 0) {
                continue;
            }
            double amp = modes.intensities()[m] * half / Math.PI;
            for (int g = 0; g < grid.length; g++) {
                double x = grid[g] - nu;
                s[g] += amp / (x * x + half * half);
            }
        }
        return s;
    }
}
