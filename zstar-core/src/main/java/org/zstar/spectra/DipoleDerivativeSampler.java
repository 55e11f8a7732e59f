package org.zstar.spectra;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.zstar.md.MdObserver;
import org.zstar.md.MolecularDynamics;
import org.zstar.md.RecordFile;
import org.zstar.models.BecModel;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * MD observer sampling (MD6) {@code dM_a/dt = sum_j sum_b Z_j[a][b] v_{j,b}} (e*A/fs) with a BEC model's charges at
 * the current positions. dM/dt is an instantaneous function of positions and velocities, so sampling it every k
 * steps is exact at those times (only the Nyquist frequency 1/(2 k dt) limits the spectrum). Writes
 * {@code PREFIX-dmdt.csv} (read back by {@link DipoleDerivativeCsv}) when given a path, one whole line per sample,
 * and keeps the series in memory for {@link #series()}. Given posterior samples of the model (copies with sampled
 * weights, {@code KernelBecModel.posteriorSamples}), it also samples their dM/dt at the same states, in the extra
 * columns {@link DipoleDerivativeCsv#sampleColumns} (docs/THEORY.md (IRU1)).
 */
public final class DipoleDerivativeSampler implements MdObserver, AutoCloseable {
    /** The header of a dM/dt file without posterior samples. */
    public static final String HEADER = "time_fs,dMx_dt_eA_per_fs,dMy_dt_eA_per_fs,dMz_dt_eA_per_fs,volume_A3\n";

    private final BecModel model;
    private final List<? extends BecModel> posteriorModels;
    private final double[][] posteriorSeries;
    private final RecordFile file;
    private double[] samples = new double[3 * 1024];
    private int count;
    private double firstTime = Double.NaN;
    private double secondTime = Double.NaN;
    private double volumeSum;
    private boolean periodic = true;

    /**
     * A sampler without posterior samples.
     *
     * @param csv the dM/dt file to write, or null to keep the series in memory only
     * @param model the BEC model
     */
    public DipoleDerivativeSampler(BecModel model, Path csv) {
        this(model, List.of(), csv);
    }

    /**
     * A sampler with posterior samples.
     *
     * @param posteriorModels copies of the model with weights drawn from its posterior (may be empty)
     * @param csv the dM/dt file to write, or null to keep the series in memory only
     * @param model the BEC model
     */
    public DipoleDerivativeSampler(BecModel model, List<? extends BecModel> posteriorModels, Path csv) {
        this.model = model;
        this.posteriorModels = List.copyOf(posteriorModels);
        this.posteriorSeries = new double[this.posteriorModels.size()][3 * 1024];
        this.file = csv == null ? null : new RecordFile(csv, header(this.posteriorModels.size()));
    }

    /**
     * {@link #HEADER} followed by the columns of {@code count} posterior samples.
     *
     * @param count the number of posterior samples
     * @return the header line
     */
    public static String header(int count) {
        StringBuilder h = new StringBuilder(HEADER.strip());
        for (int k = 1; k <= count; k++) {
            h.append(',').append(DipoleDerivativeCsv.sampleColumns(k));
        }
        return h.append('\n').toString();
    }

    /**
     * Refuses (as the user's mistake) a structure with a species the model does not know.
     *
     * @param model the model
     * @param s the structure
     */
    public static void requireKnownSpecies(BecModel model, Structure s) {
        for (String sp : new TreeSet<>(s.speciesCounts().keySet())) {
            if (!model.species().contains(sp)) {
                throw new UserInputException("the structure has species " + sp + ", which the BEC model does not "
                        + "know (it was trained for " + String.join(", ", model.species()) + ")");
            }
        }
    }

    /**
     * (MD6) dM/dt from BECs (flat, {@code Z[9j+3a+b]}) and velocities (flat, A/fs).
     *
     * @param bec the BECs, 9N values
     * @param v the velocities, 3N values (A/fs)
     * @return dM/dt (e A/fs), 3 values
     */
    public static double[] dipoleDerivative(double[] bec, double[] v) {
        double[] d = new double[3];
        int n = v.length / 3;
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                int o = 9 * j + 3 * a;
                d[a] += bec[o] * v[3 * j] + bec[o + 1] * v[3 * j + 1] + bec[o + 2] * v[3 * j + 2];
            }
        }
        return d;
    }

    @Override
    public void observe(MolecularDynamics md) {
        Structure s = md.snapshot();
        double[] d = dipoleDerivative(model.predict(s).bec(), md.velocitiesView());
        double volume = s.isPeriodic() ? s.cell().volume() : Double.NaN;
        double[][] drawn = new double[posteriorModels.size()][];
        for (int k = 0; k < drawn.length; k++) {
            drawn[k] = dipoleDerivative(posteriorModels.get(k).predict(s).bec(), md.velocitiesView());
        }
        if (file != null) {
            String v = Double.isNaN(volume) ? "" : String.format(Locale.ROOT, "%.8g", volume);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.6f,%.10g,%.10g,%.10g,%s", md.time(),
                    d[0], d[1], d[2], v));
            for (double[] x : drawn) {
                line.append(String.format(Locale.ROOT, ",%.10g,%.10g,%.10g", x[0], x[1], x[2]));
            }
            file.append(line.append('\n').toString());
        }
        if (3 * count + 3 > samples.length) {
            samples = Arrays.copyOf(samples, 2 * samples.length);
            for (int k = 0; k < drawn.length; k++) {
                posteriorSeries[k] = Arrays.copyOf(posteriorSeries[k], samples.length);
            }
        }
        System.arraycopy(d, 0, samples, 3 * count, 3);
        for (int k = 0; k < drawn.length; k++) {
            System.arraycopy(drawn[k], 0, posteriorSeries[k], 3 * count, 3);
        }
        if (count == 0) {
            firstTime = md.time();
        } else if (count == 1) {
            secondTime = md.time();
        }
        count++;
        if (Double.isNaN(volume)) {
            periodic = false;
        } else {
            volumeSum += volume;
        }
    }

    /**
     * Samples so far.
     *
     * @return the number of samples
     */
    public int samples() {
        return count;
    }

    /** {@return the series sampled so far (at least two samples): spacing, dM/dt, mean volume (NaN for a molecule)} */
    public DipoleDerivativeCsv.Series series() {
        if (count < 2) {
            throw new IllegalStateException("a dM/dt series needs at least 2 samples, has " + count);
        }
        List<double[]> drawn = new java.util.ArrayList<>();
        for (double[] x : posteriorSeries) {
            drawn.add(Arrays.copyOf(x, 3 * count));
        }
        return new DipoleDerivativeCsv.Series(secondTime - firstTime, Arrays.copyOf(samples, 3 * count),
                periodic ? volumeSum / count : Double.NaN, drawn);
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }
}
