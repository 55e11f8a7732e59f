package org.zstar.plot;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processor;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.zstar.util.AtomicFiles;

/**
 * Heat maps on a common grid, one panel per quantity, with the value written in every cell; drawn with
 * Java2D (PNG) and VectorGraphics2D (SVG), headless. Rows are the y values (bottom to top), columns the x
 * values (left to right); axis tick labels are given as text (e.g. the lambda values of a logarithmic grid,
 * whose cells are then equally wide in log scale). Each panel has its own colour scale (viridis), linear or
 * logarithmic, with a colour bar. NaN cells are grey.
 */
public final class HeatMap {
    /**
     * One quantity: values[row][column], a title (with units), a printf pattern for the cells.
     *
     * @param title the panel title, with units
     * @param values values[row][column]
     * @param format the printf pattern of the cells
     * @param logColour colour by the logarithm of the values
     */
    public record Panel(String title, double[][] values, String format, boolean logColour) {
    }

    private final String xTitle;
    private final String yTitle;
    private final String[] xLabels;
    private final String[] yLabels;
    private final List<Panel> panels = new ArrayList<>();
    private String title;
    private int columns = 2;
    private int cellWidth = 62;
    private int cellHeight = 34;

    /**
     * An empty figure of heat maps on one grid.
     *
     * @param xTitle the x axis title
     * @param xLabels the column labels
     * @param yTitle the y axis title
     * @param yLabels the row labels
     */
    public HeatMap(String xTitle, String[] xLabels, String yTitle, String[] yLabels) {
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.xLabels = xLabels.clone();
        this.yLabels = yLabels.clone();
    }

    /**
     * The figure title.
     *
     * @param t the title
     * @return this figure
     */
    public HeatMap title(String t) {
        this.title = t;
        return this;
    }

    /**
     * Panels per row of the figure (default 2).
     *
     * @param c the panels per row
     * @return this figure
     */
    public HeatMap columns(int c) {
        this.columns = Math.max(1, c);
        return this;
    }

    /**
     * The size of a cell in pixels.
     *
     * @param w the width
     * @param h the height
     * @return this figure
     */
    public HeatMap cellSize(int w, int h) {
        this.cellWidth = w;
        this.cellHeight = h;
        return this;
    }

    /**
     * One more panel.
     *
     * @param panelTitle the panel's title, with units
     * @param values values[row][column], as many as the labels
     * @param format the printf pattern of the cell values
     * @param logColour colour by the logarithm of the values
     * @return this figure
     */
    public HeatMap panel(String panelTitle, double[][] values, String format, boolean logColour) {
        if (values.length != yLabels.length) {
            throw new IllegalArgumentException("panel '" + panelTitle + "' has " + values.length + " rows, expected "
                    + yLabels.length);
        }
        for (double[] row : values) {
            if (row.length != xLabels.length) {
                throw new IllegalArgumentException("panel '" + panelTitle + "' has a row of " + row.length
                        + " values, expected " + xLabels.length);
            }
        }
        panels.add(new Panel(panelTitle, values, format, logColour));
        return this;
    }

