package org.zstar.md;

import java.util.function.LongConsumer;
import org.zstar.models.BecModel;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Drives a {@link MolecularDynamics} for a number of steps, writing the trajectory every {@code every} steps
 * (step 0 included), the thermodynamics at every step, and, with a BEC model, dM/dt every {@code becEvery}
 * steps (step 0 included): (MD6) {@code dM_a/dt = sum_j sum_b Z_j[a][b] v_{j,b}} (e*A/fs) with the model's BECs
 * at the current positions. dM/dt is an instantaneous function of positions and velocities, so sampling it every
 * k steps is exact at those times (only the Nyquist frequency 1/(2 k dt) limits the spectrum).
 */
public final class MdRun {
    private MdRun() {
    }

    /** dM/dt from BECs (flat, {@code Z[9j+3a+b]}) and velocities (flat, A/fs). */
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

    /**
     * Runs {@code steps} steps. {@code progress} receives the number of steps done after each step (may be
     * null). Output records are complete at every moment; an exception stops the run after the last
     * complete record.
     */
    public static void run(MolecularDynamics md, long steps, int every, BecModel becModel, MdOutput out,
            LongConsumer progress) {
        run(md, steps, every, becModel, 1, out, progress);
    }

    /** As {@link #run(MolecularDynamics, long, int, BecModel, MdOutput, LongConsumer)}, dM/dt every becEvery steps. */
    public static void run(MolecularDynamics md, long steps, int every, BecModel becModel, int becEvery, MdOutput out,
            LongConsumer progress) {
        if (becEvery < 1) {
            throw new UserInputException("dM/dt interval must be >= 1, got " + becEvery);
        }
        if (every < 1) {
            throw new UserInputException("trajectory interval must be >= 1, got " + every);
        }
        if (steps < 0) {
            throw new UserInputException("number of steps must be >= 0, got " + steps);
        }
        record(md, every, becModel, becEvery, out);
        for (long k = 0; k < steps; k++) {
            md.step();
            record(md, every, becModel, becEvery, out);
            if (progress != null) {
                progress.accept(k + 1);
            }
        }
    }

    private static void record(MolecularDynamics md, int every, BecModel becModel, int becEvery, MdOutput out) {
        if (becModel != null && md.stepCount() % becEvery == 0) {
            Structure s = md.snapshot();
            double[] bec = becModel.predict(s).bec();
            double volume = s.isPeriodic() ? s.cell().volume() : Double.NaN;
            out.dmdt(md.time(), dipoleDerivative(bec, md.velocitiesView()), volume);
        }
        out.thermo(md);
        if (md.stepCount() % every == 0) {
            out.frame(md);
        }
    }
}
