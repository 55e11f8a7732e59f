package org.zstar.spectra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.zstar.io.InputFiles;
import org.zstar.util.UserInputException;

/**
 * Reads the dM/dt series that {@code zstar md --bec-model} writes ({@code PREFIX-dmdt.csv}: header
 * {@code time_fs,dMx_dt_eA_per_fs,dMy_dt_eA_per_fs,dMz_dt_eA_per_fs[,volume_A3]}, e*A/fs; files of older versions
 * name the columns {@code dMx_dt,dMy_dt,dMz_dt}), so that a spectrum needs no stored frames.
 * Rows must be equally spaced in time; the volume column, when present and filled, gives the mean volume.
 * With {@code zstar md --bec-samples S} the file has S more triples {@code dMx_dt_s1,dMy_dt_s1,dMz_dt_s1,...}
 * after the volume: dM/dt of the same frames with weights drawn from the model's posterior (the model band of
 * {@link ModelBand}).
 */
public final class DipoleDerivativeCsv {
    /** Relative tolerance on the spacing of the time column (it is printed with 6 decimals). */
    private static final double SPACING_TOLERANCE = 1e-6;

    /**
     * A dM/dt series as read from a file.
     *
     * @param dt time between rows (fs)
     * @param series dM/dt, 3 numbers per row (e*A/fs)
     * @param volume mean volume in A^3, NaN when the file has none
     * @param samples dM/dt of each posterior sample, as many rows as series
     */
    public record Series(double dt, double[] series, double volume, List<double[]> samples) {
        /**
         * A series without posterior samples.
         *
         * @param dt time between rows (fs)
         * @param series dM/dt, 3 numbers per row (e A/fs)
         * @param volume mean volume in A^3, NaN when the file has none
         */
        public Series(double dt, double[] series, double volume) {
            this(dt, series, volume, List.of());
        }

        /**
         * Checks that every posterior sample has as many rows as the series.
         *
         * @param dt time between rows (fs)
         * @param series dM/dt, 3 numbers per row (e*A/fs)
         * @param volume mean volume in A^3, NaN when the file has none
         * @param samples dM/dt of each posterior sample, as many rows as series
         */
        public Series {
            samples = List.copyOf(samples);
            for (double[] x : samples) {
                if (x.length != series.length) {
                    throw new IllegalArgumentException("a posterior sample has " + x.length / 3 + " rows, the series "
                            + series.length / 3);
                }
            }
        }

        /** {@return the number of rows} */
        public int rows() {
            return series.length / 3;
        }
    }

    /**
     * The header columns of posterior sample s (1-based) in a dM/dt file.
     *
     * @param s the 1-based sample number
     * @return the three column names, comma separated
     */
    public static String sampleColumns(int s) {
        return "dMx_dt_s" + s + ",dMy_dt_s" + s + ",dMz_dt_s" + s;
    }

    /** Posterior samples named by the header (after the volume column), validated to be complete triples. */
    private static int sampleCount(Path file, String header, String[] cols) {
        if (cols.length <= 5) {
            return 0;
        }
        if (!cols[4].equals("volume_a3") || (cols.length - 5) % 3 != 0) {
            throw new UserInputException(file + " line 1: posterior sample columns must follow volume_A3 in triples, "
                    + "got '" + header + "'");
        }
        int n = (cols.length - 5) / 3;
        for (int s = 1; s <= n; s++) {
            String[] want = sampleColumns(s).toLowerCase(Locale.ROOT).split(",");
            for (int a = 0; a < 3; a++) {
                if (!cols[5 + 3 * (s - 1) + a].equals(want[a])) {
                    throw new UserInputException(file + " line 1: expected column " + want[a] + ", got '"
                            + cols[5 + 3 * (s - 1) + a] + "'");
                }
            }
        }
        return n;
    }

    private DipoleDerivativeCsv() {
    }

