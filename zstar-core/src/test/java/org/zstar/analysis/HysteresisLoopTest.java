package org.zstar.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class HysteresisLoopTest {
    @Test
    void anEllipticLoopHasClosedFormRemanenceAndCoercivity() {
        // E = E0 sin(wt), P = c + A sin(wt - d): P = c at wt = d (E_c = E0 sin d); E = 0 at wt = 0, pi (P_r = A sin d)
        double e0 = 0.36;
        double a = 5.0;
        double d = 0.6;
        int period = 2000;
        int n = 3 * period;
        double[] e = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            double wt = 2 * Math.PI * (i + 0.5) / period;
            e[i] = e0 * Math.sin(wt);
            p[i] = 17.0 + a * Math.sin(wt - d) + (i < period ? 3.0 : 0.0); // first cycle offset: ignored
        }
        HysteresisLoop.Result r = HysteresisLoop.lastCycle(e, p, period);
        assertThat(r.fieldCrossings()).isEqualTo(2);
        assertThat(r.polarizationCrossings()).isEqualTo(2);
        assertThat(r.coerciveField()).isCloseTo(e0 * Math.sin(d), offset(1e-5));
        assertThat(r.remanentPolarization()).isCloseTo(a * Math.sin(d), offset(1e-4));
        // units: 1 e/A^2 = 1602.18 uC/cm^2, 1 V/A = 100 MV/cm
        assertThat(r.remanentDensityMicroCoulombPerCm2(1.0)).isCloseTo(a * Math.sin(d) * 1602.176634, offset(0.2));
        assertThat(r.coerciveFieldMvPerCm()).isCloseTo(100 * e0 * Math.sin(d), offset(1e-3));
    }

    @Test
    void aLinearDielectricHasNoLoop() {
        int period = 400;
        double[] e = new double[period];
        double[] p = new double[period];
        for (int i = 0; i < period; i++) {
            e[i] = Math.sin(2 * Math.PI * (i + 0.5) / period);
            p[i] = 2 * e[i];
        }
        HysteresisLoop.Result r = HysteresisLoop.lastCycle(e, p, period);
        assertThat(r.coerciveField()).isLessThan(1e-12);
        assertThat(r.remanentPolarization()).isLessThan(1e-12);
    }
}
