package org.zstar.md;

import java.util.Locale;
import org.zstar.neighbors.NeighborList;

/**
 * Observer that stops a run which leaves physics, and keeps the statistics of its summary (docs/THEORY.md,
 * "MD guard", (MD8)). Attach it first, every step, so that it looks at each state before the writers do: the
 * state that fails a check is not written, and the files stay complete up to the step before. Checks, each
 * throwing {@link MdInstabilityException}:
 * <ul>
 * <li>non-finite potential or kinetic energy or force;</li>
 * <li>temperature above {@code T_max = T_ref max(f, 1 + 10 sqrt(2/N_f))}, with {@code T_ref} the thermostat target
 * or the temperature at the start of the run, whichever is larger, and {@code f} the
 * {@link Limits#maxTemperatureFactor() factor} (the second term keeps small systems, whose canonical temperature
 * spreads by {@code T sqrt(2/N_f)}, from tripping it by chance); skipped when {@code T_ref = 0};</li>
 * <li>two atoms (any periodic image) closer than {@link Limits#minDistance()};</li>
 * <li>the conserved quantity {@link MolecularDynamics#conservedEnergy()} more than
 * {@link Limits#maxDriftPerAtom()} per atom away from its value at the start of the run.</li>
 * </ul>
 * A limit set to {@code Double.POSITIVE_INFINITY} (or a minimum distance of 0) switches its check off.
 */
public final class MdGuard implements MdObserver {
    /** The default temperature factor f: the run stops above f T_ref. */
    public static final double DEFAULT_MAX_TEMPERATURE_FACTOR = 5.0;
    /** The default smallest allowed interatomic distance (A). */
    public static final double DEFAULT_MIN_DISTANCE_A = 0.5;
    /** The default largest drift of the conserved quantity (eV per atom). */
    public static final double DEFAULT_MAX_DRIFT_EV_PER_ATOM = 0.05;

    /**
     * The stop criteria of a run.
     *
     * @param maxTemperatureFactor {@code f}: the run stops above {@code f T_ref} (see the class comment), > 1
     * @param minDistance          the run stops when two atoms come closer than this (A), >= 0
     * @param maxDriftPerAtom      the run stops when the conserved quantity moves more than this (eV per atom), > 0
     */
    public record Limits(double maxTemperatureFactor, double minDistance, double maxDriftPerAtom) {
        /**
         * Checks the limits.
         *
         * @param maxTemperatureFactor {@code f}: the run stops above {@code f T_ref} (see the class comment), > 1
         * @param minDistance the run stops when two atoms come closer than this (A), >= 0
         * @param maxDriftPerAtom the run stops when the conserved quantity moves more than this (eV per atom), > 0
         */
        public Limits {
            if (!(maxTemperatureFactor > 1)) {
                throw new IllegalArgumentException("temperature factor must be > 1, got " + maxTemperatureFactor);
            }
            if (!(minDistance >= 0) || !Double.isFinite(minDistance)) {
                throw new IllegalArgumentException("minimum distance must be >= 0 A, got " + minDistance);
            }
            if (!(maxDriftPerAtom > 0)) {
                throw new IllegalArgumentException("drift tolerance must be > 0 eV/atom, got " + maxDriftPerAtom);
            }
        }

