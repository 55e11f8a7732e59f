package org.zstar.plot;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/** Grouped bar chart (one group per category, one bar per series) with optional error bars. XChart. */
public final class GroupedBars {
    private record Series(String name, double[] y, double[] err, Color color) {
    }

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<String> categories;
    private final List<Series> series = new ArrayList<>();
    private int width = 900;
    private int height = 560;

    /**
     * An empty bar chart.
     *
     * @param title the title
     * @param xTitle the category axis title
     * @param yTitle the value axis title
     * @param categories the category labels
     */
    public GroupedBars(String title, String xTitle, String yTitle, List<String> categories) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.categories = List.copyOf(categories);
    }

    /**
     * The figure size in pixels.
     *
     * @param w the width
     * @param h the height
     * @return this chart
     */
    public GroupedBars size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    /**
     * One bar per category (y.length = categories), error bars err (or null).
     *
     * @param name the legend entry
     * @param y the values, one per category
     * @param err the error bars, or null
     * @param color the colour
     * @return this chart
     */
    public GroupedBars series(String name, double[] y, double[] err, Color color) {
        if (y.length != categories.size() || (err != null && err.length != y.length)) {
            throw new IllegalArgumentException("series '" + name + "' needs one value per category");
        }
        series.add(new Series(name, y.clone(), err == null ? null : err.clone(), color));
        return this;
    }

    /** {@return the XChart chart} */
    public CategoryChart toChart() {
        CategoryChart chart = new CategoryChart(width, height);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        CategoryStyler st = chart.getStyler();
        st.setChartTitleVisible(title != null && !title.isEmpty());
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotBorderColor(new Color(90, 90, 90));
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(new Color(200, 200, 200));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setChartPadding(12);
        st.setAntiAlias(true);
        st.setErrorBarsColor(Color.BLACK);
        st.setAvailableSpaceFill(0.8);
        st.setOverlapped(false);
        for (Series s : series) {
            List<Number> y = new ArrayList<>();
            List<Number> e = new ArrayList<>();
            for (int i = 0; i < s.y.length; i++) {
                y.add(s.y[i]);
                e.add(s.err == null ? 0.0 : s.err[i]);
            }
            CategorySeries cs = chart.addSeries(s.name, categories, y, s.err == null ? null : e);
            cs.setFillColor(s.color);
        }
        return chart;
    }
}
