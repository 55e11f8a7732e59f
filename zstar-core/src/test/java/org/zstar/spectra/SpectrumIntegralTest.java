package org.zstar.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Band integrals whose edges do not lie on the grid (coarse experimental grids). */
class SpectrumIntegralTest {

    /** A linear function on an uneven grid: the trapezoid rule with clipped ends is exact. */
    @Test
    void integratesALinearFunctionExactlyBetweenEdgesOffTheGrid() {
        double[] x = {100, 130, 200, 260, 400, 410, 600};
        double[] v = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = 2.0 + 0.01 * x[i];
        }
        Spectrum s = new Spectrum(x, v);
        double from = 150, to = 500; // neither on the grid
        double exact = 2.0 * (to - from) + 0.005 * (to * to - from * from);
        assertThat(s.integral(from, to)).isCloseTo(exact, within(1e-9 * exact));
        // an interval inside one grid step, and edges on grid points
        assertThat(s.integral(205, 215)).isCloseTo(2.0 * 10 + 0.005 * (215 * 215 - 205 * 205), within(1e-9));
        double onGrid = 2.0 * 270 + 0.005 * (400 * 400 - 130 * 130);
        assertThat(s.integral(130, 400)).isCloseTo(onGrid, within(1e-9 * onGrid));
    }

    /** Additive over adjacent bands, and nothing beyond the grid. */
    @Test
    void isAdditiveAndDoesNotExtrapolate() {
        double[] x = {0, 10, 25, 45, 70};
        double[] v = {1, 3, 2, 5, 4};
        Spectrum s = new Spectrum(x, v);
        assertThat(s.integral(0, 17.5) + s.integral(17.5, 70)).isCloseTo(s.integral(0, 70), within(1e-12));
        assertThat(s.integral(-100, 1000)).isEqualTo(s.integral(0, 70));
        assertThat(s.integral(80, 90)).isZero();
        assertThat(s.integral(30, 20)).isZero();
    }
}