    /**
     * Compact label of a grid value: 0, 1e-10, 3.2e-3, 0.5, 10.
     *
     * @param v the value
     * @return the label
     */
    public static String label(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 0.01 && a < 1000) {
            String s = String.format(Locale.ROOT, "%.3g", v);
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return s;
        }
        int e = (int) Math.floor(Math.log10(a));
        double m = v / Math.pow(10, e);
        if (Math.abs(m - Math.rint(m)) < 1e-6) {
            return String.format(Locale.ROOT, "%de%d", (long) Math.rint(m), e);
        }
        return String.format(Locale.ROOT, "%.1fe%d", m, e);
    }

    private static final int LEFT = 95;
    private static final int RIGHT = 75; // colour bar
    private static final int TOP = 40;
    private static final int BOTTOM = 62;

    private int panelWidth() {
        return LEFT + cellWidth * xLabels.length + RIGHT;
    }

    private int panelHeight() {
        return TOP + cellHeight * yLabels.length + BOTTOM;
    }

    /** {@return the figure width in pixels} */
    public int width() {
        return Math.min(columns, panels.size()) * panelWidth() + 20;
    }

    /** {@return the figure height in pixels} */
    public int height() {
        int rows = (panels.size() + columns - 1) / columns;
        return rows * panelHeight() + (title == null ? 10 : 44);
    }

    /**
     * Draws the whole figure into g (size {@link #width()} x {@link #height()}).
     *
     * @param g the graphics
     */
    public void paint(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        int y0 = 10;
        if (title != null) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (width() - fm.stringWidth(title)) / 2, 30);
            y0 = 44;
        }
        for (int p = 0; p < panels.size(); p++) {
            int px = 10 + (p % columns) * panelWidth();
            int py = y0 + (p / columns) * panelHeight();
            paintPanel(g, panels.get(p), px, py);
        }
    }

    private void paintPanel(Graphics2D g, Panel panel, int px, int py) {
        int nx = xLabels.length;
        int ny = yLabels.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean log = panel.logColour();
        for (double[] row : panel.values()) {
            for (double v : row) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        FontMetrics fm = g.getFontMetrics();
        int gx = px + LEFT;
        int gy = py + TOP;
        int gw = nx * cellWidth;
        int gh = ny * cellHeight;
        g.drawString(panel.title(), gx + (gw - fm.stringWidth(panel.title())) / 2, py + 24);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        for (int r = 0; r < ny; r++) {
            for (int c = 0; c < nx; c++) {
                double v = panel.values()[r][c];
                int x = gx + c * cellWidth;
                int y = gy + (ny - 1 - r) * cellHeight; // row 0 at the bottom
                Color col = Double.isFinite(v) ? colour(v, lo, hi, log) : new Color(200, 200, 200);
                g.setColor(col);
                g.fillRect(x, y, cellWidth, cellHeight);
                String text = Double.isFinite(v) ? String.format(Locale.ROOT, panel.format(), v) : "n/a";
                g.setFont(cellFont);
                FontMetrics cf = g.getFontMetrics();
                double lum = (0.299 * col.getRed() + 0.587 * col.getGreen() + 0.114 * col.getBlue()) / 255.0;
                g.setColor(lum < 0.55 ? Color.WHITE : Color.BLACK);
                g.drawString(text, x + (cellWidth - cf.stringWidth(text)) / 2, y + (cellHeight + cf.getAscent()) / 2 - 2);
            }
        }
        g.setColor(new Color(90, 90, 90));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(gx, gy, gw, gh);
        // tick labels
        Font tick = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(tick);
        FontMetrics tf = g.getFontMetrics();
        g.setColor(Color.BLACK);
        for (int c = 0; c < nx; c++) {
            String s = xLabels[c];
            g.drawString(s, gx + c * cellWidth + (cellWidth - tf.stringWidth(s)) / 2, gy + gh + 16);
        }
        for (int r = 0; r < ny; r++) {
            String s = yLabels[r];
            g.drawString(s, gx - 6 - tf.stringWidth(s), gy + (ny - 1 - r) * cellHeight + (cellHeight + tf.getAscent()) / 2 - 2);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics af = g.getFontMetrics();
        g.drawString(xTitle, gx + (gw - af.stringWidth(xTitle)) / 2, gy + gh + 40);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, -(gy + (gh + af.stringWidth(yTitle)) / 2), px + 18);
        g.setTransform(saved);
        if (lo <= hi) {
            paintColourBar(g, panel, gx + gw + 12, gy, gh, lo, hi, log);
        }
    }

    /** The colour bar beside a panel, from lo (bottom) to hi (top). */
    private static void paintColourBar(Graphics2D g, Panel panel, int bx, int gy, int gh, double lo, double hi,
            boolean log) {
        int bw = 12;
        int steps = 64;
        for (int k = 0; k < steps; k++) {
            double t = (k + 0.5) / steps;
            g.setColor(ramp(t));
            int yTop = gy + gh - (int) Math.round((k + 1) * (double) gh / steps);
            int yBot = gy + gh - (int) Math.round(k * (double) gh / steps);
            g.fillRect(bx, yTop, bw, yBot - yTop);
        }
        g.setColor(new Color(90, 90, 90));
        g.drawRect(bx, gy, bw, gh);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, panel.format(), hi), bx - 2, gy - 4);
        g.drawString(String.format(Locale.ROOT, panel.format(), lo), bx - 2, gy + gh + 12);
        if (log) {
            g.drawString("log", bx + bw + 3, gy + gh / 2);
        }
    }

    /** Viridis-like ramp (piecewise linear through 6 of its colours). */
    private static final int[][] VIRIDIS = {{68, 1, 84}, {65, 68, 135}, {42, 120, 142}, {34, 168, 132},
        {122, 209, 81}, {253, 231, 37}};

    static Color ramp(double t) {
        t = Math.max(0, Math.min(1, t));
        double x = t * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(x));
        double f = x - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }

    private static Color colour(double v, double lo, double hi, boolean log) {
        if (hi <= lo) {
            return ramp(0.5);
        }
        double t = log && v > 0 ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
        return ramp(t);
    }

    /**
     * PNG at twice the figure size.
     *
     * @param path the PNG file
     */
    public void writePng(Path path) {
        int scale = 2;
        BufferedImage img = new BufferedImage(width() * scale, height() * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            paint(g);
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
     * SVG at the figure size.
     *
     * @param path the SVG file
     */
    public void writeSvg(Path path) {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        Processor processor = new SVGProcessor();
        Document doc = processor.getDocument(g.getCommands(), new PageSize(0, 0, width(), height()));
        AtomicFiles.write(path, doc::writeTo);
    }

    /**
     * {@code prefix.png} and {@code prefix.svg}.
     *
     * @param prefix the output prefix
     */
    public void writePngAndSvg(String prefix) {
        writePng(Path.of(prefix + ".png"));
        writeSvg(Path.of(prefix + ".svg"));
    }
}
