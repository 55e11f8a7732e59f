package org.zstar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.zstar.spectra.IrAnalysis;
import org.zstar.spectra.IrSettings;
import org.zstar.spectra.Peaks;
import org.zstar.spectra.Spectrum;
import org.zstar.spectra.SpectrumBand;

/** The JSON summary of {@code zstar ir} (PREFIX.json) from an {@link IrAnalysis.Result}. */
final class IrJson {
    private IrJson() {
    }

    static String of(IrAnalysis.Result r, String source, String route) {
        return of(r, source, route, null, new double[] {0, 4000});
    }

    /** @param seed the seed of the posterior samples drawn here (null: none, or from dM/dt files) */
    static String of(IrAnalysis.Result r, String source, String route, Long seed, double[] range) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode trajNodes = root.putArray("trajectories");
        for (IrAnalysis.TrajectoryInfo t : r.trajectories()) {
            ObjectNode o = trajNodes.addObject();
            o.put("file", t.name());
            if (t.fromFrames()) {
                o.put("frames", t.frames());
                o.put("atoms", t.atoms());
                o.put("volume_A3", t.volumeA3());
                o.put("velocities", t.velocities());
                o.put("mean_square_dMdt_eA2_per_fs2", t.meanSquareDmdt());
                if (t.mdSteps() != null) {
                    o.put("md_steps", t.mdSteps());
                }
                if (Double.isFinite(t.kineticTemperature())) {
                    o.put("kinetic_temperature_K", t.kineticTemperature());
                }
                if (Double.isFinite(t.correlation())) {
                    o.put("displacement_velocity_correlation", t.correlation());
                    o.put("displacement_over_velocity_dt", t.displacementRatio());
                }
            } else {
                o.put("samples", t.frames());
                o.put("dt_fs", t.dtFs());
                o.put("volume_A3", t.volumeA3());
                o.put("mean_square_dMdt_eA2_per_fs2", t.meanSquareDmdt());
            }
        }
        settings(root.putObject("settings"), r, source, route);
        summary(root.putObject("summary"), r);
        if (r.modelBand() != null) {
            modelUncertainty(root.putObject("model_uncertainty"), r, seed, range);
        }
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        if (r.reference() != null) {
            IrAnalysis.ReferenceOverlay ref = r.reference();
            ObjectNode o = root.putObject("reference");
            o.put("file", ref.name());
            o.put("scaled_by", ref.factor());
            o.put("scaling", ref.scale() == IrAnalysis.ReferenceScale.NONE
                    ? "none: drawn in its own units (n alpha in cm^-1 for refractiveindex.info data)"
                    : "multiplied so that its maximum in the plotted range equals that of the computed mean");
            o.put("peak_cm-1", ref.peakWavenumber());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void settings(ObjectNode o, IrAnalysis.Result r, String source, String route) {
        IrSettings s = r.settings();
        Spectrum mean = r.mean();
        o.put("source", source);
        o.put("route", route);
        o.put("dt_fs", r.dtFs());
        o.put("temperature_K", s.temperatureK());
        o.put("window", s.window().name().toLowerCase(Locale.ROOT));
        o.put("max_corr_time_fs", (r.lags() - 1) * r.dtFs());
        o.put("lags", r.lags());
        o.put("quantum_correction", s.correction().name().toLowerCase(Locale.ROOT));
        o.put("frequency_scale", s.frequencyScale());
        o.put("blocks_per_trajectory", r.blocks());
        o.put("padding", s.padding());
        o.put("frequency_step_cm-1", mean.wavenumbers()[1] - mean.wavenumbers()[0]);
        o.put("nyquist_cm-1", r.nyquist());
    }

    /**
     * The model band (docs/THEORY.md (IRU1)-(IRU3)): how it was made, the median ratio of the model to the
     * statistical half-width where the spectrum is at least 5 % of its maximum, and both half-widths at the peaks.
     */
    private static void modelUncertainty(ObjectNode o, IrAnalysis.Result r, Long seed, double[] range) {
        org.zstar.spectra.ModelBand mb = r.modelBand();
        SpectrumBand band = r.band();
        o.put("posterior_samples", mb.samples());
        if (seed != null) {
            o.put("seed", seed);
        }
        o.put("method", "every posterior sample of the BEC weights (w + s sqrt(c) V z) gives dM/dt along the same "
                + "frames and a mean spectrum over the same estimates; model std = standard deviation of those "
                + "means; model band = mean +- 2 std; total band half-width = sqrt((f se)^2 + (2 std)^2); both "
                + "symmetric on a log scale like the statistical band");
        double ratio = mb.medianModelToStatistical(band.wavenumbers(), band.mean(), range[0], range[1], 0.05);
        if (Double.isFinite(ratio)) {
            o.put("median_model_to_statistical_half_width", ratio);
            o.put("dominant", ratio > 1 ? "model" : "statistical");
        } else {
            o.put("dominant", band.count() < 2 ? "model (one estimate: no statistical band)" : "undetermined");
        }
        double[] nu = band.wavenumbers();
        ArrayNode peaks = o.putArray("at_peaks");
        for (Peaks.Peak pk : r.peaks()) {
            int i = nearest(nu, pk.wavenumber());
            ObjectNode p = peaks.addObject();
            p.put("wavenumber", Math.round(pk.wavenumber() * 10) / 10.0);
            p.put("n_alpha_cm-1", band.mean()[i]);
            p.put("statistical_half_width", mb.statisticalHalfWidth()[i]);
            p.put("model_half_width", org.zstar.spectra.ModelBand.FACTOR * mb.std()[i]);
            p.put("total_half_width", Math.hypot(mb.statisticalHalfWidth()[i],
                    org.zstar.spectra.ModelBand.FACTOR * mb.std()[i]));
            p.put("sample_mean_n_alpha_cm-1", mb.sampleMean()[i]);
        }
    }

    private static int nearest(double[] x, double v) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (Math.abs(x[i] - v) < Math.abs(x[best] - v)) {
                best = i;
            }
        }
        return best;
    }

    private static void summary(ObjectNode o, IrAnalysis.Result r) {
        SpectrumBand band = r.band();
        o.put("estimates", band.count());
        o.put("interval", band.count() < 2 ? "no band from one estimate"
                : "95 % band, symmetric on a log scale: mean m and standard error se of the mean over "
                        + band.count() + " estimates, r = 1 + f se / m, band [m / r, m r] with f = "
                        + String.format(Locale.ROOT, "%.4g", band.factor()) + " ("
                        + (band.factor() == 2.0 ? "two standard errors" : "Student t quantile t(0.975, n-1)")
                        + "); [m, m + f se] where m <= 0");
        if (r.blocks() > 1) {
            o.put("note", "blocks of one trajectory are treated as independent; this holds when a block is much "
                    + "longer than the correlation time of dM/dt");
        }
        o.put("integral_0_to_max_cm-2", r.mean().integral(0, Double.MAX_VALUE));
        ArrayNode peaks = o.putArray("peaks_cm-1");
        for (Peaks.Peak pk : r.peaks()) {
            ObjectNode p = peaks.addObject();
            p.put("wavenumber", Math.round(pk.wavenumber() * 10) / 10.0);
            p.put("n_alpha_cm-1", pk.height());
        }
    }
}
