package org.zstar.spectra;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Peak picking on a spectrum. */
public final class Peaks {
    private Peaks() {
    }

    /**
     * A peak: position (cm^-1) and height.
     *
     * @param wavenumber the position (cm^-1)
     * @param height the value of the spectrum there
     */
    public record Peak(double wavenumber, double height) {
    }

    /**
     * Local maxima that are the largest value within +-{@code separation} cm^-1 and at least
     * {@code minRelativeHeight} of the global maximum, in [from, to]; sorted by decreasing height, at most
     * {@code max}. Positions are refined by a parabola through the three points around the maximum.
     *
     * @param s the spectrum
     * @param from the lower end (cm^-1)
     * @param to the upper end (cm^-1)
     * @param minRelativeHeight the smallest height relative to the global maximum
     * @param separation the smallest distance between peaks (cm^-1)
     * @param max the largest number of peaks
     * @return the peaks
     */
    public static List<Peak> find(Spectrum s, double from, double to, double minRelativeHeight, double separation,
            int max) {
        double[] x = s.wavenumbers();
        double[] y = s.values();
        double global = s.max(from, to);
        List<Peak> out = new ArrayList<>();
        if (!(global > 0)) {
            return out;
        }
        for (int i = 1; i < x.length - 1; i++) {
            if (x[i] < from || x[i] > to || y[i] < minRelativeHeight * global) {
                continue;
            }
            if (!(y[i] >= y[i - 1] && y[i] > y[i + 1])) {
                continue;
            }
            boolean largest = true;
            for (int j = i - 1; j >= 0 && x[i] - x[j] <= separation && largest; j--) {
                largest = y[j] <= y[i];
            }
            for (int j = i + 1; j < x.length && x[j] - x[i] <= separation && largest; j++) {
                largest = y[j] < y[i];
            }
            if (!largest) {
                continue;
            }
            // vertex of the parabola through (x[i-1], y[i-1]), (x[i], y[i]), (x[i+1], y[i+1]) on a local grid
            double pos = x[i];
            double h0 = x[i] - x[i - 1], h1 = x[i + 1] - x[i];
            double d0 = (y[i] - y[i - 1]) / h0, d1 = (y[i + 1] - y[i]) / h1;
            double curv = (d1 - d0) / (0.5 * (h0 + h1));
            if (curv < 0) {
                double slopeMid = (d0 * h1 + d1 * h0) / (h0 + h1); // derivative at x[i]
                double shift = -slopeMid / curv;
                if (Math.abs(shift) <= Math.max(h0, h1)) {
                    pos += shift;
                }
            }
            out.add(new Peak(pos, y[i]));
        }
        out.sort(Comparator.comparingDouble(Peak::height).reversed());
        return out.size() > max ? new ArrayList<>(out.subList(0, max)) : out;
    }
}
