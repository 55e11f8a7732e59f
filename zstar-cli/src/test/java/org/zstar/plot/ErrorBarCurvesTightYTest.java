package org.zstar.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** {@link ErrorBarCurves#tightY}: the linear y axis spans the data with its error bars plus 8 % each side, not 0..max. */
class ErrorBarCurvesTightYTest {
    private static ErrorBarCurves figure() {
        return new ErrorBarCurves("t", "x", "y").logX(true)
                .curve("a", new double[] {10, 20, 40}, new double[] {0.020, 0.018, 0.0176}, new double[] {0.001, 0, 0},
                        Color.BLUE, false)
                .curve("b", new double[] {10, 40}, new double[] {0.0175, 0.0175}, null, Color.RED, true);
    }

    @Test
    void tightAxisSpansTheErrorBarsWithPadding() {
        XYChart chart = figure().tightY(true).toChart();
        double lowest = 0.0175;
        double highest = 0.021; // 0.020 + its error bar
        double pad = 0.08 * (highest - lowest);
        assertThat(chart.getStyler().getYAxisMin(0)).isCloseTo(lowest - pad, within(1e-12));
        assertThat(chart.getStyler().getYAxisMax(0)).isCloseTo(highest + pad, within(1e-12));
    }

    @Test
    void defaultLinearAxisStartsAtZero() {
        XYChart chart = figure().toChart();
        assertThat(chart.getStyler().getYAxisMin(0)).isEqualTo(0.0);
        assertThat(chart.getStyler().getYAxisMax(0)).isCloseTo(0.021 * 1.08, within(1e-12));
    }
}
