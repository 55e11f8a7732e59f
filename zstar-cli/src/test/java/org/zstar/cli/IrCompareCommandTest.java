package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code zstar ir-compare} on spectra with known Gaussian bands: positions and integrals against the analytic ones. */
class IrCompareCommandTest {
    /** A zstar ir CSV: mean = a exp(-(x - c)^2 / (2 s^2)), lower and upper 0.9 and 1.1 times the mean. */
    static Path gaussianCsv(Path file, double a, double c, double s) throws Exception {
        StringBuilder sb = new StringBuilder("frequency_cm-1,mean_n_alpha_cm-1,lower_n_alpha_cm-1,upper_n_alpha_cm-1\n");
        for (int i = 0; i <= 4000; i++) {
            double x = i;
            double y = a * Math.exp(-(x - c) * (x - c) / (2 * s * s));
            sb.append(String.format(Locale.ROOT, "%.4f,%.8g,%.8g,%.8g%n", x, y, 0.9 * y, 1.1 * y));
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void bandPositionsAndIntegralsOfKnownGaussians(@TempDir Path dir) throws Exception {
        Path a = gaussianCsv(dir.resolve("a.csv"), 2000, 1650.3, 40);
        Path b = gaussianCsv(dir.resolve("b.csv"), 1000, 1702.7, 30);
        Path ref = dir.resolve("ref.xy");
        StringBuilder r = new StringBuilder("# made-up reference\n");
        for (int i = 1000; i <= 2400; i += 2) {
            r.append(String.format(Locale.ROOT, "%d %.8g%n", i, 500 * Math.exp(-(i - 1640.0) * (i - 1640.0) / (2 * 50.0 * 50.0))));
        }
        Files.writeString(ref, r.toString());
        String prefix = dir.resolve("cmp").toString();
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("ir-compare", "--spectrum", "q=" + a, "--spectrum", "p=" + b, "--reference", ref.toString(),
                "--bands", "bending:1400:1900", "--out", prefix);
        assertThat(code).as(err.toString()).isZero();
        List<String> csv = Files.readAllLines(Path.of(prefix + ".csv"));
        assertThat(csv).hasSize(4);
        double[][] expected = {{1650.3, 2000 * 40 * Math.sqrt(2 * Math.PI)}, {1702.7, 1000 * 30 * Math.sqrt(2 * Math.PI)},
            {1640.0, 500 * 50 * Math.sqrt(2 * Math.PI)}};
        for (int k = 0; k < 3; k++) {
            String[] f = csv.get(k + 1).split(",");
            assertThat(Double.parseDouble(f[4])).as(csv.get(k + 1)).isCloseTo(expected[k][0], within(0.3));
            assertThat(Double.parseDouble(f[5])).as(csv.get(k + 1)).isCloseTo(expected[k][1], within(1e-3 * expected[k][1]));
            if (k < 2) {
                assertThat(Double.parseDouble(f[6])).isCloseTo(0.9 * Double.parseDouble(f[5]), within(1e-3 * expected[k][1]));
                assertThat(Double.parseDouble(f[7])).isCloseTo(1.1 * Double.parseDouble(f[5]), within(1e-3 * expected[k][1]));
            }
        }
        assertThat(Files.size(Path.of(prefix + ".png"))).isGreaterThan(5000);
        assertThat(out.toString()).contains("| q | bending | 1650 |");
        assertThat(cl.execute("ir-compare", "--spectrum", "nolabel", "--out", prefix)).isEqualTo(2);
    }
}
