package org.zstar.md.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.zstar.io.FrameReader;
import org.zstar.io.ReadOptions;
import org.zstar.io.Readers;
import org.zstar.md.RadialDistribution;
import org.zstar.plot.LinePlot;
import org.zstar.structure.Structure;

/**
 * Figures of an MD run written by {@code zstar md} (a developer tool, not a command):
 * {@code java -cp "zstar-cli/target/classes:zstar-cli/target/test-classes:zstar-core/target/test-classes:zstar-cli/target/lib/*" org.zstar.md.tools.MdFigures PREFIX OUTDIR
 * [SKIP_FRAMES [LAST_FRAME]]} writes OUTDIR/md-energy.png (potential, kinetic and conserved energy per atom against time) and,
 * for periodic water, OUTDIR/md-rdf-OO.png and md-rdf-OO.csv (O-O g(r) over frames SKIP_FRAMES..LAST_FRAME, 0-based, inclusive).
 */
public final class MdFigures {
    private MdFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path prefix = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        int skip = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int lastFrame = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        Files.createDirectories(outDir);
        String base = prefix.getFileName().toString();
        List<String> lines = Files.readAllLines(prefix.resolveSibling(base + "-thermo.csv"));
        int n = lines.size() - 1;
        double[] t = new double[n];
        double[] pot = new double[n];
        double[] cons = new double[n];
        double[] temp = new double[n];
        for (int k = 0; k < n; k++) {
            String[] c = lines.get(k + 1).split(",");
            t[k] = Double.parseDouble(c[1]);
            pot[k] = Double.parseDouble(c[2]);
            temp[k] = Double.parseDouble(c[5]);
            cons[k] = Double.parseDouble(c[6]);
        }
        List<Structure> frames = new ArrayList<>();
        try (FrameReader r = Readers.open(prefix.resolveSibling(base + ".xyz"), ReadOptions.DEFAULTS)) {
            Structure s;
            while ((s = r.readNext()) != null) {
                frames.add(s);
            }
        }
        int atoms = frames.get(0).size();
        double p0 = pot[0];
        double c0 = cons[0];
        double[] potRel = new double[n];
        double[] consRel = new double[n];
        for (int k = 0; k < n; k++) {
            potRel[k] = 1000 * (pot[k] - p0) / atoms;
            consRel[k] = 1000 * (cons[k] - c0) / atoms;
        }
        new LinePlot(base + ": energies", "time (fs)", "E - E(0) (meV/atom)")
                .line("potential", t, potRel, LinePlot.color(0))
                .line("conserved (total + bath)", t, consRel, LinePlot.color(1))
                .line("temperature", t, temp, LinePlot.color(2), LinePlot.Dash.DASHED, true)
                .secondaryAxisTitle("temperature (K)")
                .writePng(outDir.resolve("md-energy.png"));
        double meanT = 0;
        for (double v : temp) {
            meanT += v / n;
        }
        // least-squares slope of the conserved energy against time, meV/atom/ps
        double tm = 0, cm = 0;
        for (int k = 0; k < n; k++) {
            tm += t[k] / n;
            cm += consRel[k] / n;
        }
        double sxy = 0, sxx = 0, tMean2 = 0;
        for (int k = 0; k < n; k++) {
            sxy += (t[k] - tm) * (consRel[k] - cm);
            sxx += (t[k] - tm) * (t[k] - tm);
        }
        for (int k = 0; k < n; k++) {
            tMean2 += (temp[k] - meanT) * (temp[k] - meanT) / n;
        }
        double drift = sxx > 0 ? sxy / sxx * 1000 : Double.NaN;
        System.out.printf(Locale.ROOT, "%d steps, %.1f fs, T mean %.1f K std %.1f K, conserved-energy change %.3f "
                + "meV/atom, fitted drift %.3f meV/atom/ps%n", n - 1, t[n - 1], meanT, Math.sqrt(tMean2),
                consRel[n - 1], drift);
        Structure first = frames.get(0);
        if (first.isPeriodic()) {
            double half = 0.5 * Math.min(first.cell().planeSpacing(0),
                    Math.min(first.cell().planeSpacing(1), first.cell().planeSpacing(2)));
            RadialDistribution rdf = new RadialDistribution("O", "O", Math.floor(half * 10) / 10, 120);
            for (int k = skip; k < frames.size() && k <= lastFrame; k++) {
                rdf.add(frames.get(k));
            }
            double[] r = rdf.r();
            double[] g = rdf.g();
            StringBuilder csv = new StringBuilder("r_A,g_OO\n");
            for (int k = 0; k < r.length; k++) {
                csv.append(String.format(Locale.ROOT, "%.4f,%.5f%n", r[k], g[k]));
            }
            Files.writeString(outDir.resolve("md-rdf-OO.csv"), csv);
            new LinePlot(base + ": O-O radial distribution (" + rdf.frames() + " frames)", "r (A)", "g_OO(r)")
                    .line("g_OO", r, g, LinePlot.color(0))
                    .writePng(outDir.resolve("md-rdf-OO.png"));
            System.out.printf(Locale.ROOT, "O-O first peak at %.3f A (g = %.2f), %d frames%n",
                    rdf.peak(2.0, 3.4), max(g), rdf.frames());
        }
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
