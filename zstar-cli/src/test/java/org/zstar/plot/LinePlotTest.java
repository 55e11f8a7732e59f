package org.zstar.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {

    static LinePlot demo() {
        int n = 400;
        double[] x = new double[n], y = new double[n], lo = new double[n], hi = new double[n], r = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 10.0 * i;
            y[i] = 1000 * Math.exp(-Math.pow((x[i] - 1600) / 60, 2)) + 3000 * Math.exp(-Math.pow((x[i] - 3400) / 150, 2));
            lo[i] = 0.85 * y[i];
            hi[i] = 1.15 * y[i] + 30;
            r[i] = 0.02 * Math.exp(-Math.pow((x[i] - 3300) / 200, 2));
        }
        return new LinePlot("Demo spectrum", "wavenumber (cm\u207b\u00b9)", "n\u03b1 (cm\u207b\u00b9)")
                .band("95 % CI", x, lo, hi, LinePlot.color(0))
                .line("mean", x, y, LinePlot.color(0))
                .line("reference", x, r, LinePlot.color(1), LinePlot.Dash.DASHED, true)
                .secondaryAxisTitle("reference (arb. units)")
                .xRange(0.0, 4000.0);
    }

    @Test
    void writesPngAndSvg(@TempDir Path dir) throws IOException {
        LinePlot plot = demo();
        Path png = dir.resolve("demo.png");
        Path svg = dir.resolve("demo.svg");
        plot.writePng(png);
        plot.writeSvg(svg);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1800);
        assertThat(img.getHeight()).isEqualTo(1120);
        // the band is a translucent blue over white: some pixels are light blue (b > r, not white, not saturated)
        int light = 0;
        for (int yy = 0; yy < img.getHeight(); yy += 2) {
            for (int xx = 0; xx < img.getWidth(); xx += 2) {
                Color c = new Color(img.getRGB(xx, yy));
                if (c.getBlue() > 200 && c.getRed() < 200 && c.getRed() > 120) {
                    light++;
                }
            }
        }
        assertThat(light).isGreaterThan(500);
        Path preview = Path.of("target", "plot-preview");
        Files.createDirectories(preview);
        Files.copy(png, preview.resolve("demo.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(svg, preview.resolve("demo.svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String s = Files.readString(svg);
        // XChart draws text as outlines, so the SVG holds paths (no <text>); the band is a translucent fill
        assertThat(s).contains("<svg").contains("</svg>").contains("<path").contains("fill-opacity");
        // well-formed XML with the chart's size as the view box
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        org.w3c.dom.Element root;
        try {
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            root = f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new AssertionError("SVG is not well-formed XML", e);
        }
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 900 560");
    }

    @Test
    void mismatchedSeriesAreRejected() {
        assertThatThrownBy(() -> new LinePlot("t", "x", "y").line("a", new double[2], new double[3], Color.BLACK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
    }
}