    /**
     * Reads a dM/dt file written by {@code zstar md}: equally spaced times, dM/dt (e A/fs) and optionally the cell
     * volume and posterior sample columns.
     *
     * @param file the CSV file
     * @return the series
     * @throws UserInputException when the header, a number, the time spacing or the volume column is wrong
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Series read(Path file) {
        try (BufferedReader r = InputFiles.reader(file)) {
            String header = r.readLine();
            String h = header == null ? "" : header.trim().toLowerCase(Locale.ROOT).replace("_ea_per_fs", "");
            if (!h.startsWith("time_fs,dmx_dt,dmy_dt,dmz_dt")) {
                throw new UserInputException(file + " line 1: expected the header time_fs,dMx_dt_eA_per_fs,"
                        + "dMy_dt_eA_per_fs,dMz_dt_eA_per_fs of zstar md's dM/dt file, got '" + header + "'");
            }
            String[] cols = h.split(",", -1);
            boolean hasVolume = cols.length >= 5 && cols[4].equals("volume_a3");
            Rows rows = new Rows(file, hasVolume, sampleCount(file, header, cols));
            int fields = (hasVolume ? 5 : 4) + 3 * rows.sampleData.length;
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != fields) {
                    throw new UserInputException(file + " line " + lineNo + ": expected " + fields
                            + " comma-separated fields, got " + f.length);
                }
                rows.add(lineNo, f);
            }
            return rows.series();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The rows read so far: dM/dt, the posterior samples, the time grid and the volume sum. */
    private static final class Rows {
        final Path file;
        final boolean hasVolume;
        final double[][] sampleData;
        double[] data = new double[3 * 1024];
        int rows;
        double t0 = Double.NaN;
        double dt = Double.NaN;
        double volSum;
        int volRows;

        Rows(Path file, boolean hasVolume, int nSamples) {
            this.file = file;
            this.hasVolume = hasVolume;
            this.sampleData = new double[nSamples][3 * 1024];
        }

        /** One data line's fields, already counted; checks that the times stay equally spaced. */
        void add(int lineNo, String[] f) {
            double t = number(file, lineNo, f[0]);
            if (rows == 0) {
                t0 = t;
            } else if (rows == 1) {
                dt = t - t0;
                if (!(dt > 0)) {
                    throw new UserInputException(file + " line " + lineNo + ": time " + t
                            + " fs does not increase");
                }
            } else if (Math.abs(t - (t0 + rows * dt)) > SPACING_TOLERANCE * Math.max(1, Math.abs(t))
                    + 1e-6) {
                throw new UserInputException(file + " line " + lineNo + ": time " + t + " fs breaks the "
                        + "spacing of " + dt + " fs (expected " + (t0 + rows * dt) + "); the spectrum needs "
                        + "equally spaced samples");
            }
            if (3 * rows + 3 > data.length) {
                data = java.util.Arrays.copyOf(data, 2 * data.length);
            }
            for (int a = 0; a < 3; a++) {
                data[3 * rows + a] = number(file, lineNo, f[1 + a]);
            }
            for (int k = 0; k < sampleData.length; k++) {
                if (3 * rows + 3 > sampleData[k].length) {
                    sampleData[k] = java.util.Arrays.copyOf(sampleData[k], 2 * sampleData[k].length);
                }
                for (int a = 0; a < 3; a++) {
                    sampleData[k][3 * rows + a] = number(file, lineNo, f[5 + 3 * k + a]);
                }
            }
            if (hasVolume && !f[4].isBlank()) {
                double v = number(file, lineNo, f[4]);
                if (!(v > 0)) {
                    throw new UserInputException(file + " line " + lineNo + ": volume must be positive, got "
                            + v);
                }
                volSum += v;
                volRows++;
            }
            rows++;
        }

        /** The series of the rows read; at least 2 rows, and the volume in every row or in none. */
        Series series() {
            if (rows < 2) {
                throw new UserInputException(file + ": needs at least 2 rows of dM/dt, has " + rows);
            }
            if (volRows != 0 && volRows != rows) {
                throw new UserInputException(file + ": the volume column is filled in " + volRows + " of "
                        + rows + " rows");
            }
            List<double[]> samples = new java.util.ArrayList<>();
            for (double[] x : sampleData) {
                samples.add(java.util.Arrays.copyOf(x, 3 * rows));
            }
            return new Series(dt, java.util.Arrays.copyOf(data, 3 * rows), volRows == 0 ? Double.NaN : volSum / rows,
                    samples);
        }
    }

    private static double number(Path file, int line, String s) {
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new UserInputException(file + " line " + line + ": '" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new UserInputException(file + " line " + line + ": non-finite value " + s);
        }
        return v;
    }
}
