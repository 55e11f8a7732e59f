package org.zstar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zstar.io.InputFormatException;
import org.zstar.plot.LinePlot;
import org.zstar.spectra.Peaks;
import org.zstar.spectra.ReferenceSpectra;
import org.zstar.spectra.Spectrum;
import org.zstar.util.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zstar ir-compare}: several spectra of {@code zstar ir} (mean and 95 % band) in one figure against an
 * experimental n alpha in absolute units, with a table of band positions and integrated intensities.
 */
@Command(name = "ir-compare", header = "Several zstar ir spectra in one figure, with band positions and intensities.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draws the spectra written by zstar ir (PREFIX.csv: mean and 95 % band of n alpha in cm^-1) in one",
            "figure against a reference spectrum in its own (absolute) units, and tabulates per band the position of",
            "the highest maximum of the mean (parabola refined) and the integral of n alpha over the band (cm^-2), with",
            "the integrals of the band's lower and upper curves. Writes PREFIX.png/.svg, PREFIX.csv and PREFIX.json."})
public final class IrCompareCommand implements Callable<Integer> {
    /** The command; picocli sets its options. */
    public IrCompareCommand() {
    }

    @Option(names = "--spectrum", required = true, paramLabel = "LABEL=FILE.csv",
            description = "A spectrum CSV of zstar ir with its label (repeat the option).")
    List<String> spectra;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "Reference n alpha (refractiveindex.info YAML with n and k, or two columns: cm^-1, value).")
    Path reference;

    @Option(names = "--bands", defaultValue = "libration:350:1000,bending:1400:1900,stretching:2800:3900",
            paramLabel = "NAME:FROM:TO,...", description = "Bands of the table in cm^-1 (default: ${DEFAULT-VALUE}).")
    String bands;

    @Option(names = "--plot-range", defaultValue = "0:4000", paramLabel = "MIN:MAX", description = "Wavenumber range of the figure.")
    String plotRange;

    @Option(names = "--title", defaultValue = "IR spectra", description = "Figure title.")
    String title;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Output prefix.")
    String out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    record Band(String name, double from, double to) {
    }

    record Curves(String label, Spectrum mean, Spectrum lower, Spectrum upper) {
    }

    static List<Band> parseBands(String text) {
        List<Band> out = new ArrayList<>();
        for (String item : text.split(",")) {
            String[] p = item.trim().split(":");
            try {
                if (p.length == 3 && Double.parseDouble(p[2]) > Double.parseDouble(p[1])) {
                    out.add(new Band(p[0], Double.parseDouble(p[1]), Double.parseDouble(p[2])));
                    continue;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new UsageException("--bands: expected NAME:FROM:TO with FROM < TO, got '" + item + "'");
        }
        return out;
    }

    /** The mean, lower and upper curves of a zstar ir CSV. */
    static Curves read(String label, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("frequency_cm-1,mean_n_alpha_cm-1,lower_n_alpha_cm-1,upper")) {
            throw new InputFormatException(file.toString(), 1, "not a spectrum CSV of zstar ir");
        }
        int n = lines.size() - 1;
        double[] x = new double[n], m = new double[n], lo = new double[n], hi = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            try {
                x[i] = Double.parseDouble(f[0]);
                m[i] = Double.parseDouble(f[1]);
                lo[i] = Double.parseDouble(f[2]);
                hi[i] = Double.parseDouble(f[3]);
            } catch (RuntimeException e) {
                throw new InputFormatException(file.toString(), i + 2, "expected four numbers");
            }
        }
        return new Curves(label, new Spectrum(x, m), new Spectrum(x, lo), new Spectrum(x, hi));
    }

    /** Position of the highest maximum of s in the band (NaN when none) and the integral over the band. */
    static double[] bandOf(Spectrum s, Band b) {
        List<Peaks.Peak> p = Peaks.find(s, b.from(), b.to(), 0.0, b.to() - b.from(), 1);
        return new double[] {p.isEmpty() ? Double.NaN : p.get(0).wavenumber(), s.integral(b.from(), b.to())};
    }

    @Override
    public Integer call() throws Exception {
        List<Band> bandList = parseBands(bands);
        String[] r = plotRange.split(":");
        double x0, x1;
        try {
            x0 = Double.parseDouble(r[0]);
            x1 = Double.parseDouble(r[1]);
        } catch (RuntimeException e) {
            throw new UsageException("--plot-range must be MIN:MAX, not '" + plotRange + "'");
        }
        List<Curves> curves = new ArrayList<>();
        for (String s : spectra) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--spectrum: expected LABEL=FILE.csv, got '" + s + "'");
            }
            curves.add(read(s.substring(0, eq), Path.of(s.substring(eq + 1))));
        }
        Spectrum ref = reference == null ? null : ReferenceSpectra.read(reference);
        LinePlot plot = new LinePlot(title, "wavenumber (cm\u207b\u00b9)", "n\u03b1 (cm\u207b\u00b9)").xRange(x0, x1)
                .legend(true, org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        double top = 0;
        for (int k = 0; k < curves.size(); k++) {
            Curves c = curves.get(k);
            plot.band(c.label() + " 95 %", c.mean().wavenumbers(), c.lower().values(), c.upper().values(), LinePlot.color(k));
            plot.line(c.label(), c.mean().wavenumbers(), c.mean().values(), LinePlot.color(k));
            top = Math.max(top, c.mean().max(x0, x1));
        }
        if (ref != null) {
            plot.line("experiment", ref.wavenumbers(), ref.values(), java.awt.Color.BLACK, LinePlot.Dash.DASHED, false);
            top = Math.max(top, ref.max(x0, x1));
        }
        plot.yRange(0.0, 1.1 * top);
        plot.writePng(Path.of(out + ".png"));
        plot.writeSvg(Path.of(out + ".svg"));
        writeTable(curves, ref, bandList);
        return 0;
    }

    private void writeTable(List<Curves> curves, Spectrum ref, List<Band> bandList) throws Exception {
        StringBuilder csv = new StringBuilder("spectrum,band,from_cm-1,to_cm-1,peak_cm-1,integral_cm-2,integral_lower_cm-2,"
                + "integral_upper_cm-2\n");
        List<Object> rows = new ArrayList<>();
        PrintWriter o = spec.commandLine().getOut();
        o.printf("| spectrum | band | peak (cm^-1) | integral (cm^-2) [95 %% band] |%n|---|---|---:|---:|%n");
        List<Curves> all = new ArrayList<>(curves);
        if (ref != null) {
            all.add(new Curves("experiment", ref, null, null));
        }
        for (Curves c : all) {
            for (Band b : bandList) {
                double[] v = bandOf(c.mean(), b);
                double lo = c.lower() == null ? Double.NaN : c.lower().integral(b.from(), b.to());
                double hi = c.upper() == null ? Double.NaN : c.upper().integral(b.from(), b.to());
                csv.append(String.format(Locale.ROOT, "%s,%s,%.1f,%.1f,%.2f,%.6g,%.6g,%.6g%n", c.label(), b.name(), b.from(),
                        b.to(), v[0], v[1], lo, hi));
                o.printf(Locale.ROOT, "| %s | %s | %.0f | %.4g%s |%n", c.label(), b.name(), v[0], v[1],
                        Double.isNaN(lo) ? "" : String.format(Locale.ROOT, " [%.4g, %.4g]", lo, hi));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("spectrum", c.label());
                row.put("band", b.name());
                row.put("from_cm-1", b.from());
                row.put("to_cm-1", b.to());
                row.put("peak_cm-1", Double.isNaN(v[0]) ? null : v[0]);
                row.put("integral_cm-2", v[1]);
                row.put("integral_lower_cm-2", Double.isNaN(lo) ? null : lo);
                row.put("integral_upper_cm-2", Double.isNaN(hi) ? null : hi);
                rows.add(row);
            }
        }
        o.flush();
        AtomicFiles.writeString(Path.of(out + ".csv"), csv.toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spectra", spectra);
        m.put("reference", reference == null ? null : reference.toString());
        m.put("bands", rows);
        AtomicFiles.writeString(Path.of(out + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(m));
    }
}
