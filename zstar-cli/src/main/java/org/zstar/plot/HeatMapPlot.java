package org.zstar.plot;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * A heat map of a matrix over two categorical axes (e.g. a hyper-parameter grid: rows = one parameter,
 * columns = another, values = validation error), rendered with XChart's heat map: a perceptually uniform
 * colour scale (viridis stops), optional values printed in the cells, a colour bar. NaN cells are left empty.
 */
public final class HeatMapPlot {
    /** Viridis colour stops (low to high), the last one a little darker so white cell values stay legible. */
    private static final Color[] VIRIDIS = {new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
        new Color(94, 201, 98), new Color(200, 224, 32)};

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<String> xLabels;
    private final List<String> yLabels;
    private final double[][] values;
    private int width = 900;
    private int height = 640;
    private boolean showValues = true;
    private String valuePattern = "0.###";

    /**
     * A heat map of one quantity.
     *
     * @param values {@code values[row][column]}, rows along y (yLabels), columns along x (xLabels)
     * @param title the title
     * @param xTitle the x axis title
     * @param xLabels the column labels
     * @param yTitle the y axis title
     * @param yLabels the row labels
     */
    public HeatMapPlot(String title, String xTitle, List<String> xLabels, String yTitle, List<String> yLabels,
            double[][] values) {
        if (values.length != yLabels.size()) {
            throw new IllegalArgumentException("heat map has " + values.length + " rows but " + yLabels.size()
                    + " row labels");
        }
        for (double[] row : values) {
            if (row.length != xLabels.size()) {
                throw new IllegalArgumentException("heat map row has " + row.length + " values but there are "
                        + xLabels.size() + " column labels");
            }
        }
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.xLabels = List.copyOf(xLabels);
        this.yLabels = List.copyOf(yLabels);
        this.values = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            this.values[i] = values[i].clone();
        }
    }

    /**
     * The figure size in pixels.
     *
     * @param w the width
     * @param h the height
     * @return this plot
     */
    public HeatMapPlot size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    /**
     * Print the values in the cells with a DecimalFormat pattern (default on, "0.###").
     *
     * @param show whether to
     * @param pattern the pattern
     * @return this plot
     */
    public HeatMapPlot showValues(boolean show, String pattern) {
        this.showValues = show;
        this.valuePattern = pattern;
        return this;
    }

    /** {@return the XChart chart} */
    public HeatMapChart toChart() {
        HeatMapChart chart = new org.knowm.xchart.HeatMapChartBuilder().width(width).height(height).build();
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        HeatMapStyler st = chart.getStyler();
        st.setChartTitleVisible(title != null && !title.isEmpty());
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartPadding(12);
        st.setRangeColors(VIRIDIS);
        st.setShowValue(showValues);
        st.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        st.setValueFontColor(Color.WHITE);
        st.setHeatMapValueDecimalPattern(valuePattern);
        st.setDrawBorder(true);
        st.setPlotGridLinesVisible(false);
        st.setAxisTicksLineVisible(false);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<Number[]> heat = new ArrayList<>();
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < values[r].length; c++) {
                double v = values[r][c];
                if (Double.isFinite(v)) {
                    heat.add(new Number[] {c, r, v});
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (heat.isEmpty()) {
            throw new IllegalArgumentException("heat map has no finite values");
        }
        if (max == min) {
            max = min + 1;
        }
        st.setMin(min);
        st.setMax(max);
        HeatMapSeries s = chart.addSeries("value", xLabels, yLabels, heat);
        s.setMin(min);
        s.setMax(max);
        return chart;
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
