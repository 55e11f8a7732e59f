package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zstar.io.FrameReader;
import org.zstar.md.ForceField;
import org.zstar.md.ForceResult;
import org.zstar.md.MolecularDynamics;
import org.zstar.md.Thermostat;
import org.zstar.spectra.DipoleDerivativeCsv;
import org.zstar.spectra.DipoleDerivativeSampler;
import org.zstar.spectra.IrAnalysis;
import org.zstar.spectra.IrUnits;
import org.zstar.spectra.ModelBand;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * The BEC model's uncertainty in the IR spectrum (docs/THEORY.md (IRU1)-(IRU3)): sampled posterior weights through
 * the normal prediction path against linear propagation {@code var = g^T Sigma g} of the spectrum's gradient in the
 * weights, zero posterior = zero model band, determinism with a seed, and the sample columns of md's dM/dt file.
 */
class SpectrumModelBandTest {
    static final double DT = 1.0;
    static final int FRAMES = 192;
    static final double[] NU = {450, 1100, 1800}; // cm^-1

    /** Each atom oscillates along its own axis at one of three frequencies; velocities are the exact derivatives. */
    static List<Structure> trajectory() {
        Structure s0 = KernelBecModelPropertiesTest.periodic(3);
        double[] r0 = s0.positionsView().clone();
        Random rnd = new Random(9);
        double[] amp = new double[r0.length];
        double[] phase = new double[r0.length];
        for (int c = 0; c < r0.length; c++) {
            amp[c] = 0.03 + 0.03 * rnd.nextDouble();
            phase[c] = 2 * Math.PI * rnd.nextDouble();
        }
        List<Structure> out = new ArrayList<>();
        for (int t = 0; t < FRAMES; t++) {
            double[] r = new double[r0.length];
            double[] v = new double[r0.length];
            for (int c = 0; c < r0.length; c++) {
                double w = 2 * Math.PI * IrUnits.C_CM_PER_FS * NU[c % 3];
                r[c] = r0[c] + amp[c] * Math.sin(w * t * DT + phase[c]);
                v[c] = amp[c] * w * Math.cos(w * t * DT + phase[c]);
            }
            out.add(s0.toBuilder().positions(r).velocities(v).info("time_fs", t * DT).build());
        }
        return out;
    }

    static FrameReader reader(List<Structure> frames) {
        return new FrameReader() {
            private int i;

            @Override
            public Structure readNext() {
                return i < frames.size() ? frames.get(i++) : null;
            }

            @Override
            public String source() {
                return "toy";
            }

            @Override
            public void close() {
            }
        };
    }

    static KernelBecModel model() {
        return KernelBecModelPropertiesTest.randomModel(ModelKind.COMBINED, BecModelSpec.DipoleKernel.LINEAR,
                ChargeForm.LOCAL, KernelBecModelPropertiesTest.periodic(3), 5);
    }

    /** A posterior with noise variance s2 and a random well-conditioned upper-triangular factor V. */
    static BecPosterior posterior(int m, double s2) {
        Random rnd = new Random(17);
        double[] v = new double[m * m];
        for (int i = 0; i < m; i++) {
            v[i * m + i] = 0.5 + rnd.nextDouble();
            for (int j = i + 1; j < m; j++) {
                v[i * m + j] = 0.3 * rnd.nextGaussian();
            }
        }
        return new BecPosterior(m, v, s2, m, 1000, null);
    }

    static IrAnalysis.Result spectrum(BecModel m, List<? extends BecModel> samples, int blocks) {
        List<Structure> frames = trajectory();
        return IrAnalysis.builder().model(m).modelSamples(samples).trajectory("toy", () -> reader(frames))
                .temperature(300).blocks(blocks).build().run();
    }

    @Test
    void zeroPosteriorGivesZeroModelBandAndTheStatisticalTotal() {
        KernelBecModel m = model();
        KernelBecModel zero = m.withPosterior(posterior(m.weights().length, 0.0));
        IrAnalysis.Result r = spectrum(zero, zero.posteriorSamples(3, 1), 2);
        ModelBand mb = r.modelBand();
        assertThat(mb.samples()).isEqualTo(3);
        double top = Arrays.stream(r.band().upper()).max().orElseThrow();
        // identical weights: the samples' spectra are the central one; only the round-off of their mean remains
        assertThat(Arrays.stream(mb.std()).max().orElseThrow()).isLessThan(1e-12 * top);
        for (int i = 0; i < mb.std().length; i++) {
            assertThat(mb.totalUpper()[i]).isCloseTo(r.band().upper()[i], within(1e-12 * top));
            assertThat(mb.totalLower()[i]).isCloseTo(r.band().lower()[i], within(1e-12 * top));
        }
        // and without samples there is no model band (and the CSV keeps its columns)
        assertThat(spectrum(m, List.of(), 2).modelBand()).isNull();
    }

