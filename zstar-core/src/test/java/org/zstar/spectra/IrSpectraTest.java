package org.zstar.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.models.FixedChargeModel;
import org.zstar.structure.Structure;

class IrSpectraTest {

    static Stream<Arguments> acfCases() {
        return Stream.of(Arguments.of(1L, 5, 1, 5), Arguments.of(2L, 17, 3, 9), Arguments.of(3L, 64, 3, 64),
                Arguments.of(4L, 100, 2, 37));
    }

    @ParameterizedTest
    @MethodSource("acfCases")
    void autocorrelationMatchesDirectUnbiasedSum(long seed, int n, int width, int maxLag) {
        Random rnd = new Random(seed);
        double[] x = new double[n * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian() + 0.3;
        }
        double[] acf = IrSpectra.autocorrelation(x, width, maxLag);
        for (int k = 0; k < maxLag; k++) {
            double s = 0;
            for (int i = 0; i + k < n; i++) {
                for (int c = 0; c < width; c++) {
                    s += x[i * width + c] * x[(i + k) * width + c];
                }
            }
            assertThat(acf[k]).as("lag %d", k).isCloseTo(s / (n - k), within(1e-10));
        }
    }

    @Test
    void prefactorByHand() {
        // V = 1000 A^3 = 1e-27 m^3, T = 300 K:
        // (e A/fs)^2 fs = (1.602176634e-19 * 1e-10 / 1e-15)^2 * 1e-15 = (1.602176634e-14)^2 * 1e-15
        //               = 2.5669700e-28 * 1e-15 = 2.5669700e-43 C^2 m^2 / s
        // 6 eps0 c V kB T = 6 * 8.8541878128e-12 * 299792458 * 1e-27 * (1.380649e-23 * 300)
        //               = 5.3125127e-11 * 299792458 * 1e-27 * 4.141947e-21 = 6.596677e-50 C^2 m^3 / s
        // ratio = 3.891308e6 1/m = 38913.08 1/cm
        assertThat(IrUnits.prefactorPerCm(1000, 300)).isCloseTo(38913.08, within(0.05));
        // 1/V and 1/T scaling
        assertThat(IrUnits.prefactorPerCm(2000, 300)).isCloseTo(38913.08 / 2, within(0.05));
        assertThat(IrUnits.prefactorPerCm(1000, 600)).isCloseTo(38913.08 / 2, within(0.05));
    }

    @Test
    void wavenumberConversions() {
        // 1000 cm^-1: omega = 2 pi * 2.99792458e10 cm/s * 1000 cm^-1 = 1.883652e14 rad/s = 0.1883652 rad/fs
        assertThat(IrUnits.omegaOfWavenumber(1000)).isCloseTo(0.1883652, within(1e-7));
        assertThat(IrUnits.wavenumberOfOmega(0.1883652)).isCloseTo(1000, within(1e-3));
    }

