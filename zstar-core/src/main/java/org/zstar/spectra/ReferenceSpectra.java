package org.zstar.spectra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.zstar.io.InputFiles;
import org.zstar.io.InputFormatException;

/**
 * Readers of experimental (reference) spectra.
 * <ul>
 * <li>XY data: two or more numeric columns (whitespace, comma or semicolon separated), the first two are
 * wavenumber (cm^-1) and intensity; comment lines start with {@code #}, {@code %} or {@code !}; blank lines
 * are ignored. Rows are sorted by wavenumber.</li>
 * <li>refractiveindex.info YAML with a {@code tabulated nk} block (wavelength in um, n, k), converted to
 * {@code n alpha = n * 4 pi k / lambda} in cm^-1 at wavenumber {@code nu = 10^4 / lambda[um]} cm^-1
 * (lambda in cm = lambda[um] * 1e-4).</li>
 * </ul>
 */
public final class ReferenceSpectra {
    private ReferenceSpectra() {
    }

    /**
     * Reads either format: YAML when the name ends in .yml/.yaml or a line starts with "DATA:".
     *
     * @param path the file
     * @return the spectrum
     */
    public static Spectrum read(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = InputFiles.readString(path);
        if (name.endsWith(".yml") || name.endsWith(".yaml") || text.startsWith("DATA:") || text.contains("\nDATA:")) {
            return parseRefractiveIndexInfo(path.toString(), text);
        }
        return parseXy(path.toString(), text);
    }

    /**
     * Reads two-column XY data.
     *
     * @param path the file
     * @return the spectrum
     */
    public static Spectrum readXy(Path path) {
        return parseXy(path.toString(), InputFiles.readString(path));
    }

    /**
     * Reads a refractiveindex.info YAML file and converts it to n alpha (cm^-1) versus wavenumber.
     *
     * @param path the file
     * @return the spectrum n alpha (cm^-1) over wavenumbers (cm^-1)
     */
    public static Spectrum readRefractiveIndexInfo(Path path) {
        return parseRefractiveIndexInfo(path.toString(), InputFiles.readString(path));
    }

    static Spectrum parseXy(String source, String text) {
        List<double[]> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("%") || t.startsWith("!")) {
                continue;
            }
            String[] cols = t.split("[\\s,;]+");
            if (cols.length < 2) {
                throw new InputFormatException(source, i + 1, "expected two numbers (wavenumber, intensity), found '"
                        + abbreviate(t) + "'");
            }
            double x = number(source, i + 1, cols[0]);
            double y = number(source, i + 1, cols[1]);
            rows.add(new double[] {x, y});
        }
        if (rows.size() < 2) {
            throw new InputFormatException(source, 0, "needs at least two data rows, found " + rows.size());
        }
        return sorted(rows);
    }

    static Spectrum parseRefractiveIndexInfo(String source, String text) {
        String[] lines = text.split("\r?\n", -1);
        List<double[]> rows = new ArrayList<>();
        boolean sawNk = false;
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.startsWith("- type:") || t.startsWith("type:")) {
                String type = t.substring(t.indexOf(':') + 1).strip();
                if (!type.equals("tabulated nk")) {
                    continue; // formula or n-only / k-only data: not usable for n alpha
                }
                sawNk = true;
                // find "data: |" then read indented numeric lines
                int j = i + 1;
                while (j < lines.length && !lines[j].strip().startsWith("data:")) {
                    j++;
                }
                if (j >= lines.length) {
                    throw new InputFormatException(source, i + 1, "'tabulated nk' block has no 'data:' entry");
                }
                for (j = j + 1; j < lines.length; j++) {
                    String d = lines[j].strip();
                    if (d.isEmpty()) {
                        continue;
                    }
                    if (!Character.isDigit(d.charAt(0)) && d.charAt(0) != '.' && d.charAt(0) != '-'
                            && d.charAt(0) != '+') {
                        break; // next YAML key
                    }
                    String[] c = d.split("\\s+");
                    if (c.length < 3) {
                        throw new InputFormatException(source, j + 1, "tabulated nk row needs wavelength, n, k; found '"
                                + abbreviate(d) + "'");
                    }
                    double lambdaUm = number(source, j + 1, c[0]);
                    double n = number(source, j + 1, c[1]);
                    double k = number(source, j + 1, c[2]);
                    if (!(lambdaUm > 0)) {
                        throw new InputFormatException(source, j + 1, "wavelength must be positive, got " + lambdaUm);
                    }
                    // nu = 1e4 / lambda[um] cm^-1; alpha = 4 pi k / lambda[cm]; n alpha in cm^-1
                    double lambdaCm = lambdaUm * 1e-4;
                    rows.add(new double[] {1.0 / lambdaCm, n * 4 * Math.PI * k / lambdaCm});
                }
                i = j - 1;
            }
        }
        if (!sawNk) {
            throw new InputFormatException(source, 0, "no 'tabulated nk' data block (only tabulated n, k data can be "
                    + "converted to n alpha)");
        }
        if (rows.size() < 2) {
            throw new InputFormatException(source, 0, "needs at least two tabulated nk rows, found " + rows.size());
        }
        return sorted(rows);
    }

    private static Spectrum sorted(List<double[]> rows) {
        double[][] r = rows.toArray(new double[0][]);
        Arrays.sort(r, (a, b) -> Double.compare(a[0], b[0]));
        double[] x = new double[r.length];
        double[] y = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            x[i] = r[i][0];
            y[i] = r[i][1];
        }
        return new Spectrum(x, y);
    }

    private static double number(String source, int line, String token) {
        try {
            double v = Double.parseDouble(token);
            if (!Double.isFinite(v)) {
                throw new InputFormatException(source, line, "not a finite number: '" + token + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputFormatException(source, line, "not a number: '" + abbreviate(token) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

}
