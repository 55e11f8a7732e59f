package org.zstar.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart described in data terms and rendered with XChart: several line series (solid or dashed,
 * on the primary or a secondary y axis), shaded bands (e.g. confidence intervals) drawn beneath the lines,
 * axis titles with units, a legend and readable fonts. Build it, then {@link #writePng}, {@link #writeSvg} or
 * {@link #toChart()} for further styling.
 *
 * <pre>
 *   new LinePlot("IR spectrum", "wavenumber (cm^-1)", "n alpha (cm^-1)")
 *       .band("95 % CI", x, lower, upper, LinePlot.color(0))
 *       .line("mean", x, mean, LinePlot.color(0))
 *       .line("experiment", xe, ye, LinePlot.color(1), Dash.DASHED, true)
 *       .secondaryAxisTitle("experiment n alpha (cm^-1)")
 *       .writePng(Path.of("ir.png"));
 * </pre>
 */
public final class LinePlot {
    /** Line styles. */
    public enum Dash {
        /** A solid line. */
        SOLID,
        /** Dashes. */
        DASHED,
        /** Dots. */
        DOTTED
    }

    /** Colour-blind-safe palette (Okabe and Ito). */
    private static final Color[] PALETTE = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0),
        new Color(240, 228, 66)};

    /**
     * Colour i of the palette (cycling).
     *
     * @param i the index
     * @return the colour
     */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    private record Line(String name, double[] x, double[] y, Color color, Dash dash, boolean secondary, float width) {
    }

    private record Band(String name, double[] x, double[] lower, double[] upper, Color color, boolean secondary) {
    }

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private String y2Title;
    private int width = 900;
    private int height = 560;
    private Double xMin;
    private Double xMax;
    private Double yMin;
    private Double yMax;
    private boolean legend = true;
    private Styler.LegendPosition legendPosition = Styler.LegendPosition.InsideNE;
    private final List<Line> lines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();

    /**
     * An empty plot.
     *
     * @param title the title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     */
    public LinePlot(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /**
     * The figure size in pixels.
     *
     * @param w the width
     * @param h the height
     * @return this plot
     */
    public LinePlot size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    /**
     * The x range (null: automatic).
     *
     * @param min the lower end, or null
     * @param max the upper end, or null
     * @return this plot
     */
    public LinePlot xRange(Double min, Double max) {
        this.xMin = min;
        this.xMax = max;
        return this;
    }

    /**
     * The y range (null: automatic).
     *
     * @param min the lower end, or null
     * @param max the upper end, or null
     * @return this plot
     */
    public LinePlot yRange(Double min, Double max) {
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /**
     * The title of the secondary (right) y axis.
     *
     * @param t the title
     * @return this plot
     */
    public LinePlot secondaryAxisTitle(String t) {
        this.y2Title = t;
        return this;
    }

    /**
     * The legend.
     *
     * @param visible whether it is shown
     * @param position where
     * @return this plot
     */
    public LinePlot legend(boolean visible, Styler.LegendPosition position) {
        this.legend = visible;
        this.legendPosition = position;
        return this;
    }

    /**
     * A solid line on the primary axis.
     *
     * @param name the legend entry
     * @param x the x values
     * @param y the y values
     * @param color the colour
     * @return this plot
     */
    public LinePlot line(String name, double[] x, double[] y, Color color) {
        return line(name, x, y, color, Dash.SOLID, false);
    }

    /**
     * A line.
     *
     * @param name the legend entry
     * @param x the x values
     * @param y the y values
     * @param color the colour
     * @param dash the line style
     * @param secondaryAxis whether it uses the right y axis
     * @return this plot
     */
    public LinePlot line(String name, double[] x, double[] y, Color color, Dash dash, boolean secondaryAxis) {
        check(name, x, y);
        lines.add(new Line(name, x.clone(), y.clone(), color, dash, secondaryAxis, 2.0f));
        return this;
    }

    /**
     * A shaded band between lower and upper (the colour is made translucent).
     *
     * @param name the legend entry
     * @param x the x values
     * @param lower the lower edge
     * @param upper the upper edge
     * @param color the colour
     * @return this plot
     */
    public LinePlot band(String name, double[] x, double[] lower, double[] upper, Color color) {
        return band(name, x, lower, upper, color, false);
    }

    /**
     * A shaded band between lower and upper.
     *
     * @param name the legend entry
     * @param x the x values
     * @param lower the lower edge
     * @param upper the upper edge
     * @param color the colour
     * @param secondaryAxis whether it uses the right y axis
     * @return this plot
     */
    public LinePlot band(String name, double[] x, double[] lower, double[] upper, Color color, boolean secondaryAxis) {
        check(name, x, lower);
        check(name, x, upper);
        bands.add(new Band(name, x.clone(), lower.clone(), upper.clone(), color, secondaryAxis));
        return this;
    }

    private static void check(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x and " + y.length + " y values");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' is empty");
        }
    }

    /** Index range of the points with xMin <= x <= xMax (x ascending), so the axes fit the view. */
    private int[] visible(double[] x) {
        int lo = 0;
        int hi = x.length - 1;
        if (xMin != null) {
            while (lo < x.length - 1 && x[lo] < xMin) {
                lo++;
            }
        }
        if (xMax != null) {
            while (hi > lo && x[hi] > xMax) {
                hi--;
            }
        }
        return new int[] {lo, hi};
    }

    private static double[] slice(double[] a, int[] r) {
        return java.util.Arrays.copyOfRange(a, r[0], r[1] + 1);
    }

    /**
     * The XChart chart (a fresh one on every call).
     *
     * @return the chart
     */
    public XYChart toChart() {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler st = chart.getStyler();
        applyStyle(st);
        st.setXAxisDecimalPattern(pattern(xMin, xMax, lines.stream().map(Line::x).toList()));
        st.setXAxisMin(xMin);
        st.setXAxisMax(xMax);
        if (yMin != null) {
            st.setYAxisMin(0, yMin);
        }
        if (yMax != null) {
            st.setYAxisMax(0, yMax);
        }
        boolean anySecondary = lines.stream().anyMatch(Line::secondary) || bands.stream().anyMatch(Band::secondary);
        if (anySecondary) {
            st.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            if (y2Title != null) {
                chart.setYAxisGroupTitle(1, y2Title);
            }
        }
        String p0 = yPattern(false);
        String p1 = yPattern(true);
        // XChart 4.0.3 formats every y axis with one pattern (and draws no ticks where it would chop decimals)
        st.setYAxisDecimalPattern(p0.equals(p1) || !anySecondary ? p0 : (p0.contains("E") || p1.contains("E")) ? "0.##E0" : "0.###");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Band b : bands) {
            addBand(chart, names, b);
        }
        for (Line l : lines) {
            int[] r = visible(l.x);
            XYSeries s = chart.addSeries(unique(names, l.name), slice(l.x, r), slice(l.y, r));
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            s.setLineColor(l.color);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(stroke(l.dash, l.width));
            if (l.secondary) {
                s.setYAxisGroup(1);
            }
        }
        breakEqualSpacing(chart, names);
        return chart;
    }

    /** The look shared by every line plot: white background, light grid, fonts, legend. */
    private void applyStyle(XYStyler st) {
        st.setChartTitleVisible(title != null && !title.isEmpty());
        st.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        st.setMarkerSize(0);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotBorderColor(new Color(90, 90, 90));
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setPlotGridLinesStroke(new BasicStroke(0.8f));
        st.setLegendVisible(legend);
        st.setLegendPosition(legendPosition);
        st.setLegendBorderColor(new Color(200, 200, 200));
        st.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setChartPadding(12);
        st.setAntiAlias(true);
        st.setAxisTicksLineVisible(false);
        st.setXAxisTickMarkSpacingHint(90);
        st.setYAxisTickMarkSpacingHint(70);
    }

    /** A band as a translucent polygon: along the upper edge, back along the lower edge. */
    private void addBand(XYChart chart, java.util.Set<String> names, Band b) {
        int[] r = visible(b.x);
        double[] x = slice(b.x, r), lo = slice(b.lower, r), hi = slice(b.upper, r);
        int n = x.length;
        // polygon: along the upper edge, back along the lower edge
        double[] px = new double[2 * n + 1];
        double[] py = new double[2 * n + 1];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = hi[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lo[i];
        }
        px[2 * n] = x[0];
        py[2 * n] = hi[0];
        XYSeries s = chart.addSeries(unique(names, b.name), px, py);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        Color c = b.color;
        s.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
        s.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 0));
        s.setLineWidth(0.0f);
        s.setMarker(SeriesMarkers.NONE);
        if (b.secondary) {
            s.setYAxisGroup(1);
        }
    }

    /**
     * XChart 4.0.3 puts a tick on every n-th data value when all x values of the chart are equally spaced,
     * which gives odd steps (230, 460, ...) on spectra. One invisible extra point off the grid makes it use
     * its ordinary "nice number" ticks.
     */
    private void breakEqualSpacing(XYChart chart, java.util.Set<String> names) {
        Line first = lines.isEmpty() ? null : lines.get(0);
        if (first == null || first.x.length < 2) {
            return;
        }
        int[] r = visible(first.x);
        if (r[1] - r[0] < 2) {
            return;
        }
        int i = r[0];
        double x = first.x[i] + 0.5 * (first.x[i + 1] - first.x[i]);
        double y = 0.5 * (first.y[i] + first.y[i + 1]);
        XYSeries s = chart.addSeries(unique(names, " "), new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setShowInLegend(false);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setMarker(SeriesMarkers.NONE);
        if (first.secondary) {
            s.setYAxisGroup(1);
        }
    }

    private String yPattern(boolean secondary) {
        List<double[]> ys = new ArrayList<>();
        for (Line l : lines) {
            if (l.secondary == secondary) {
                ys.add(l.y);
            }
        }
        for (Band b : bands) {
            if (b.secondary == secondary) {
                ys.add(b.upper);
                ys.add(b.lower);
            }
        }
        return secondary ? pattern(null, null, ys) : pattern(yMin, yMax, ys);
    }

    /** A tick-label pattern for the magnitude of the values: no grouping commas, no leading ".5". */
    static String pattern(Double min, Double max, List<double[]> values) {
        double m = 0;
        if (min != null) {
            m = Math.max(m, Math.abs(min));
        }
        if (max != null) {
            m = Math.max(m, Math.abs(max));
        }
        if (min == null || max == null) {
            for (double[] v : values) {
                for (double d : v) {
                    if (Double.isFinite(d)) {
                        m = Math.max(m, Math.abs(d));
                    }
                }
            }
        }
        if (m == 0 || (m >= 0.01 && m < 1e6)) {
            return m >= 100 ? "0" : m >= 1 ? "0.##" : "0.###";
        }
        return "0.#E0";
    }

    private static String unique(java.util.Set<String> names, String name) {
        String n = name;
        while (!names.add(n)) {
            n = n + " ";
        }
        return n;
    }

    private static BasicStroke stroke(Dash dash, float w) {
        return switch (dash) {
            case SOLID -> new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            case DASHED -> new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {8f, 5f}, 0f);
            case DOTTED -> new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {1f, 4f}, 0f);
        };
    }

    /**
     * Writes the PNG at twice the figure size.
     *
     * @param path the PNG file
     */
    public void writePng(Path path) {
        ChartFiles.writePng(toChart(), path, 2);
    }

    /**
     * Writes the SVG.
     *
     * @param path the SVG file
     */
    public void writeSvg(Path path) {
        ChartFiles.writeSvg(toChart(), path);
    }
}