        /** {@return the default limits} */
        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_TEMPERATURE_FACTOR, DEFAULT_MIN_DISTANCE_A, DEFAULT_MAX_DRIFT_EV_PER_ATOM);
        }
    }

    /**
     * What the run looked like: the temperature over the states after each step (the start state excluded: it is
     * drawn or given, not produced by the dynamics) and the conserved quantity relative to the start.
     *
     * @param steps                 steps observed after the start
     * @param atoms                 number of atoms
     * @param degreesOfFreedom      N_f
     * @param referenceTemperature  T_ref (K)
     * @param meanTemperature       mean T (K)
     * @param temperatureStd        standard deviation of T over the steps (K, population)
     * @param canonicalStd          {@code T_ref sqrt(2/N_f)}, the spread of T in the canonical ensemble (K)
     * @param conservedDriftPerAtom conserved quantity at the last step minus at the start, per atom (eV)
     * @param maxDeviationPerAtom   largest |conserved - start| per atom over the run (eV)
     */
    public record Summary(long steps, int atoms, int degreesOfFreedom, double referenceTemperature,
            double meanTemperature, double temperatureStd, double canonicalStd, double conservedDriftPerAtom,
            double maxDeviationPerAtom) {
        /** {@return one line: mean T and spread against the canonical spread, drift of the conserved quantity} */
        public String describe() {
            return String.format(Locale.ROOT, "T = %.1f +- %.1f K over %d steps (canonical spread at %.0f K: %.1f K "
                    + "for %d degrees of freedom); conserved quantity drift %+.3f meV/atom (largest deviation %.3f "
                    + "meV/atom)", meanTemperature, temperatureStd, steps, referenceTemperature, canonicalStd,
                    degreesOfFreedom, 1000 * conservedDriftPerAtom, 1000 * maxDeviationPerAtom);
        }
    }

    private final Limits limits;
    private boolean started;
    private long startStep;
    private double referenceTemperature;
    private double temperatureLimit;
    private double startConserved;
    private double lastConserved;
    private double maxDeviation;
    private long count;
    private double sumT;
    private double sumT2;
    private int atoms;
    private int dof;

    /**
     * A guard with the given limits.
     *
     * @param limits the limits
     */
    public MdGuard(Limits limits) {
        this.limits = limits;
    }

    /** {@return the limits} */
    public Limits limits() {
        return limits;
    }

    @Override
    public void observe(MolecularDynamics md) {
        checkFinite(md);
        double t = md.temperature();
        if (!started) {
            start(md, t);
        }
        if (referenceTemperature > 0 && t > temperatureLimit) {
            throw stop(md, String.format(Locale.ROOT, "temperature %.4g K is above the limit %.4g K (%.3g x %.4g K)",
                    t, temperatureLimit, temperatureLimit / referenceTemperature, referenceTemperature));
        }
        checkDistances(md);
        double c = md.conservedEnergy();
        double dev = Math.abs(c - startConserved) / atoms;
        if (dev > limits.maxDriftPerAtom()) {
            throw stop(md, String.format(Locale.ROOT, "the conserved quantity moved by %.4g eV/atom since the start "
                    + "(limit %.4g eV/atom)", dev, limits.maxDriftPerAtom()));
        }
        maxDeviation = Math.max(maxDeviation, dev);
        lastConserved = c;
        if (md.stepCount() > startStep) {
            count++;
            sumT += t;
            sumT2 += t * t;
        }
    }

    private void start(MolecularDynamics md, double t) {
        started = true;
        startStep = md.stepCount();
        atoms = md.masses().length;
        dof = md.degreesOfFreedom();
        referenceTemperature = Math.max(md.settings().temperature(), t);
        // (MD8) T_max = T_ref max(f, 1 + 10 sqrt(2 / N_f))
        temperatureLimit = referenceTemperature * Math.max(limits.maxTemperatureFactor(), 1 + 10 * Math.sqrt(2.0 / dof));
        startConserved = md.conservedEnergy();
        lastConserved = startConserved;
    }

    private void checkFinite(MolecularDynamics md) {
        if (!Double.isFinite(md.potentialEnergy())) {
            throw stop(md, "the potential energy is " + md.potentialEnergy());
        }
        if (!Double.isFinite(md.kineticEnergy())) {
            throw stop(md, "the kinetic energy is " + md.kineticEnergy());
        }
        double[] f = md.forces().forces();
        for (int k = 0; k < f.length; k++) {
            if (!Double.isFinite(f[k])) {
                throw stop(md, "the force on atom " + (k / 3) + " is not finite (" + f[k] + ")");
            }
        }
    }

    private void checkDistances(MolecularDynamics md) {
        if (limits.minDistance() <= 0) {
            return;
        }
        NeighborList nl = NeighborList.build(md.positions(), md.cell(), limits.minDistance());
        if (nl.entries() == 0) {
            return;
        }
        int bestI = -1, bestJ = -1;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < nl.atoms; i++) {
            for (int e = nl.offsets[i]; e < nl.offsets[i + 1]; e++) {
                double x = nl.vectors[3 * e], y = nl.vectors[3 * e + 1], z = nl.vectors[3 * e + 2];
                double r = Math.sqrt(x * x + y * y + z * z);
                if (r < best) {
                    best = r;
                    bestI = i;
                    bestJ = nl.neighbours[e];
                }
            }
        }
        throw stop(md, String.format(Locale.ROOT, "atoms %d (%s) and %d (%s) are %.3f A apart, closer than %.3g A",
                bestI, md.symbol(bestI), bestJ, md.symbol(bestJ), best, limits.minDistance()));
    }

    private MdInstabilityException stop(MolecularDynamics md, String what) {
        return new MdInstabilityException(md.stepCount(), String.format(Locale.ROOT, "MD left physics at step %d "
                + "(t = %.4g fs): %s; usual causes: a time step too large for the fastest vibration (--dt %.3g fs) or "
                + "a force field used outside its training data. The output files are complete up to the step before.",
                md.stepCount(), md.time(), what, md.settings().dt()));
    }

    /**
     * Statistics so far (NaN temperatures before the first step).
     *
     * @return the summary
     */
    public Summary summary() {
        double mean = count == 0 ? Double.NaN : sumT / count;
        double std = count == 0 ? Double.NaN : Math.sqrt(Math.max(0, sumT2 / count - mean * mean));
        double canonical = dof == 0 ? Double.NaN : referenceTemperature * Math.sqrt(2.0 / dof);
        return new Summary(count, atoms, dof, referenceTemperature, mean, std, canonical,
                atoms == 0 ? Double.NaN : (lastConserved - startConserved) / atoms, maxDeviation);
    }
}
