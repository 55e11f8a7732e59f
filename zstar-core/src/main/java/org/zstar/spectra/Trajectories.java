package org.zstar.spectra;

import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/** Trajectory utilities: unwrapping across periodic boundaries and finite-difference time derivatives. */
public final class Trajectories {
    private Trajectories() {
    }

    /**
     * (T1 in docs/THEORY.md, "IR spectra") Unwraps positions frame by frame:
     * {@code u_j(t) = u_j(t-1) + mic(r_j(t) - r_j(t-1))}, where mic removes
     * the whole lattice translations along periodic axes from the per-frame displacement (fractional
     * components rounded to the nearest integer, exact whenever an atom moves less than half a cell between
     * frames). The first frame's positions are kept as they are. Frames without a cell are passed through.
     */
    public static final class Unwrapper {
        /** An unwrapper before its first frame. */
        public Unwrapper() {
        }

        private double[] previousWrapped;
        private double[] previousUnwrapped;
        private final double[] d = new double[3];
        private final double[] f = new double[3];

        /**
         * The unwrapped positions (3N, A) of the next frame; the returned array is fresh.
         *
         * @param frame the frame
         * @return the unwrapped positions
         */
        public double[] next(Structure frame) {
            double[] r = frame.positionsView();
            if (previousWrapped == null) {
                previousWrapped = r.clone();
                previousUnwrapped = r.clone();
                return r.clone();
            }
            if (r.length != previousWrapped.length) {
                throw new UserInputException("frame has " + r.length / 3 + " atoms, the previous one "
                        + previousWrapped.length / 3);
            }
            Cell cell = frame.cell();
            double[] u = new double[r.length];
            for (int j = 0; j < r.length; j += 3) {
                for (int k = 0; k < 3; k++) {
                    d[k] = r[j + k] - previousWrapped[j + k];
                }
                if (cell != null && cell.anyPeriodic()) {
                    // minimum image of the displacement: d - sum_k rint(f_k) a_k over periodic axes k
                    cell.toFractional(d, 0, f, 0);
                    for (int k = 0; k < 3; k++) {
                        f[k] = cell.periodic(k) ? f[k] - Math.rint(f[k]) : f[k];
                    }
                    cell.toCartesian(f, 0, d, 0);
                }
                for (int k = 0; k < 3; k++) {
                    u[j + k] = previousUnwrapped[j + k] + d[k];
                }
            }
            previousWrapped = r.clone();
            previousUnwrapped = u.clone();
            return u;
        }
    }

    /**
     * (T2) Time derivative of a series of vectors by finite differences. {@code series} is frame-major with
     * {@code width} numbers per frame. Interior frames: central difference {@code (x(t+1) - x(t-1)) / 2dt}.
     * Ends: second-order one-sided {@code (-3x0 + 4x1 - x2) / 2dt} and {@code (3x(N-1) - 4x(N-2) + x(N-3)) /
     * 2dt} (error O(dt^2) like the central difference). Needs at least 3 frames.
     *
     * @param series the series, frame-major
     * @param width the numbers per frame
     * @param dt the time between frames
     * @return the derivative, same layout (per unit of dt)
     */
    public static double[] derivative(double[] series, int width, double dt) {
        int n = series.length / width;
        if (n < 3) {
            throw new UserInputException("finite differences need at least 3 frames, got " + n);
        }
        double[] out = new double[series.length];
        double h2 = 1.0 / (2 * dt);
        for (int i = 0; i < width; i++) {
            out[i] = (-3 * series[i] + 4 * series[width + i] - series[2 * width + i]) * h2;
            int last = (n - 1) * width + i;
            out[last] = (3 * series[last] - 4 * series[last - width] + series[last - 2 * width]) * h2;
        }
        for (int t = 1; t < n - 1; t++) {
            for (int i = 0; i < width; i++) {
                int c = t * width + i;
                out[c] = (series[c + width] - series[c - width]) * h2;
            }
        }
        return out;
    }
}
