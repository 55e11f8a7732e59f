package org.zstar.spectra;

import java.util.Locale;
import org.zstar.md.Units;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Checks that the frames of one file are a trajectory sampled every dt (docs/THEORY.md, "Trajectory checks",
 * (T5)-(T7)), and measures their kinetic temperature. Fed frame by frame; {@link #finish} refuses what cannot be
 * a trajectory with a {@link UserInputException} naming the file.
 * <ul>
 * <li>(T5) times: frames with {@code time_fs} must be {@code dt} apart (a time that does not increase means the
 * frames are no trajectory); MD step numbers ({@code timestep} of LAMMPS dumps, {@code step} of zstar md) must have
 * one stride;</li>
 * <li>(T6) positions against velocities, when the frames have velocities: with {@code d = u(t+1) - u(t)} (unwrapped)
 * and {@code h = (v(t) + v(t+1)) dt / 2}, pooled over atoms, components and frame pairs, the correlation
 * {@code rho = sum d.h / sqrt(sum d.d sum h.h)} is about 1 for a trajectory and about 0 for independent snapshots,
 * and the ratio {@code beta = sum d.h / sum h.h} is {@code tan(x/2)/(x/2)} for a vibration with {@code x = w dt}
 * (1 to 1.2 for sensible sampling) but k for frames k dt apart;</li>
 * <li>(T7) kinetic temperature {@code T = sum_j m_j v_j^2 / (N_f k_B)}, {@code N_f = 3N - 3}, averaged over the
 * frames, from the frames' velocities or else forward differences {@code (u(t+1) - u(t)) / dt}.</li>
 * </ul>
 */
final class TrajectoryCheck {
    /** Below this correlation the frames are independent snapshots, not a trajectory. */
    static final double MIN_CORRELATION = 0.5;
    /** Displacements this many times larger (or smaller) than velocities x dt mean a wrong dt. */
    static final double MAX_RATIO = 2.0;
    /** Relative and absolute (fs) tolerance on time_fs spacings. */
    private static final double TIME_TOLERANCE = 1e-6;

    private final String name;
    private final double dt;
    private final Trajectories.Unwrapper unwrapper = new Trajectories.Unwrapper();
    private double[] previousU;
    private double[] previousV;
    private double[] masses;
    private int frames;
    private Double previousTime;
    private Long previousStep;
    private Long stride;
    private Long firstStep;
    private double sumDh;
    private double sumDd;
    private double sumHh;
    private double kineticSum; // sum over frames (or pairs) of sum_j m v^2, amu A^2/fs^2
    private int kineticSamples;

    TrajectoryCheck(String name, double dt) {
        this.name = name;
        this.dt = dt;
    }

    /** The frames' time spacing from their {@code time_fs} info (null when absent). */
    static Double timeSpacing(Structure first, Structure second) {
        Double t0 = time(first), t1 = time(second);
        return t0 == null || t1 == null ? null : t1 - t0;
    }

    static Double time(Structure s) {
        return s.info().get("time_fs") instanceof Number t ? t.doubleValue() : null;
    }

    private static Long step(Structure s) {
        Object o = s.info().get("timestep");
        if (o == null) {
            o = s.info().get("step");
        }
        return o instanceof Long l ? l : o instanceof Integer i ? Long.valueOf(i) : null;
    }

    void accept(Structure s) {
        checkTime(s);
        checkStep(s);
        if (masses == null) {
            masses = new double[s.size()];
            int[] z = s.atomicNumbers();
            for (int j = 0; j < z.length; j++) {
                masses[j] = Element.mass(z[j]);
            }
        }
        double[] u = unwrapper.next(s);
        double[] v = s.has(Structure.VELOCITIES) ? s.atomArrayView(Structure.VELOCITIES) : null;
        if (v != null) {
            kineticSum += massWeightedSquare(v);
            kineticSamples++;
        }
        if (previousU != null) {
            pair(u, v);
        }
        previousU = u;
        previousV = v == null ? null : v.clone();
        frames++;
    }

    private void pair(double[] u, double[] v) {
        if (v == null || previousV == null) {
            // (T7) forward differences when there are no velocities
            double[] fd = new double[u.length];
            for (int k = 0; k < u.length; k++) {
                fd[k] = (u[k] - previousU[k]) / dt;
            }
            if (v == null) {
                kineticSum += massWeightedSquare(fd);
                kineticSamples++;
            }
            return;
        }
        for (int k = 0; k < u.length; k++) {
            double d = u[k] - previousU[k];
            double h = 0.5 * (v[k] + previousV[k]) * dt;
            sumDh += d * h;
            sumDd += d * d;
            sumHh += h * h;
        }
    }

    private double massWeightedSquare(double[] v) {
        double s = 0;
        for (int j = 0; j < masses.length; j++) {
            s += masses[j] * (v[3 * j] * v[3 * j] + v[3 * j + 1] * v[3 * j + 1] + v[3 * j + 2] * v[3 * j + 2]);
        }
        return s;
    }

    private void checkTime(Structure s) {
        Double t = time(s);
        if (t == null) {
            return;
        }
        if (previousTime != null) {
            double d = t - previousTime;
            if (!(d > 0)) {
                throw new UserInputException(name + ": frame " + frames + " is at time " + t + " fs after "
                        + previousTime + " fs: the time does not increase, so the frames are not one trajectory");
            }
            if (Math.abs(d - dt) > TIME_TOLERANCE * (dt + Math.abs(t)) + 1e-6) {
                throw new UserInputException(String.format(Locale.ROOT, "%s: frames %d and %d are %s fs apart "
                        + "(time_fs), but the time step is %s fs (--dt); the IR spectrum needs frames exactly dt "
                        + "apart", name, frames - 1, frames, IrAnalysis.num(d), IrAnalysis.num(dt)));
            }
        }
        previousTime = t;
    }

    private void checkStep(Structure s) {
        Long step = step(s);
        if (step == null) {
            return;
        }
        if (previousStep != null) {
            long d = step - previousStep;
            if (stride == null) {
                stride = d;
            }
            if (d != stride || d <= 0) {
                throw new UserInputException(name + ": frame " + frames + " is at step " + step + " after step "
                        + previousStep + ", but the frames before were " + stride + " steps apart; the IR spectrum "
                        + "needs equally spaced frames");
            }
        } else {
            firstStep = step;
        }
        previousStep = step;
    }

    /** "first..last every stride" of the MD steps, or null when the frames have none. */
    String mdSteps() {
        return stride == null ? null : firstStep + ".." + previousStep + " every " + stride;
    }

    /** (T7) Mean kinetic temperature (K), NaN when it cannot be measured. */
    double kineticTemperature() {
        if (kineticSamples == 0 || masses == null) {
            return Double.NaN;
        }
        int dof = masses.length > 1 ? 3 * masses.length - 3 : 3;
        double kinetic = 0.5 * kineticSum / kineticSamples / Units.ACCEL; // eV
        return 2 * kinetic / (dof * Units.KB);
    }

    /** (T6) rho, NaN without velocities. */
    double correlation() {
        return sumHh == 0 || sumDd == 0 ? Double.NaN : sumDh / Math.sqrt(sumDd * sumHh);
    }

    /** (T6) beta, NaN without velocities. */
    double ratio() {
        return sumHh == 0 ? Double.NaN : sumDh / sumHh;
    }

    /** (T6) Refuses frames whose displacements do not follow their velocities. */
    void finish() {
        if (sumDd == 0 && sumHh == 0) {
            return; // no velocities, or nothing moves
        }
        if (sumHh == 0) {
            throw new UserInputException(name + ": the atoms move between frames but the velocities in the file are "
                    + "all zero; use --ignore-velocities to difference the positions instead");
        }
        double rho = sumDh / Math.sqrt(sumDd * sumHh);
        double beta = sumDh / sumHh;
        if (!(rho >= MIN_CORRELATION)) {
            throw new UserInputException(String.format(Locale.ROOT, "%s: the displacements between consecutive frames "
                    + "do not follow the velocities (correlation %.2f, a trajectory gives about 1): these frames look "
                    + "like independent snapshots, not a trajectory", name, rho));
        }
        if (beta > MAX_RATIO || beta < 1 / MAX_RATIO) {
            throw new UserInputException(String.format(Locale.ROOT, "%s: the atoms move %.3g times as far between "
                    + "frames as velocities x dt predict (dt = %s fs): the frames look about %s fs apart; check "
                    + "--dt (and the velocity units)", name, beta, IrAnalysis.num(dt), IrAnalysis.num(beta * dt)));
        }
    }
}
