package org.zstar.experiments;

/** Small statistics helpers (mean, sample standard deviation). */
public final class Stats {
    private Stats() {
    }

    /**
     * {@return the arithmetic mean of v; NaN when empty}
     *
     * @param v the values
     */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /**
     * Sample standard deviation {@code sqrt(sum (x - mean)^2 / (n - 1))}; 0 for a single value.
     *
     * @param v the values
     * @return the sample standard deviation
     */
    public static double std(double[] v) {
        if (v.length < 2) {
            return v.length == 1 ? 0.0 : Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /**
     * Population standard deviation {@code sqrt(sum (x - mean)^2 / n)} from sums (0 when n = 0).
     *
     * @param sum the sum of the values
     * @param sumSquares the sum of their squares
     * @param n the number of values
     * @return the population standard deviation
     */
    public static double populationStd(double sum, double sumSquares, double n) {
        if (n <= 0) {
            return 0.0;
        }
        double m = sum / n;
        return Math.sqrt(Math.max(0, sumSquares / n - m * m));
    }
}
