package org.zstar.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Structure;

/**
 * Routes (D1) Z.v and (D3) dP/dt by finite differences on a model whose BECs are not symmetric, so that a
 * transposed tensor (v . Z instead of Z . v) or wrapped positions in P would be caught.
 */
class DipoleRoutesTest {

    /**
     * {@code P_a = sum_j q_j (r_{j,a} + eps sin(k . r_j) m_a)}, so
     * {@code Z_j[a][b] = q_j (delta_ab + eps cos(k . r_j) m_a k_b)} (row a = P, column b = displacement).
     * k is a reciprocal-lattice vector of the 10 A cube, so Z is periodic (P is not: it needs unwrapped
     * positions).
     */
    static final class AsymmetricModel implements BecModel {
        final double eps = 0.7;
        final double[] k = {2 * Math.PI / 10, 4 * Math.PI / 10, 0};
        final double[] m = {0.3, -0.2, 0.5};
        final boolean transposed;

        AsymmetricModel(boolean transposed) {
            this.transposed = transposed;
        }

        @Override
        public List<String> species() {
            return List.of("Na", "Cl");
        }

        @Override
        public BecPrediction predict(Structure s) {
            int n = s.size();
            double[] r = s.positionsView();
            double[] q = new double[n];
            double[] z = new double[9 * n];
            double[] p = new double[3];
            for (int j = 0; j < n; j++) {
                q[j] = s.symbol(j).equals("Na") ? 1.0 : -1.0;
                double kr = k[0] * r[3 * j] + k[1] * r[3 * j + 1] + k[2] * r[3 * j + 2];
                for (int a = 0; a < 3; a++) {
                    p[a] += q[j] * (r[3 * j + a] + eps * Math.sin(kr) * m[a]);
                    for (int b = 0; b < 3; b++) {
                        double t = q[j] * eps * Math.cos(kr) * (transposed ? m[b] * k[a] : m[a] * k[b]);
                        z[9 * j + 3 * a + b] = (a == b ? q[j] : 0.0) + t;
                    }
                }
            }
            return new BecPrediction(q, null, z, null, null, null, p);
        }

        /** Z is the exact derivative of this P on unwrapped positions, in the cell too. */
        @Override
        public boolean polarizationIntegratesBec(Structure s) {
            return !transposed;
        }
    }

    @Test
    void becRouteMatchesFiniteDifferencesOfPAndTransposeDoesNot() {
        OscillatorTrajectory osc = OscillatorTrajectory.standard(0.05);
        int n = 300;
        DipoleDerivativeSeries bec = DipoleDerivativeSeries.bec(new AsymmetricModel(false), osc.dt, true);
        DipoleDerivativeSeries becFd = DipoleDerivativeSeries.bec(new AsymmetricModel(false), osc.dt, false);
        DipoleDerivativeSeries wrong = DipoleDerivativeSeries.bec(new AsymmetricModel(true), osc.dt, true);
        DipoleDerivativeSeries pol = DipoleDerivativeSeries.polarization(new AsymmetricModel(false), osc.dt);
        for (Structure s : osc.frames(n, true)) {
            bec.accept(s);
            becFd.accept(s);
            wrong.accept(s);
            pol.accept(s);
        }
        double[] a = bec.finish(), b = becFd.finish(), w = wrong.finish(), c = pol.finish();
        double scale = 0, maxDiff = 0, maxDiffFd = 0, maxWrong = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - c[i]));
            maxDiffFd = Math.max(maxDiffFd, Math.abs(b[i] - c[i]));
            maxWrong = Math.max(maxWrong, Math.abs(w[i] - c[i]));
        }
        // O(dt^2) agreement: (w dt)^2 / 6 ~ 5e-5 relative at 3000 cm^-1
        assertThat(maxDiff).isLessThan(5e-4 * scale);
        assertThat(maxDiffFd).isLessThan(5e-4 * scale);
        // the transposed convention is far off
        assertThat(maxWrong).isGreaterThan(0.05 * scale);
        // the spectra of the two routes agree too
        IrSettings set = IrSettings.of(osc.dt, 300, 1000);
        Spectrum sa = IrSpectra.spectrumOf(a, set), sc = IrSpectra.spectrumOf(c, set);
        assertThat(sc.integral(0, 5000)).isCloseTo(sa.integral(0, 5000), within(1e-3 * sa.integral(0, 5000)));
    }
}
