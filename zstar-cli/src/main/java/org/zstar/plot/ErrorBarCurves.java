package org.zstar.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Curves with error bars (e.g. learning curves: error versus training size), optionally logarithmic in x,
 * solid or dashed, with a right axis that is a fixed rescaling of the left one ({@code right = left / scale},
 * e.g. a normalised error). XChart; write with {@link ChartFiles}.
 */
public final class ErrorBarCurves {
    private record Curve(String name, double[] x, double[] y, double[] err, Color color, boolean dashed) {
    }

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Curve> curves = new ArrayList<>();
    private boolean logX;
    private boolean logY;
    private double floor = 0;
    private boolean tightY;
    private String rightTitle;
    private double rightScale = Double.NaN;
    private int width = 1050;
    private int height = 600;

    /**
     * An empty figure.
     *
     * @param title the title (null or empty for none)
     * @param xTitle the x axis title
     * @param yTitle the left y axis title
     */
    public ErrorBarCurves(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    /**
     * Logarithmic x axis.
     *
     * @param on whether to
     * @return this figure
     */
    public ErrorBarCurves logX(boolean on) {
        this.logX = on;
        return this;
    }

    /**
     * Logarithmic y axes (left and right): the range spans the positive values, and an error bar reaching below
     * zero is drawn down to a tenth of its value (a log axis has no zero).
     *
     * @param on whether to
     * @return this figure
     */
    public ErrorBarCurves logY(boolean on) {
        this.logY = on;
        return this;
    }

    /**
     * A linear y axis fitted to the data (the lowest and highest value with its error bar, plus 8 % of that span
     * on each side) instead of starting at zero: for curves whose differences are a few per cent of their values.
     *
     * @param on whether to
     * @return this figure
     */
    public ErrorBarCurves tightY(boolean on) {
        this.tightY = on;
        return this;
    }

    /**
     * With a log y axis: values below {@code f} are drawn at f (the bottom of the axis), e.g. interpolating fits.
     *
     * @param f the floor
     * @return this figure
     */
    public ErrorBarCurves floor(double f) {
        this.floor = f;
        return this;
    }

    /**
     * The figure size in pixels.
     *
     * @param w the width
     * @param h the height
     * @return this figure
     */
    public ErrorBarCurves size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    /**
     * A right axis showing {@code left / scale} (scale > 0).
     *
     * @param t the right axis title
     * @param scale the divisor
     * @return this figure
     */
    public ErrorBarCurves rightAxis(String t, double scale) {
        this.rightTitle = t;
        this.rightScale = scale;
        return this;
    }

    /**
     * A curve with symmetric error bars err (may be null).
     *
     * @param name the legend entry
     * @param x the x values
     * @param y the y values
     * @param err the half-widths of the error bars, or null
     * @param color the colour
     * @param dashed dashed line and triangle markers (else solid with circles)
     * @return this figure
     */
    public ErrorBarCurves curve(String name, double[] x, double[] y, double[] err, Color color, boolean dashed) {
        if (x.length != y.length || (err != null && err.length != y.length) || x.length == 0) {
            throw new IllegalArgumentException("curve '" + name + "': inconsistent or empty data");
        }
        curves.add(new Curve(name, x.clone(), y.clone(), err == null ? null : err.clone(), color, dashed));
        return this;
    }

    /** {@return the chart: the curves with their error bars, log axes and floor as configured} */
    public XYChart toChart() {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler st = chart.getStyler();
        style(st);
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        double lowest = Double.POSITIVE_INFINITY;
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = 0;
        for (Curve c : curves) {
            for (int i = 0; i < c.y.length; i++) {
                max = Math.max(max, c.y[i] + (c.err == null ? 0 : c.err[i]));
                if (c.y[i] > 0) {
                    min = Math.min(min, c.y[i]);
                }
                lowest = Math.min(lowest, c.y[i] - (c.err == null ? 0 : c.err[i]));
                xmin = Math.min(xmin, c.x[i]);
                xmax = Math.max(xmax, c.x[i]);
            }
        }
        double top = logY ? max * 1.25 : max * 1.08;
        double bottom = logY && min < Double.POSITIVE_INFINITY ? Math.max(min / 1.6, floor) : 0.0;
        if (tightY && !logY && lowest < max) {
            double pad = 0.08 * (max - lowest);
            top = max + pad;
            bottom = lowest - pad;
            st.setYAxisDecimalPattern("0.00000");
            st.putYAxisGroupDecimalPatternMap(1, "0.00000");
        }
        st.setYAxisLogarithmic(logY);
        if (logY) {
            st.setYAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, "%.3g", v));
        }
        for (Curve c : curves) {
            addSeries(chart, c);
        }
        st.setYAxisMin(0, bottom);
        st.setYAxisMax(0, top);
        if (rightTitle != null && rightScale > 0) {
            addRightAxis(chart, xmin, xmax, bottom, top);
        }
        return chart;
    }

    /** Fonts, colours, legend and the x axis: everything that does not depend on the data. */
    private void style(XYStyler st) {
        st.setChartTitleVisible(title != null && !title.isEmpty());
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotBorderColor(new Color(90, 90, 90));
        st.setPlotGridLinesColor(new Color(225, 225, 225));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(new Color(200, 200, 200));
        st.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setChartPadding(12);
        st.setAntiAlias(true);
        st.setXAxisLogarithmic(logX);
        st.setXAxisLogarithmicDecadeOnly(false);
        st.setYAxisDecimalPattern("0.000");
        st.putYAxisGroupDecimalPatternMap(1, "0.000");
        st.setErrorBarsColorSeriesColor(true);
        st.setMarkerSize(7);
        st.setXAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, "%.0f", v));
    }

    /** One curve as a series; on a log y axis its error bars stay above zero and values below the floor are lifted. */
    private void addSeries(XYChart chart, Curve c) {
        double[] err = c.err;
        if (logY && err != null) {
            err = err.clone();
            for (int i = 0; i < err.length; i++) {
                err[i] = Math.min(err[i], 0.9 * c.y[i]); // stays above zero on the log axis
            }
        }
        double[] y = c.y;
        if (logY && floor > 0) {
            y = y.clone();
            for (int i = 0; i < y.length; i++) {
                if (y[i] < floor) {
                    y[i] = floor;
                    if (err != null) {
                        err[i] = 0;
                    }
                }
            }
        }
        XYSeries s = err == null ? chart.addSeries(c.name, c.x, y) : chart.addSeries(c.name, c.x, y, err);
        s.setLineColor(c.color);
        s.setMarkerColor(c.color);
        s.setMarker(c.dashed ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.CIRCLE);
        s.setLineWidth(2f);
        if (c.dashed) {
            s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {8f, 5f}, 0f));
        }
    }

    /** The right axis: an invisible series carries it; its range is the left range [bottom, top] / rightScale. */
    private void addRightAxis(XYChart chart, double xmin, double xmax, double bottom, double top) {
        XYStyler st = chart.getStyler();
        XYSeries r = chart.addSeries(rightTitle, new double[] {xmin, xmax},
                new double[] {Math.max(bottom, 1e-300) / rightScale, top / rightScale});
        r.setYAxisGroup(1);
        r.setLineColor(new Color(0, 0, 0, 0));
        r.setMarker(SeriesMarkers.NONE);
        r.setShowInLegend(false);
        chart.setYAxisGroupTitle(1, rightTitle);
        st.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        st.setYAxisMin(1, bottom / rightScale);
        st.setYAxisMax(1, top / rightScale);
    }
}
