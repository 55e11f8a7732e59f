package org.zstar.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatMapPlotTest {

    @Test
    void writesHeatMapWithViridisCells(@TempDir Path dir) throws IOException {
        double[][] v = {{0.31, 0.22, 0.18, 0.17}, {0.25, 0.16, 0.12, Double.NaN}, {0.24, 0.14, 0.095, 0.09}};
        HeatMapPlot plot = new HeatMapPlot("Validation RMSE (e)", "cutoff (\u00c5)", List.of("3", "4", "5", "6"),
                "references per species", List.of("100", "200", "400"), v);
        Path png = dir.resolve("heat.png");
        Path svg = dir.resolve("heat.svg");
        plot.writePng(png);
        plot.writeSvg(svg);
        Path preview = Path.of("target", "plot-preview");
        Files.createDirectories(preview);
        Files.copy(png, preview.resolve("heat.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1800);
        // the lowest value is dark purple (viridis start), the highest yellow: both colours appear
        boolean purple = false;
        boolean yellow = false;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                Color c = new Color(img.getRGB(x, y));
                purple |= c.getRed() < 90 && c.getGreen() < 30 && c.getBlue() > 60;
                yellow |= c.getRed() > 180 && c.getGreen() > 200 && c.getBlue() < 80;
            }
        }
        assertThat(purple).isTrue();
        assertThat(yellow).isTrue();
        assertThat(Files.readString(svg)).contains("<svg");
    }

    @Test
    void shapeMismatchIsRejected() {
        assertThatThrownBy(() -> new HeatMapPlot("t", "x", List.of("a", "b"), "y", List.of("c"),
                new double[][] {{1, 2, 3}})).isInstanceOf(IllegalArgumentException.class);
    }
}