    /**
     * The spectrum is quadratic in the weights, so central differences give its exact gradient g; for a small
     * posterior the sampled standard deviation of the mean spectrum is {@code sqrt(g^T Sigma g)},
     * {@code Sigma = s^2 V V^T}, within the sampling error 1/sqrt(2 (S - 1)) (about 4 % for S = 300).
     */
    @Test
    void sampledModelBandMatchesLinearPropagation() {
        KernelBecModel m = model();
        double[] w = m.weights();
        int nw = w.length;
        double s2 = 1e-8 * Arrays.stream(w).map(x -> x * x).sum() / nw; // small: the quadratic term is negligible
        KernelBecModel withPost = m.withPosterior(posterior(nw, s2));
        double[] central = spectrum(m, List.of(), 1).band().mean();
        int len = central.length;
        double[][] grad = new double[nw][len];
        for (int k = 0; k < nw; k++) {
            double h = 1e-3 * Math.max(1e-3, Math.abs(w[k]));
            double[] wp = w.clone();
            double[] wm = w.clone();
            wp[k] += h;
            wm[k] -= h;
            double[] sp = spectrum(m.withWeights(wp), List.of(), 1).band().mean();
            double[] sm = spectrum(m.withWeights(wm), List.of(), 1).band().mean();
            for (int i = 0; i < len; i++) {
                grad[k][i] = (sp[i] - sm[i]) / (2 * h);
            }
        }
        double[] v = withPost.posterior().inverseFactorView();
        double[] linear = new double[len];
        for (int i = 0; i < len; i++) {
            double var = 0;
            for (int c = 0; c < nw; c++) {
                double x = 0; // (V^T g)_c
                for (int r = 0; r <= c; r++) {
                    x += v[r * nw + c] * grad[r][i];
                }
                var += x * x;
            }
            linear[i] = Math.sqrt(s2 * var);
        }
        ModelBand mb = spectrum(withPost, withPost.posteriorSamples(300, 7), 1).modelBand();
        double top = Arrays.stream(linear).max().orElseThrow();
        assertThat(top).isPositive();
        double num = 0;
        double den = 0;
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            if (linear[i] > 0.2 * top) {
                ratios.add(mb.std()[i] / linear[i]);
                num += mb.std()[i] * mb.std()[i];
                den += linear[i] * linear[i];
            }
        }
        ratios.sort(null);
        double median = ratios.get(ratios.size() / 2);
        System.out.printf("model std / linear propagation: median %.4f over %d frequencies, pooled %.4f%n", median,
                ratios.size(), Math.sqrt(num / den));
        assertThat(ratios.size()).isGreaterThan(10);
        assertThat(median).isCloseTo(1.0, within(0.1));
        assertThat(Math.sqrt(num / den)).isCloseTo(1.0, within(0.1));
    }

    @Test
    void theSameSeedGivesTheSameBandAndAnotherSeedAnother() {
        KernelBecModel m = model();
        KernelBecModel p = m.withPosterior(posterior(m.weights().length, 1e-4));
        ModelBand a = spectrum(p, p.posteriorSamples(4, 11), 2).modelBand();
        ModelBand b = spectrum(p, p.posteriorSamples(4, 11), 2).modelBand();
        ModelBand c = spectrum(p, p.posteriorSamples(4, 12), 2).modelBand();
        assertThat(b.std()).containsExactly(a.std());
        assertThat(b.totalUpper()).containsExactly(a.totalUpper());
        assertThat(c.std()).isNotEqualTo(a.std());
        assertThatThrownBy(() -> m.posteriorSamples(2, 1)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("no uncertainty");
        assertThatThrownBy(() -> IrAnalysis.builder().model(p).modelSamples(p.posteriorSamples(1, 1))
                .trajectory("toy", () -> reader(trajectory())).temperature(300).build())
                .isInstanceOf(UserInputException.class).hasMessageContaining("at least 2");
    }

    /** Harmonic wells around the start, so the MD stays near the toy model's references. */
    static ForceField wells(double[] r0) {
        return s -> {
            double[] x = s.positionsView();
            double e = 0;
            double[] f = new double[x.length];
            for (int c = 0; c < x.length; c++) {
                double d = x[c] - r0[c];
                e += d * d;
                f[c] = -2 * d;
            }
            return new ForceResult(e, f, new double[9], new double[9]);
        };
    }

    /**
     * md's sampler writes the posterior samples' dM/dt as extra columns, the file reads back to the same numbers, and
     * ir on the file gives the same model band as on the series in memory.
     */
    @Test
    void dmdtFileCarriesThePosteriorSamples(@TempDir Path dir) {
        KernelBecModel m = model();
        KernelBecModel p = m.withPosterior(posterior(m.weights().length, 1e-4));
        Structure start = KernelBecModelPropertiesTest.periodic(3);
        MolecularDynamics md = new MolecularDynamics(wells(start.positionsView().clone()), start,
                new MolecularDynamics.Settings(1.0, Thermostat.NVE, 300, 0, 0, 3), 300);
        Path csv = dir.resolve("run-dmdt.csv");
        DipoleDerivativeCsv.Series mem;
        try (DipoleDerivativeSampler s = new DipoleDerivativeSampler(p, p.posteriorSamples(3, 5), csv)) {
            md.attach(s, 1);
            md.run(200);
            mem = s.series();
        }
        assertThat(mem.samples()).hasSize(3);
        DipoleDerivativeCsv.Series file = DipoleDerivativeCsv.read(csv);
        assertThat(file.samples()).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(file.samples().get(k)).hasSize(mem.series().length);
            assertThat(file.samples().get(k)).isNotEqualTo(file.series());
            for (int i = 0; i < mem.series().length; i++) {
                assertThat(file.samples().get(k)[i]).isCloseTo(mem.samples().get(k)[i],
                        within(1e-9 * Math.abs(mem.samples().get(k)[i]) + 1e-15));
            }
        }
        IrAnalysis.Result fromFile = IrAnalysis.builder().dmdtFile(csv).temperature(300).blocks(2).build().run();
        IrAnalysis.Result fromMemory = IrAnalysis.builder().series("run", mem).temperature(300).blocks(2).build().run();
        assertThat(fromFile.modelBand()).isNotNull();
        double top = Arrays.stream(fromMemory.modelBand().std()).max().orElseThrow();
        assertThat(top).isPositive();
        for (int i = 0; i < fromMemory.modelBand().std().length; i++) {
            assertThat(fromFile.modelBand().std()[i]).isCloseTo(fromMemory.modelBand().std()[i], within(1e-6 * top));
        }
    }
}