    @Test
    void quantumCorrectionsByHand() {
        // x = h c nu / (kB T) = 1.4387769 cm K * 1000 cm^-1 / 300 K = 4.7959229, e^-x = 0.00826337
        // line-shape factors: harmonic x / (1 - e^-x) = 4.8358836; standard 2 / (1 + e^-x) = 1.9836087;
        // Schofield e^{x/2} = 11.000728
        assertThat(QuantumCorrection.HARMONIC.lineShapeFactor(1000, 300)).isCloseTo(4.8358836, within(1e-6));
        assertThat(QuantumCorrection.STANDARD.lineShapeFactor(1000, 300)).isCloseTo(1.9836087, within(1e-6));
        assertThat(QuantumCorrection.SCHOFIELD.lineShapeFactor(1000, 300)).isCloseTo(11.000728, within(1e-5));
        // multipliers of the classical n alpha, Q (1 - e^-x) / x: harmonic 1 exactly;
        // standard 2 tanh(x/2) / x = 0.41018537; Schofield 2 sinh(x/2) / x = (11.000728 - 0.0909031) / 4.7959229
        // = 2.2748124
        // NONE is the classical formula as is (M = 1), not a line-shape factor
        for (QuantumCorrection q : java.util.List.of(QuantumCorrection.HARMONIC, QuantumCorrection.STANDARD,
                QuantumCorrection.SCHOFIELD)) {
            double x = QuantumCorrection.x(1000, 300);
            assertThat(q.factor(1000, 300)).as(q.name())
                    .isCloseTo(q.lineShapeFactor(1000, 300) * -Math.expm1(-x) / x, within(1e-9));
            assertThat(q.factor(1e-6, 300)).as(q.name()).isCloseTo(1.0, within(1e-6));
        }
        assertThat(QuantumCorrection.NONE.factor(1000, 300)).isEqualTo(1.0);
        assertThat(QuantumCorrection.HARMONIC.factor(1000, 300)).isEqualTo(1.0);
        assertThat(QuantumCorrection.STANDARD.factor(1000, 300)).isCloseTo(0.41018537, within(1e-7));
        assertThat(QuantumCorrection.SCHOFIELD.factor(1000, 300)).isCloseTo(2.2748124, within(1e-6));
        assertThat(QuantumCorrection.parse("classical")).isEqualTo(QuantumCorrection.NONE);
        assertThat(QuantumCorrection.parse("Schofield")).isEqualTo(QuantumCorrection.SCHOFIELD);
        assertThatThrownBy(() -> QuantumCorrection.parse("egelstaff")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsStartAtOneAndDecay() {
        double[] h = CorrelationWindow.HANN.weights(100);
        double[] g = CorrelationWindow.GAUSSIAN.weights(100);
        assertThat(h[0]).isEqualTo(1.0);
        assertThat(g[0]).isEqualTo(1.0);
        assertThat(h[50]).isCloseTo(0.5, within(1e-12)); // (1 + cos(pi/2)) / 2
        assertThat(g[50]).isCloseTo(Math.exp(-0.5 * 1.5 * 1.5), within(1e-12)); // sigma = T/3, t = T/2
        assertThat(h[99]).isLessThan(1e-3);
        assertThat(CorrelationWindow.NONE.weights(10)).containsOnly(1.0);
    }

    /** Synthetic oscillators: peak positions, intensity ratio, sum rule in absolute units. */
    @Test
    void oscillatorSpectrumHasKnownPeaksRatioAndSumRule() {
        OscillatorTrajectory osc = OscillatorTrajectory.standard(0.5);
        int n = 20000;
        DipoleDerivativeSeries acc = DipoleDerivativeSeries.bec(
                new FixedChargeModel(Map.of("Na", 1.0, "Cl", -1.0)), osc.dt, true);
        for (Structure s : osc.frames(n, true)) {
            acc.accept(s);
        }
        double[] dMdt = acc.finish();
        double volume = 1000.0;
        IrSettings settings = IrSettings.of(osc.dt, 300, volume);
        Spectrum sp = IrSpectra.spectrumOf(dMdt, settings);
        double bin = sp.wavenumbers()[1] - sp.wavenumbers()[0];
        assertThat(bin).isLessThan(5.0);
        List<Peaks.Peak> peaks = Peaks.find(sp, 100, 5000, 0.01, 200, 5);
        assertThat(peaks).hasSize(2);
        double pA = peaks.stream().filter(p -> p.wavenumber() < 2000).findFirst().orElseThrow().wavenumber();
        double pB = peaks.stream().filter(p -> p.wavenumber() > 2000).findFirst().orElseThrow().wavenumber();
        assertThat(pA).isCloseTo(osc.nuA, within(bin));
        assertThat(pB).isCloseTo(osc.nuB, within(bin));
        // intensities: each line carries (q a w)^2 / 2 of C(0); areas and heights in ratio (aA wA)^2 / (aB wB)^2
        double expectedRatio = Math.pow(osc.aA * osc.wA(), 2) / Math.pow(osc.aB * osc.wB(), 2); // = 2.7778
        double areaA = sp.integral(osc.nuA - 150, osc.nuA + 150);
        double areaB = sp.integral(osc.nuB - 150, osc.nuB + 150);
        assertThat(areaA / areaB).isCloseTo(expectedRatio, within(0.02 * expectedRatio));
        // heights: same line shape (the window's transform) for both lines; sample it finely (padding 16) so
        // that the grid does not cut the tops differently
        Spectrum fine = IrSpectra.spectrumOf(dMdt, settings.withPadding(16));
        double hA = fine.max(osc.nuA - 50, osc.nuA + 50);
        double hB = fine.max(osc.nuB - 50, osc.nuB + 50);
        assertThat(hA / hB).isCloseTo(expectedRatio, within(0.01 * expectedRatio));
        // sum rule: Int_0^inf n alpha dnu = pref * C(0) / (2 c) with C(0) = <|dM/dt|^2> (one-sided half of
        // Int dw/2pi I(w) = C(0), dw = 2 pi c dnu); exact on the discrete grid.
        double pref = IrUnits.prefactorPerCm(volume, 300);
        double total = sp.integral(0, Double.MAX_VALUE);
        double c0 = IrSpectra.meanSquare(dMdt);
        assertThat(total).isCloseTo(pref * c0 / (2 * IrUnits.C_CM_PER_FS), within(1e-9 * total));
        // and C(0) is the analytic mean square up to the finite-length average
        double analytic = 0.5 * Math.pow(osc.aA * osc.wA(), 2) + 0.5 * Math.pow(osc.aB * osc.wB(), 2);
        assertThat(c0).isCloseTo(analytic, within(0.002 * analytic));
    }

    @Test
    void frequencyScaleAndQuantumCorrectionAct() {
        OscillatorTrajectory osc = OscillatorTrajectory.standard(0.5);
        double[] dMdt = osc.exactDmDt(8000);
        IrSettings base = IrSettings.of(osc.dt, 300, 1000);
        Spectrum cl = IrSpectra.spectrumOf(dMdt, base);
        Spectrum scaled = IrSpectra.spectrumOf(dMdt, base.withFrequencyScale(0.985));
        Spectrum harm = IrSpectra.spectrumOf(dMdt, base.withCorrection(QuantumCorrection.SCHOFIELD));
        double bin = cl.wavenumbers()[1];
        double peak = Peaks.find(scaled, 2000, 4000, 0.01, 200, 1).get(0).wavenumber();
        assertThat(peak).isCloseTo(0.985 * osc.nuB, within(bin));
        for (int i = 0; i < cl.size(); i += 97) {
            assertThat(scaled.values()[i]).isEqualTo(cl.values()[i]);
            assertThat(harm.values()[i]).isCloseTo(cl.values()[i]
                    * QuantumCorrection.SCHOFIELD.factor(cl.wavenumbers()[i], 300), within(1e-12 + 1e-12 * Math.abs(harm.values()[i])));
        }
    }

    /** The three routes to dM/dt agree on a fixed-charge model, and match the analytic derivative. */
    @Test
    void threeRoutesAgreeOnFixedCharges() {
        OscillatorTrajectory osc = OscillatorTrajectory.standard(0.05);
        int n = 400;
        FixedChargeModel model = new FixedChargeModel(Map.of("Na", 1.0, "Cl", -1.0));
        DipoleDerivativeSeries becFile = DipoleDerivativeSeries.bec(model, osc.dt, true);
        DipoleDerivativeSeries becFd = DipoleDerivativeSeries.bec(model, osc.dt, false);
        DipoleDerivativeSeries chargesFile = DipoleDerivativeSeries.charges(Map.of("Na", 1.0, "Cl", -1.0), osc.dt, true);
        DipoleDerivativeSeries chargesFd = DipoleDerivativeSeries.charges(Map.of("NA", 1.0, "cl", -1.0), osc.dt, false);
        DipoleDerivativeSeries pol = DipoleDerivativeSeries.polarization(model, osc.dt);
        for (Structure s : osc.frames(n, true)) {
            becFile.accept(s);
            becFd.accept(s);
            chargesFile.accept(s);
            chargesFd.accept(s);
            pol.accept(s);
        }
        double[] a = becFile.finish(), b = becFd.finish(), c = chargesFile.finish(), d = chargesFd.finish(),
                e = pol.finish();
        double[] exact = osc.exactDmDt(n);
        assertThat(becFile.velocitiesFromFile()).isTrue();
        assertThat(becFd.velocitiesFromFile()).isFalse();
        double scale = osc.aA * osc.wA();
        for (int i = 0; i < 3 * n; i++) {
            assertThat(a[i]).isCloseTo(exact[i], within(1e-12));
            assertThat(c[i]).isCloseTo(exact[i], within(1e-12));
            // positions linear in time differences: BEC route, charges route and dP/dt are the same numbers
            assertThat(b[i]).isCloseTo(e[i], within(1e-9));
            assertThat(d[i]).isCloseTo(e[i], within(1e-9));
            // finite differences: relative error (w dt)^2 / 6 ~ 5e-5 at 3000 cm^-1 and dt = 0.05 fs
            assertThat(e[i]).isCloseTo(exact[i], within(2e-4 * scale));
        }
    }

    @Test
    void bandNarrowsAsOneOverSqrtN() {
        Random rnd = new Random(42);
        IrSettings s = IrSettings.of(1.0, 300, 1000).withMaxCorrTime(100.0);
        double w4 = meanWidth(noiseSpectra(rnd, 4, s));
        double w16 = meanWidth(noiseSpectra(rnd, 16, s));
        double w64 = meanWidth(noiseSpectra(rnd, 64, s));
        assertThat(w4 / w16).isCloseTo(2.0, within(0.2));
        assertThat(w16 / w64).isCloseTo(2.0, within(0.2));
    }

    private static List<Spectrum> noiseSpectra(Random rnd, int count, IrSettings s) {
        List<double[]> series = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            double[] x = new double[3 * 2000];
            for (int i = 0; i < x.length; i++) {
                x[i] = 0.01 * rnd.nextGaussian();
            }
            series.add(x);
        }
        return IrSpectra.spectra(series, s);
    }

    private static double meanWidth(List<Spectrum> spectra) {
        SpectrumBand band = SpectrumBand.of(spectra, SpectrumBand.Method.TWO_SE);
        double w = 0;
        for (int i = 0; i < band.mean().length; i++) {
            w += band.upper()[i] - band.lower()[i];
        }
        return w / band.mean().length;
    }

    @Test
    void bandOfKnownNumbers() {
        double[] nu = {0, 1};
        List<Spectrum> sp = List.of(new Spectrum(nu, new double[] {1, 2}), new Spectrum(nu, new double[] {3, 2}),
                new Spectrum(nu, new double[] {5, 2}));
        // column 0: mean 3, s = 2, se = 2/sqrt(3) = 1.1547; t_{0.975,2} = 4.303: r = 1 + 4.303 se / 3 = 2.6562255,
        // band [3 / r, 3 r] = [1.1294222, 7.9686764] (by hand); with f = 2: upper 3 + 2 se = 5.3094011, lower 1.6951064
        SpectrumBand t = SpectrumBand.of(sp, SpectrumBand.Method.AUTO);
        assertThat(t.mean()).containsExactly(3, 2);
        assertThat(t.upper()[0]).isCloseTo(3 + 4.303 * 2 / Math.sqrt(3), within(1e-9));
        assertThat(t.upper()[0]).isCloseTo(7.9686764, within(1e-6));
        assertThat(t.lower()[0]).isCloseTo(1.1294222, within(1e-6));
        assertThat(t.lower()[1]).isEqualTo(2.0);
        SpectrumBand two = SpectrumBand.of(sp, SpectrumBand.Method.TWO_SE);
        assertThat(two.upper()[0]).isCloseTo(5.3094011, within(1e-6));
        assertThat(two.lower()[0]).isCloseTo(1.6951064, within(1e-6));
        assertThat(SpectrumBand.studentT975(1)).isEqualTo(12.706);
        // Cornish-Fisher continues the table smoothly: t(31) ~ 2.0395, t(120) ~ 1.9799
        assertThat(SpectrumBand.studentT975(31)).isCloseTo(2.0395, within(5e-4));
        assertThat(SpectrumBand.studentT975(120)).isCloseTo(1.9799, within(5e-4));
        SpectrumBand one = SpectrumBand.of(sp.subList(0, 1), SpectrumBand.Method.AUTO);
        assertThat(one.lower()).containsExactly(one.upper());
    }

    /**
     * Issue 14 item 6: two estimates 0.1 and 10 give a normal band 5.05 +- 12.7 * 4.95 = [-57.8, 68.0], below zero
     * where n alpha cannot be; the band [m / r, m r] (r = 1 + f se / m) keeps the upper end 67.94, stays positive
     * (0.37534), is symmetric in log, and equals m +- f se when the estimates agree closely. A mean at or below zero
     * gets [m, m + f se].
     */
    @Test
    void bandRespectsPositivity() {
        double[] nu = {0, 1, 2};
        List<Spectrum> sp = List.of(new Spectrum(nu, new double[] {0.1, 1.0, -1}),
                new Spectrum(nu, new double[] {10, 1.001, 1}));
        SpectrumBand b = SpectrumBand.of(sp, SpectrumBand.Method.AUTO);
        assertThat(b.mean()[0]).isCloseTo(5.05, within(1e-12));
        assertThat(b.lower()[0]).isPositive().isCloseTo(0.3753420, within(1e-6));
        assertThat(b.upper()[0]).isCloseTo(67.9447, within(1e-4));
        assertThat(b.upper()[0] / b.mean()[0]).isCloseTo(b.mean()[0] / b.lower()[0], within(1e-6 * b.upper()[0]));
        // close estimates: se = 0.0005, f = 12.706: half width f se = 0.006353 on either side, the lower one up to
        // the second-order term (f se)^2 / m = 4e-5
        assertThat(b.upper()[1] - b.mean()[1]).isCloseTo(12.706 * 0.0005, within(1e-9));
        assertThat(b.mean()[1] - b.lower()[1]).isCloseTo(12.706 * 0.0005, within(5e-5));
        assertThat(b.lower()[2]).isEqualTo(0.0);
        assertThat(b.upper()[2]).isCloseTo(12.706, within(1e-12));
    }

    @Test
    void blocksSplitEvenly() {
        double[] x = new double[3 * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        List<double[]> b = IrSpectra.blocks(x, 3);
        assertThat(b).hasSize(3);
        assertThat(b.get(1)).hasSize(9);
        assertThat(b.get(1)[0]).isEqualTo(9.0);
        assertThatThrownBy(() -> IrSpectra.blocks(x, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxCorrTimeLongerThanSeriesIsAnError() {
        IrSettings s = IrSettings.of(1.0, 300, 1000).withMaxCorrTime(1000.0);
        assertThatThrownBy(() -> IrSpectra.spectrumOf(new double[300], s))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than");
    }
}
