package org.zstar.md;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.zstar.structure.Cell;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Molecular dynamics of one system with a {@link ForceField}: velocity Verlet (NVE), with Bussi stochastic
 * velocity rescaling, or Langevin BAOAB. Units Angstrom, fs, eV, amu (docs/THEORY.md, "Force field and MD").
 * Positions are kept unwrapped (continuous along the trajectory); the force field sees them as they are,
 * which is exact because forces depend only on neighbour-image vectors. Not thread-safe (one run per
 * instance); the force field may use threads internally. All randomness comes from one seeded generator.
 * Writers, samplers and guards are {@link MdObserver}s {@link #attach attached} to it and called by
 * {@link #run(long)}.
 */
public final class MolecularDynamics {
    /**
     * The settings of a run.
     *
     * @param dt time step (fs)
     * @param thermostat ensemble
     * @param temperature target temperature (K) of the thermostat (ignored for NVE)
     * @param tau Bussi relaxation time (fs)
     * @param friction Langevin friction gamma (1/fs)
     * @param seed seed of the random numbers (velocities, thermostat noise)
     */
    public record Settings(double dt, Thermostat thermostat, double temperature, double tau, double friction,
            long seed) {
        /**
         * Checks the settings.
         *
         * @param dt time step (fs), positive
         * @param thermostat ensemble
         * @param temperature target temperature (K)
         * @param tau Bussi relaxation time (fs)
         * @param friction Langevin friction (1/fs)
         * @param seed seed of the random numbers
         */
        public Settings {
            if (!(dt > 0) || !Double.isFinite(dt)) {
                throw new UserInputException("time step must be positive, got " + dt);
            }
            if (!(temperature >= 0) || !Double.isFinite(temperature)) {
                throw new UserInputException("temperature must be >= 0 K, got " + temperature);
            }
            if (thermostat == Thermostat.BUSSI && !(tau > 0)) {
                throw new UserInputException("Bussi thermostat needs a positive tau (fs), got " + tau);
            }
            if (thermostat == Thermostat.LANGEVIN && !(friction > 0)) {
                throw new UserInputException("Langevin thermostat needs a positive friction (1/fs), got "
                        + friction);
            }
        }
    }

    private final ForceField forceField;
    private final Settings settings;
    private final int n;
    private final int[] z;
    private final Cell cell;
    private final double totalCharge;
    private final double[] masses;
    private final double[] x;
    private final double[] v;
    private final double[] a; // accelerations, A/fs^2
    private final int dof;
    private final SplittableRandom random;
    private ForceResult current;
    private long step;
    private double bathEnergy; // minus the kinetic energy the thermostat has put in (eV)
    private final List<Attached> observers = new ArrayList<>();

    private record Attached(MdObserver observer, int interval) {
    }

    /**
     * Starts from a structure; its velocities (A/fs) are used when present, else velocities are drawn from
     * the Maxwell-Boltzmann distribution at {@code initialTemperature} (see {@link #initialiseVelocities}).
     *
     * @param forceField energies and forces
     * @param start the initial positions (and velocities, if it has them)
     * @param settings time step, thermostat and its parameters, seed
     * @param initialTemperature K, for velocities drawn when the structure has none
     */
    public MolecularDynamics(ForceField forceField, Structure start, Settings settings, double initialTemperature) {
        this.forceField = forceField;
        this.settings = settings;
        this.n = start.size();
        if (n == 0) {
            throw new UserInputException("cannot run MD on an empty structure");
        }
        requireKnownSpecies(forceField, start);
        this.z = start.atomicNumbers();
        this.cell = start.cell();
        this.totalCharge = start.totalCharge();
        this.masses = new double[n];
        for (int i = 0; i < n; i++) {
            masses[i] = Element.mass(z[i]);
            if (!(masses[i] > 0)) {
                throw new UserInputException("no mass for species " + start.symbol(i));
            }
        }
        this.x = start.positions();
        this.v = new double[3 * n];
        this.a = new double[3 * n];
        this.dof = settings.thermostat().conservesMomentum() && n > 1 ? 3 * n - 3 : 3 * n;
        this.random = new SplittableRandom(settings.seed());
        double[] v0 = start.velocities();
        if (v0 != null) {
            System.arraycopy(v0, 0, v, 0, 3 * n);
        } else {
            initialiseVelocities(initialTemperature);
        }
        computeForces();
    }

    /** A species the force field does not know is the user's mistake, reported before anything runs. */
    private static void requireKnownSpecies(ForceField forceField, Structure start) {
        List<String> known = forceField.species();
        if (known.isEmpty()) {
            return;
        }
        for (String s : new java.util.TreeSet<>(start.speciesCounts().keySet())) {
            if (!known.contains(s)) {
                throw new UserInputException("the structure has species " + s + ", which the force field does not "
                        + "know (it was trained for " + String.join(", ", known) + ")");
            }
        }
    }

    /**
     * Attaches an observer called by {@link #run(long)} whenever the step count is a multiple of {@code interval}
     * (the state at the start of a run included); observers are called in the order they were attached.
     *
     * @param observer called with this integrator
     * @param interval steps between calls (&gt;= 1)
     * @return this integrator, to attach more
     */
    public MolecularDynamics attach(MdObserver observer, int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("observer interval must be >= 1, got " + interval);
        }
        observers.add(new Attached(java.util.Objects.requireNonNull(observer), interval));
        return this;
    }

    /**
     * Runs {@code steps} steps: the observers see the current state first, then the state after every step (each
     * when the step count is a multiple of its interval). An exception of an observer or of the force field stops
     * the run; what the writers wrote up to then is complete.
     *
     * @param steps number of steps (&gt;= 0)
     */
    public void run(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("number of steps must be >= 0, got " + steps);
        }
        notifyObservers();
        for (long k = 0; k < steps; k++) {
            step();
            notifyObservers();
        }
    }

    private void notifyObservers() {
        for (Attached a : observers) {
            if (step % a.interval() == 0) {
                a.observer().observe(this);
            }
        }
    }

    /**
     * (MD3) Maxwell-Boltzmann velocities: {@code v_ik = sqrt(k_B T / m_i) xi} (xi standard normal), minus the
     * centre-of-mass velocity {@code sum_i m_i v_i / sum_i m_i}, then scaled so that the kinetic temperature
     * {@code 2 K / (N_f k_B)} is exactly T. T = 0 gives zero velocities.
     *
     * @param temperature K
     */
    public void initialiseVelocities(double temperature) {
        for (int i = 0; i < n; i++) {
            // v^2 = kT/m in eV/amu; times ACCEL (A/fs^2 per eV/(A amu)) gives A^2/fs^2
            double sd = Math.sqrt(Units.KB * temperature / masses[i] * Units.ACCEL);
            for (int k = 0; k < 3; k++) {
                v[3 * i + k] = sd * random.nextGaussian();
            }
        }
        if (n > 1) {
            removeMomentum(v, masses);
        }
        double t = temperature();
        if (temperature > 0 && t > 0) {
            double scale = Math.sqrt(temperature / t);
            for (int k = 0; k < v.length; k++) {
                v[k] *= scale;
            }
        } else {
            java.util.Arrays.fill(v, 0.0);
        }
    }

    /** Subtracts the centre-of-mass velocity: {@code v_i -= sum_j m_j v_j / sum_j m_j}. */
    static void removeMomentum(double[] v, double[] masses) {
        double[] p = new double[3];
        double mt = 0;
        for (int i = 0; i < masses.length; i++) {
            mt += masses[i];
            for (int k = 0; k < 3; k++) {
                p[k] += masses[i] * v[3 * i + k];
            }
        }
        for (int i = 0; i < masses.length; i++) {
            for (int k = 0; k < 3; k++) {
                v[3 * i + k] -= p[k] / mt;
            }
        }
    }

    private void computeForces() {
        current = forceField.compute(snapshotPositions());
        double[] f = current.forces();
        for (int i = 0; i < n; i++) {
            // (MD1) a = F/m: eV/(A amu) to A/fs^2
            double s = Units.ACCEL / masses[i];
            for (int k = 0; k < 3; k++) {
                a[3 * i + k] = f[3 * i + k] * s;
            }
        }
    }

    private Structure snapshotPositions() {
        return Structure.builder().atomicNumbers(z).positions(x).cell(cell).totalCharge(totalCharge).build();
    }

    /** Advances one time step. */
    public void step() {
        double dt = settings.dt();
        switch (settings.thermostat()) {
            case NVE, BUSSI -> {
                // (MD2) velocity Verlet: v += dt/2 a(t); x += dt v; a(t+dt); v += dt/2 a(t+dt)
                kick(0.5 * dt);
                drift(dt);
                computeForces();
                kick(0.5 * dt);
                if (settings.thermostat() == Thermostat.BUSSI) {
                    bussi(dt);
                }
            }
            case LANGEVIN -> {
                // (MD5) BAOAB: B(dt/2) A(dt/2) O(dt) A(dt/2) [forces] B(dt/2)
                kick(0.5 * dt);
                drift(0.5 * dt);
                ornsteinUhlenbeck(dt);
                drift(0.5 * dt);
                computeForces();
                kick(0.5 * dt);
            }
            default -> throw new IllegalStateException();
        }
        step++;
    }

    private void kick(double h) {
        for (int k = 0; k < v.length; k++) {
            v[k] += h * a[k];
        }
    }

    private void drift(double h) {
        for (int k = 0; k < x.length; k++) {
            x[k] += h * v[k];
        }
    }

    /**
     * (MD4) Bussi, Donadio and Parrinello (J. Chem. Phys. 126, 014101 (2007), appendix): with c = e^{-dt/tau},
     * target Kbar = N_f k_B T / 2, R_1 ~ N(0,1), S ~ chi^2_{N_f - 1}:
     * {@code alpha^2 = c + (1-c) Kbar/(N_f K) (R_1^2 + S) + 2 R_1 sqrt(c (1-c) Kbar/(N_f K))},
     * sign(alpha) = sign(R_1 + sqrt(c N_f K / ((1-c) Kbar))); v *= alpha.
     */
    private void bussi(double dt) {
        double kin = kineticEnergy();
        if (!(kin > 0) || dof < 1) {
            return;
        }
        double c = Math.exp(-dt / settings.tau());
        double kbar = 0.5 * dof * Units.KB * settings.temperature();
        double r1 = random.nextGaussian();
        double s = dof > 1 ? 2.0 * gamma(0.5 * (dof - 1)) : 0.0;
        double ratio = kbar / (dof * kin);
        double alpha2 = c + (1 - c) * ratio * (r1 * r1 + s) + 2 * r1 * Math.sqrt(c * (1 - c) * ratio);
        double alpha = Math.sqrt(Math.max(alpha2, 0));
        if (r1 + Math.sqrt(c * dof * kin / ((1 - c) * kbar)) < 0) {
            alpha = -alpha;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] *= alpha;
        }
        bathEnergy -= (alpha * alpha - 1) * kin;
    }

    /**
     * (MD5) O step: {@code v <- c1 v + sqrt((1 - c1^2) k_B T / m) xi}, c1 = e^{-gamma dt}, an exact solution of
     * the Ornstein-Uhlenbeck part.
     */
    private void ornsteinUhlenbeck(double dt) {
        double before = kineticEnergy();
        double c1 = Math.exp(-settings.friction() * dt);
        double c2 = Math.sqrt(1 - c1 * c1);
        for (int i = 0; i < n; i++) {
            double sd = c2 * Math.sqrt(Units.KB * settings.temperature() / masses[i] * Units.ACCEL);
            for (int k = 0; k < 3; k++) {
                v[3 * i + k] = c1 * v[3 * i + k] + sd * random.nextGaussian();
            }
        }
        bathEnergy -= kineticEnergy() - before;
    }

    /**
     * A Gamma(shape, 1) variate by Marsaglia and Tsang (ACM TOMS 26, 363 (2000)); for shape below 1 via
     * {@code Gamma(a) = Gamma(a + 1) U^{1/a}}.
     */
    double gamma(double shape) {
        if (shape < 1) {
            return gamma(shape + 1) * Math.pow(random.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double g = random.nextGaussian();
            double t = 1 + c * g;
            if (t <= 0) {
                continue;
            }
            double v3 = t * t * t;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * g * g + d - d * v3 + d * Math.log(v3)) {
                return d * v3;
            }
        }
    }

    /** {@return kinetic energy {@code K = sum_i m_i v_i^2 / 2} in eV (amu A^2/fs^2 divided by ACCEL)} */
    public double kineticEnergy() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double vv = v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2];
            s += masses[i] * vv;
        }
        return 0.5 * s / Units.ACCEL;
    }

    /** {@return kinetic temperature {@code T = 2 K / (N_f k_B)}} */
    public double temperature() {
        return 2 * kineticEnergy() / (dof * Units.KB);
    }

    /** {@return the potential energy at the current positions (eV)} */
    public double potentialEnergy() {
        return current.energy();
    }

    /** {@return the force-field result at the current positions} */
    public ForceResult forces() {
        return current;
    }

    /**
     * The conserved quantity: total energy plus the energy the thermostat has taken out (for NVE the total
     * energy; for Bussi the effective energy of the paper; for Langevin the analogous bookkeeping).
     *
     * @return the conserved quantity (eV)
     */
    public double conservedEnergy() {
        return potentialEnergy() + kineticEnergy() + bathEnergy;
    }

    /** {@return the degrees of freedom: 3N - 3 when the total momentum is conserved (N &gt; 1), else 3N} */
    public int degreesOfFreedom() {
        return dof;
    }

    /** {@return the steps taken so far} */
    public long stepCount() {
        return step;
    }

    /** {@return the simulated time (fs)} */
    public double time() {
        return step * settings.dt();
    }

    /** {@return the settings of the run} */
    public Settings settings() {
        return settings;
    }

    /** {@return a copy of the atomic masses (amu)} */
    public double[] masses() {
        return masses.clone();
    }

    /** {@return the cell (null for a molecule)} */
    public Cell cell() {
        return cell;
    }

    /**
     * Canonical element symbol of atom i.
     *
     * @param i atom index
     * @return the symbol
     */
    public String symbol(int i) {
        return Element.symbol(z[i]);
    }

    /** {@return unwrapped positions (copy)} */
    public double[] positions() {
        return x.clone();
    }

    /** {@return a copy of the velocities (A/fs)} */
    public double[] velocities() {
        return v.clone();
    }

    /** {@return the internal velocity array; callers must not modify it} */
    public double[] velocitiesView() {
        return v;
    }

    /** {@return total momentum {@code sum_i m_i v_i} (amu A/fs)} */
    public double[] momentum() {
        double[] p = new double[3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                p[k] += masses[i] * v[3 * i + k];
            }
        }
        return p;
    }

    /** {@return the current state as a structure: unwrapped positions, velocities, forces, energy, stress} */
    public Structure snapshot() {
        Structure.Builder b = Structure.builder().atomicNumbers(z).positions(x).cell(cell).totalCharge(totalCharge)
                .velocities(v).forces(current.forces()).energy(current.energy());
        if (current.stress() != null) {
            b.stress(current.stress());
        }
        return b.build();
    }
}
