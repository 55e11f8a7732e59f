package org.zstar.md;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * MD observer for extrapolation (docs/THEORY.md (FFU4)): evaluates an uncertainty indicator of the current state
 * (e.g. the RMS model standard deviation of the force field's forces, {@code KernelForceField.uncertainty}), counts
 * the states where it exceeds a threshold and writes them ({@link TrajectoryWriter}'s format) as candidates for new
 * DFT labels. Several indicators (the force field's and the BEC model's) share one candidates file.
 */
public final class ExtrapolationMonitor implements MdObserver, AutoCloseable {
    private final List<Indicator> indicators;
    private final TrajectoryWriter candidates;
    private final long[] aboveEach;
    private final double[] maxEach;
    private final double[] sumEach;
    private final double[] firstAboveEach;
    private long checked;
    private long above;
    private double firstAboveTime = Double.NaN;

    /**
     * One monitored uncertainty: a state is a candidate when any indicator exceeds its threshold.
     *
     * @param name what it measures, for the report (e.g. "force field", "BEC model")
     * @param unit unit of the indicator and threshold
     * @param value the indicator of a state (larger = less certain)
     * @param threshold states with {@code value > threshold} are above
     */
    public record Indicator(String name, String unit, ToDoubleFunction<Structure> value, double threshold) {
        /**
         * Refuses a threshold that is not a positive number (the user's mistake).
         *
         * @param name what it measures
         * @param unit unit of the indicator and threshold
         * @param value the indicator of a state
         * @param threshold states with {@code value > threshold} are above
         */
        public Indicator {
            if (!(threshold > 0) || !Double.isFinite(threshold)) {
                throw new UserInputException("the extrapolation threshold" + (name == null ? "" : " of the " + name)
                        + " must be a positive number, got " + threshold);
            }
        }
    }

    /**
     * A monitor of one indicator that counts, and optionally writes, the states whose indicator passes the threshold.
     *
     * @param indicator uncertainty of a state (larger = less certain)
     * @param threshold states with {@code indicator > threshold} are candidates
     * @param candidatesFile where to write the candidates, or null to count them only
     */
    public ExtrapolationMonitor(ToDoubleFunction<Structure> indicator, double threshold, Path candidatesFile) {
        this(List.of(new Indicator(null, "", indicator, threshold)), candidatesFile);
    }

    /**
     * Several indicators (e.g. the force field's and the BEC model's, issue 17): a state above any threshold is
     * written once to the candidates; each indicator is counted on its own.
     *
     * @param indicators what to monitor, at least one
     * @param candidatesFile where to write the candidates, or null to count them only
     */
    public ExtrapolationMonitor(List<Indicator> indicators, Path candidatesFile) {
        if (indicators.isEmpty()) {
            throw new IllegalArgumentException("no indicator to monitor");
        }
        this.indicators = List.copyOf(indicators);
        int n = indicators.size();
        this.aboveEach = new long[n];
        this.maxEach = new double[n];
        this.sumEach = new double[n];
        this.firstAboveEach = new double[n];
        java.util.Arrays.fill(maxEach, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(firstAboveEach, Double.NaN);
        this.candidates = candidatesFile == null ? null : new TrajectoryWriter(candidatesFile);
    }

    @Override
    public void observe(MolecularDynamics md) {
        Structure s = md.snapshot();
        checked++;
        boolean any = false;
        for (int i = 0; i < indicators.size(); i++) {
            Indicator ind = indicators.get(i);
            double v = ind.value().applyAsDouble(s);
            sumEach[i] += v;
            maxEach[i] = Math.max(maxEach[i], v);
            if (v > ind.threshold()) {
                if (aboveEach[i] == 0) {
                    firstAboveEach[i] = md.time();
                }
                aboveEach[i]++;
                any = true;
            }
        }
        if (any) {
            if (above == 0) {
                firstAboveTime = md.time();
            }
            above++;
            if (candidates != null) {
                candidates.observe(md);
            }
        }
    }

    /**
     * States above the threshold of one indicator.
     *
     * @param i the indicator, in the order given
     * @return the count
     */
    public long above(int i) {
        return aboveEach[i];
    }

    /** {@return the number of states checked} */
    public long checked() {
        return checked;
    }

    /** {@return the number of states where some indicator exceeded its threshold (the candidates)} */
    public long above() {
        return above;
    }

    /** {@return the largest value of the first indicator} */
    public double max() {
        return maxEach[0];
    }

    /**
     * For the command line: how many states were checked, how many passed the threshold, the largest; one line per
     * indicator and a line of the candidates when there are several.
     *
     * @param unit unit of an indicator given without one
     * @return the lines
     */
    public String describe(String unit) {
        if (checked == 0) {
            return "extrapolation: no state checked";
        }
        if (indicators.size() == 1) {
            String name = indicators.get(0).name();
            return line(name == null ? "extrapolation" : "extrapolation (" + name + ")", 0, unit);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < indicators.size(); i++) {
            Indicator ind = indicators.get(i);
            sb.append(line("extrapolation (" + ind.name() + ")", i, ind.unit())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "extrapolation: %d of %d checked states above a threshold (candidates)%s",
                above, checked, above == 0 ? "" : String.format(Locale.ROOT, ", first at %.1f fs", firstAboveTime)));
        return sb.toString();
    }

    private String line(String head, int i, String unit) {
        return String.format(Locale.ROOT, "%s: %d of %d checked states above %.4g %s (mean %.4g, max %.4g)%s", head,
                aboveEach[i], checked, indicators.get(i).threshold(), indicators.get(i).unit().isEmpty() ? unit
                        : indicators.get(i).unit(), sumEach[i] / checked, maxEach[i],
                aboveEach[i] == 0 ? "" : String.format(Locale.ROOT, ", first at %.1f fs", firstAboveEach[i]));
    }

    @Override
    public void close() {
        if (candidates != null) {
            candidates.close();
        }
    }
}
