package org.zstar.spectra;

import java.util.Arrays;
import java.util.Map;
import org.zstar.models.BecModel;
import org.zstar.models.BecPrediction;
import org.zstar.structure.Element;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Accumulates the time derivative of the total dipole, dM/dt (e*A/fs), of one trajectory, frame by frame
 * (streaming: only three frames are held). Three routes:
 * <ul>
 * <li>{@link #bec}: {@code dM_a/dt = sum_j sum_b Z[j][a][b] v_{j,b}} with the model's BECs at every frame;</li>
 * <li>{@link #charges}: {@code dM/dt = sum_j q_{s(j)} v_j} with fixed per-species charges;</li>
 * <li>{@link #polarization}: central finite differences of the model's {@code P(t)} evaluated on unwrapped
 * positions (see {@link Trajectories#derivative}); only where P is the integral of Z (molecules, fixed charges,
 * dipole models), refused otherwise (docs/THEORY.md (PC3)).</li>
 * </ul>
 * Velocities: taken from the frames (Structure.VELOCITIES, A/fs) when the first frame has them and
 * {@code useFileVelocities} is set; otherwise from finite differences of unwrapped positions, central in
 * the interior and second-order one-sided at both ends (the same stencils as
 * {@link Trajectories#derivative}).
 */
public final class DipoleDerivativeSeries {
    /** How dM/dt is obtained. */
    public enum Route {
        /** (a) the model's BECs times the velocities. */
        BEC,
        /** (b) fixed charges per species times the velocities. */
        CHARGES,
        /** (c) finite differences of the model's polarisation along unwrapped positions. */
        POLARIZATION
    }

    /** Largest |sum_j q_j| per atom accepted as neutral (e): round-off of decimal charges. */
    private static final double NEUTRALITY_TOLERANCE = 1e-6;

    private final Route route;
    private final BecModel model;
    private final Map<String, Double> charges;
    private final double dt;
    private final boolean useFileVelocities;
    private final Trajectories.Unwrapper unwrapper = new Trajectories.Unwrapper();

    private double[] out = new double[3 * 1024];
    private int emitted;
    private int frames;
    private int atoms = -1;
    private Boolean velocitiesFromFile;
    // sliding window of the last three frames (positions unwrapped, weights Z or q)
    private final double[][] winPos = new double[3][];
    private final double[][] winW = new double[3][];

    private DipoleDerivativeSeries(Route route, BecModel model, Map<String, Double> charges, double dtFs,
            boolean useFileVelocities) {
        if (!(dtFs > 0) || !Double.isFinite(dtFs)) {
            throw new UserInputException("time step must be positive, got " + dtFs + " fs");
        }
        this.route = route;
        this.model = model;
        this.charges = charges;
        this.dt = dtFs;
        this.useFileVelocities = useFileVelocities;
    }

    /**
     * Route (a): BECs of the model times velocities.
     *
     * @param model the BEC model
     * @param dtFs the time between frames (fs)
     * @param useFileVelocities take the frames' velocities when they have them
     * @return the series
     */
    public static DipoleDerivativeSeries bec(BecModel model, double dtFs, boolean useFileVelocities) {
        return new DipoleDerivativeSeries(Route.BEC, model, null, dtFs, useFileVelocities);
    }

    /**
     * Route (b): fixed charges per species (element symbol to e) times velocities.
     *
     * @param charges element symbol to charge (e)
     * @param dtFs the time between frames (fs)
     * @param useFileVelocities take the frames' velocities when they have them
     * @return the series
     */
    public static DipoleDerivativeSeries charges(Map<String, Double> charges, double dtFs,
            boolean useFileVelocities) {
        Map<String, Double> m = new java.util.HashMap<>();
        charges.forEach((k, v) -> m.put(Element.canonicalSymbol(k), v));
        return new DipoleDerivativeSeries(Route.CHARGES, null, m, dtFs, useFileVelocities);
    }

    /**
     * Route (c): finite differences of the model's polarisation along unwrapped positions; refused on the first frame
     * where the model's P is not the integral of its BECs ({@link BecModel#polarizationIntegratesBec}).
     *
     * @param model the BEC model
     * @param dtFs the time between frames (fs)
     * @return the series
     */
    public static DipoleDerivativeSeries polarization(BecModel model, double dtFs) {
        return new DipoleDerivativeSeries(Route.POLARIZATION, model, null, dtFs, false);
    }

    /** {@return how dM/dt is obtained} */
    public Route route() {
        return route;
    }

    /** {@return frames accepted so far} */
    public int frames() {
        return frames;
    }

    /** {@return true if velocities were read from the frames, false if differenced, null before the first frame} */
    public Boolean velocitiesFromFile() {
        return velocitiesFromFile;
    }

    /**
     * Processes the next frame.
     *
     * @param frame the frame
     */
    public void accept(Structure frame) {
        if (atoms < 0) {
            atoms = frame.size();
            velocitiesFromFile = route != Route.POLARIZATION && useFileVelocities && frame.has(Structure.VELOCITIES);
            if (route == Route.POLARIZATION) {
                requirePolarizationIntegratesBec(model, frame);
            }
        } else if (frame.size() != atoms) {
            throw new UserInputException("frame " + frames + " has " + frame.size() + " atoms, the first "
                    + atoms);
        }
        double[] u = unwrapper.next(frame);
        frames++;
        if (route == Route.POLARIZATION) {
            BecPrediction p = model.predict(frame.toBuilder().positions(u).build());
            double[] pol = p.polarization();
            if (pol == null) {
                throw new UserInputException("the model predicts no polarisation");
            }
            append(pol[0], pol[1], pol[2]); // (D3) P on unwrapped positions; differenced in finish()
            return;
        }
        double[] w = weights(frame);
        if (velocitiesFromFile) {
            double[] v = frame.atomArrayView(Structure.VELOCITIES);
            if (v == null) {
                throw new UserInputException("frame " + (frames - 1)
                        + " has no velocities although the first frame had them");
            }
            emit(w, v);
            return;
        }
        // finite differences: slide the window and emit what can be emitted
        winPos[0] = winPos[1];
        winW[0] = winW[1];
        winPos[1] = winPos[2];
        winW[1] = winW[2];
        winPos[2] = u;
        winW[2] = w;
        if (frames == 3) {
            // frame 0: (-3 r0 + 4 r1 - r2) / 2dt
            emit(winW[0], combine(-3, winPos[0], 4, winPos[1], -1, winPos[2]));
            emitCentral();
        } else if (frames > 3) {
            emitCentral();
        }
    }

    private void emitCentral() {
        // frame t-1 (middle of the window): (r_t - r_{t-2}) / 2dt
        emit(winW[1], combine(-1, winPos[0], 0, winPos[1], 1, winPos[2]));
    }

    private double[] combine(double c0, double[] a, double c1, double[] b, double c2, double[] c) {
        double[] v = new double[a.length];
        double h = 1.0 / (2 * dt);
        for (int i = 0; i < v.length; i++) {
            v[i] = (c0 * a[i] + c1 * b[i] + c2 * c[i]) * h;
        }
        return v;
    }

    /**
     * (PC3) Refuses the polarisation route where the model's P is not the integral of its Z (a kernel model with
     * charges in a periodic cell): differencing it would give a dM/dt that is not the current sum_j Z_j v_j.
     *
     * @param model the BEC model
     * @param frame the frame
     */
    public static void requirePolarizationIntegratesBec(BecModel model, Structure frame) {
        if (!model.polarizationIntegratesBec(frame)) {
            throw new UserInputException("--route polarization is refused for these frames: in a periodic cell this "
                    + "model's P = sum_i q_i r_i + sum_i p_i is not the integral of its BECs (a kernel model with "
                    + "charges writes their redistribution with neighbour-image vectors, docs/THEORY.md (PC2)), so "
                    + "its time derivative is not dM/dt; in a crystal dM/dt is the current sum_j Z_j v_j: use --route bec");
        }
    }

    /**
     * Refuses fixed charges that do not sum to zero over a frame (species without a charge are refused too).
     *
     * @param charges element symbol to charge (e)
     * @param frame the frame
     */
    public static void requireNeutral(Map<String, Double> charges, Structure frame) {
        Map<String, Double> q = new java.util.HashMap<>();
        charges.forEach((k, v) -> q.put(Element.canonicalSymbol(k), v));
        double total = 0;
        for (int j = 0; j < frame.size(); j++) {
            Double c = q.get(frame.symbol(j));
            if (c == null) {
                throw new UserInputException("no charge given for species " + frame.symbol(j));
            }
            total += c;
        }
        requireNeutral(total, frame);
    }

    private static void requireNeutral(double total, Structure frame) {
        // a net charge Q adds Q v_cm to dM/dt: the spectrum would depend on the motion of the centre of mass
        if (Math.abs(total) > NEUTRALITY_TOLERANCE * Math.max(1, frame.size())) {
            throw new UserInputException(String.format(java.util.Locale.ROOT, "the fixed charges give the frames a "
                    + "net charge of %s e (%s): dM/dt would depend on the motion of the centre of mass; give "
                    + "charges that sum to zero", IrAnalysis.num(total), frame.speciesCounts()));
        }
    }

    private double[] weights(Structure frame) {
        int n = frame.size();
        if (route == Route.CHARGES) {
            double[] q = new double[n];
            double total = 0;
            for (int j = 0; j < n; j++) {
                Double c = charges.get(frame.symbol(j));
                if (c == null) {
                    throw new UserInputException("no charge given for species " + frame.symbol(j));
                }
                q[j] = c;
                total += c;
            }
            requireNeutral(total, frame);
            return q;
        }
        double[] bec = model.predict(frame).bec();
        if (bec == null || bec.length != 9 * n) {
            throw new IllegalArgumentException("the model returned no BECs for a frame of " + n + " atoms");
        }
        return bec;
    }

    /** (D1) dM_a/dt = sum_j sum_b Z[j][a][b] v_{j,b} (BEC), or (D2) sum_j q_j v_{j,a} (charges). */
    private void emit(double[] w, double[] v) {
        double mx = 0, my = 0, mz = 0;
        int n = v.length / 3;
        if (route == Route.CHARGES) {
            for (int j = 0; j < n; j++) {
                double q = w[j];
                mx += q * v[3 * j];
                my += q * v[3 * j + 1];
                mz += q * v[3 * j + 2];
            }
        } else {
            for (int j = 0; j < n; j++) {
                int z = 9 * j;
                double vx = v[3 * j], vy = v[3 * j + 1], vz = v[3 * j + 2];
                mx += w[z] * vx + w[z + 1] * vy + w[z + 2] * vz;
                my += w[z + 3] * vx + w[z + 4] * vy + w[z + 5] * vz;
                mz += w[z + 6] * vx + w[z + 7] * vy + w[z + 8] * vz;
            }
        }
        append(mx, my, mz);
    }

    private void append(double x, double y, double z) {
        if (3 * emitted + 3 > out.length) {
            out = Arrays.copyOf(out, 2 * out.length);
        }
        out[3 * emitted] = x;
        out[3 * emitted + 1] = y;
        out[3 * emitted + 2] = z;
        emitted++;
    }

    /**
     * Ends the trajectory and returns dM/dt for every frame, frame-major (3 numbers per frame), e*A/fs.
     *
     * @return dM/dt (e A/fs), 3 numbers per frame
     */
    public double[] finish() {
        if (route == Route.POLARIZATION) {
            return Trajectories.derivative(Arrays.copyOf(out, 3 * emitted), 3, dt);
        }
        if (!velocitiesFromFile) {
            if (frames < 3) {
                throw new UserInputException("velocities by finite differences need at least 3 frames, got "
                        + frames);
            }
            // last frame: (3 r_{N-1} - 4 r_{N-2} + r_{N-3}) / 2dt
            emit(winW[2], combine(1, winPos[0], -4, winPos[1], 3, winPos[2]));
        }
        return Arrays.copyOf(out, 3 * emitted);
    }
}
