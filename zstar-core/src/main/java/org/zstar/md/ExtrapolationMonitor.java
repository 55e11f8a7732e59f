package org.zstar.md;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * MD observer for extrapolation (docs/THEORY.md (FFU4)): evaluates an uncertainty indicator of the current state
 * (e.g. the RMS model standard deviation of the force field's forces, {@code KernelForceField.uncertainty}), counts
 * the states where it exceeds a threshold and writes them ({@link TrajectoryWriter}'s format) as candidates for new
 * DFT labels.
 */
public final class ExtrapolationMonitor implements MdObserver, AutoCloseable {
    private final ToDoubleFunction<Structure> indicator;
    private final double threshold;
    private final TrajectoryWriter candidates;
    private long checked;
    private long above;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double firstAboveTime = Double.NaN;

    /**
     * A monitor that counts, and optionally writes, the states whose indicator passes the threshold.
     *
     * @param indicator uncertainty of a state (larger = less certain)
     * @param threshold states with {@code indicator > threshold} are candidates
     * @param candidatesFile where to write the candidates, or null to count them only
     */
    public ExtrapolationMonitor(ToDoubleFunction<Structure> indicator, double threshold, Path candidatesFile) {
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new UserInputException("the extrapolation threshold must be a positive number, got " + threshold);
        }
        this.indicator = indicator;
        this.threshold = threshold;
        this.candidates = candidatesFile == null ? null : new TrajectoryWriter(candidatesFile);
    }

    @Override
    public void observe(MolecularDynamics md) {
        double v = indicator.applyAsDouble(md.snapshot());
        checked++;
        sum += v;
        max = Math.max(max, v);
        if (v > threshold) {
            if (above == 0) {
                firstAboveTime = md.time();
            }
            above++;
            if (candidates != null) {
                candidates.observe(md);
            }
        }
    }

    /** {@return the number of states checked} */
    public long checked() {
        return checked;
    }

    /**
     * States whose indicator exceeded the threshold.
     *
     * @return the count
     */
    public long above() {
        return above;
    }

    /** {@return the largest indicator seen} */
    public double max() {
        return max;
    }

    /**
     * One line for the command line: how many states were checked, how many passed the threshold, the largest.
     *
     * @param unit the unit of the indicator, for the line
     * @return the line
     */
    public String describe(String unit) {
        if (checked == 0) {
            return "extrapolation: no state checked";
        }
        return String.format(Locale.ROOT, "extrapolation: %d of %d checked states above %.4g %s (mean %.4g, max "
                + "%.4g)%s", above, checked, threshold, unit, sum / checked, max,
                above == 0 ? "" : String.format(Locale.ROOT, ", first at %.1f fs", firstAboveTime));
    }

    @Override
    public void close() {
        if (candidates != null) {
            candidates.close();
        }
    }
}
