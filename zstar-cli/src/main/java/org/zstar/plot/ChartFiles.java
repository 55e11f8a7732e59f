package org.zstar.plot;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processor;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;
import org.zstar.util.AtomicFiles;

/**
 * Writes XChart charts as PNG (rendered at a scale factor for crisp lines and text) and SVG (the chart's
 * {@code paint(Graphics2D, w, h)} recorded by VectorGraphics2D and turned into SVG). Works headless. Files
 * are written atomically.
 */
public final class ChartFiles {
    private ChartFiles() {
    }

    /**
     * PNG of the chart at its own size times {@code scale} pixels (2 gives 1600 x 1000 for 800 x 500).
     *
     * @param chart the chart
     * @param path the PNG file
     * @param scale the pixel factor
     */
    public static void writePng(Chart<?, ?> chart, Path path, int scale) {
        int w = chart.getWidth();
        int h = chart.getHeight();
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            chart.paint(g, w, h);
        } finally {
            g.dispose();
        }
        AtomicFiles.write(path, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new java.io.IOException("no PNG writer available");
            }
        });
    }

    /**
     * SVG of the chart at its own size (user units = pixels of the chart).
     *
     * @param chart the chart
     * @param path the SVG file
     */
    public static void writeSvg(Chart<?, ?> chart, Path path) {
        int w = chart.getWidth();
        int h = chart.getHeight();
        VectorGraphics2D g = new VectorGraphics2D();
        chart.paint(g, w, h);
        Processor processor = new SVGProcessor();
        Document doc = processor.getDocument(g.getCommands(), new PageSize(0, 0, w, h));
        AtomicFiles.write(path, doc::writeTo);
    }

    /**
     * Both files: {@code prefix.png} and {@code prefix.svg}.
     *
     * @param chart the chart
     * @param prefix the output prefix
     */
    public static void writePngAndSvg(Chart<?, ?> chart, String prefix) {
        writePng(chart, Path.of(prefix + ".png"), 2);
        writeSvg(chart, Path.of(prefix + ".svg"));
    }
}
