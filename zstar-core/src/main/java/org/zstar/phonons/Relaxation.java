package org.zstar.phonons;

import org.zstar.md.ForceField;
import org.zstar.md.ForceResult;
import org.zstar.structure.Cell;
import org.zstar.structure.Mat3;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Local relaxation by FIRE (Bitzek et al., Phys. Rev. Lett. 97, 170201 (2006)) of the atomic positions and,
 * optionally, of the cell (docs/THEORY.md, "Phonons at Gamma", (PH1)). With the cell, the coordinates are the
 * reference positions {@code s} and a deformation {@code eps}: {@code r = (I + eps) s}, cell vectors
 * {@code a_i' = (I + eps) a_i}; the generalised forces are {@code -dE/ds = (I + eps)^T F} and
 * {@code -dE/d eps = -W (I + eps)^{-T}} with {@code W} the virial {@code dE/d delta} of the deformed
 * structure, symmetrised (no rotations), scaled by the number of atoms as ASE's cell filter does.
 */
public final class Relaxation {
    /**
     * The convergence criteria of a relaxation.
     *
     * @param fmax convergence: largest atomic force (eV/A)
     * @param smax convergence with the cell: largest stress component (eV/A^3)
     * @param maxSteps FIRE steps at most
     * @param relaxCell also relax the cell (needs a periodic structure and a force field with stress)
     */
    public record Settings(double fmax, double smax, int maxSteps, boolean relaxCell) {
        /**
         * Checks the settings.
         *
         * @param fmax convergence: largest atomic force (eV/A)
         * @param smax convergence with the cell: largest stress component (eV/A^3)
         * @param maxSteps FIRE steps at most
         * @param relaxCell also relax the cell (needs a periodic structure and a force field with stress)
         */
        public Settings {
            if (!(fmax > 0) || !(smax > 0) || maxSteps < 0) {
                throw new UserInputException("relaxation needs fmax > 0, smax > 0 and maxSteps >= 0");
            }
        }
    }

    /**
     * The relaxed structure, its force-field result, the steps taken and whether it converged.
     *
     * @param structure the relaxed structure
     * @param forces the force-field result at it
     * @param steps the FIRE steps taken
     * @param converged whether the criteria were met
     * @param maxForce the largest atomic force at the end (eV/A)
     * @param maxStress the largest stress component at the end (eV/A^3; 0 without cell relaxation)
     */
    public record Result(Structure structure, ForceResult forces, int steps, boolean converged, double maxForce,
            double maxStress) {
    }

    // ASE's FIRE parameters (time unit: A sqrt(amu / eV) with unit masses)
    private static final double DT_START = 0.1;
    private static final double DT_MAX = 1.0;
    private static final double MAX_MOVE = 0.2;
    private static final int N_MIN = 5;
    private static final double F_INC = 1.1;
    private static final double F_DEC = 0.5;
    private static final double ALPHA_START = 0.1;
    private static final double F_ALPHA = 0.99;

    private Relaxation() {
    }

    /**
     * Relaxes {@code start} (energy decreasing to the nearest local minimum).
     *
     * @param ff the force field
     * @param start the starting structure
     * @param settings the convergence criteria
     * @return the relaxed structure and its history
     */
    public static Result relax(ForceField ff, Structure start, Settings settings) {
        if (settings.relaxCell() && !start.isPeriodic()) {
            throw new UserInputException("cell relaxation needs a periodic structure");
        }
        State st = new State(ff, start, settings.relaxCell());
        int dim = st.q.length;
        double[] v = new double[dim];
        double dt = DT_START;
        double alpha = ALPHA_START;
        int sinceNegative = 0;
        int step = 0;
        double[] g = st.evaluate();
        while (!st.converged(settings) && step < settings.maxSteps()) {
            double power = dot(g, v);
            if (power > 0) {
                double vn = Math.sqrt(dot(v, v));
                double gn = Math.sqrt(dot(g, g));
                for (int k = 0; k < dim; k++) {
                    v[k] = (1 - alpha) * v[k] + alpha * g[k] * vn / gn;
                }
                if (++sinceNegative > N_MIN) {
                    dt = Math.min(dt * F_INC, DT_MAX);
                    alpha *= F_ALPHA;
                }
            } else {
                java.util.Arrays.fill(v, 0);
                dt *= F_DEC;
                alpha = ALPHA_START;
                sinceNegative = 0;
            }
            // Euler step as in ASE: v += dt g; dr = dt v, capped at MAX_MOVE
            for (int k = 0; k < dim; k++) {
                v[k] += dt * g[k];
            }
            double[] dr = new double[dim];
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                dr[k] = dt * v[k];
                norm += dr[k] * dr[k];
            }
            norm = Math.sqrt(norm);
            double scale = norm > MAX_MOVE ? MAX_MOVE / norm : 1.0;
            for (int k = 0; k < dim; k++) {
                st.q[k] += scale * dr[k];
            }
            g = st.evaluate();
            step++;
        }
        return new Result(st.structure(), st.result, step, st.converged(settings), st.maxForce(), st.maxStress());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** Generalised coordinates q = (s, N eps) and their forces. */
    private static final class State {
        final ForceField ff;
        final Structure start;
        final boolean cell;
        final int n;
        final double[] q;
        final double cellFactor;
        ForceResult result;
        Structure current;

        State(ForceField ff, Structure start, boolean cell) {
            this.ff = ff;
            this.start = start;
            this.cell = cell;
            this.n = start.size();
            this.q = new double[3 * n + (cell ? 9 : 0)];
            System.arraycopy(start.positionsView(), 0, q, 0, 3 * n);
            this.cellFactor = n;
        }

        double[] deformation() {
            double[] d = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            if (cell) {
                for (int k = 0; k < 9; k++) {
                    d[k] += q[3 * n + k] / cellFactor;
                }
            }
            return d;
        }

        Structure structure() {
            double[] d = deformation();
            double[] r = new double[3 * n];
            for (int j = 0; j < n; j++) {
                for (int a = 0; a < 3; a++) {
                    r[3 * j + a] = d[3 * a] * q[3 * j] + d[3 * a + 1] * q[3 * j + 1] + d[3 * a + 2] * q[3 * j + 2];
                }
            }
            Structure.Builder b = start.toBuilder().positions(r).forces(null).energy(null).stress(null);
            if (cell) {
                double[] lat = start.cell().lattice();
                // a_i' = (I + eps) a_i: rows of L' = rows of L times D^T
                b.cell(new Cell(Mat3.multiply(lat, Mat3.transpose(d)), start.cell().pbc()));
            }
            return b.build();
        }

        /** Evaluates the force field at q; returns the generalised force -dE/dq. */
        double[] evaluate() {
            current = structure();
            result = ff.compute(current);
            double[] f = result.forces();
            double[] d = deformation();
            double[] g = new double[q.length];
            for (int j = 0; j < n; j++) {
                for (int b = 0; b < 3; b++) {
                    // -dE/ds = D^T F
                    g[3 * j + b] = d[b] * f[3 * j] + d[3 + b] * f[3 * j + 1] + d[6 + b] * f[3 * j + 2];
                }
            }
            if (cell) {
                if (result.virial() == null) {
                    throw new UserInputException("cell relaxation needs a force field with a virial");
                }
                double[] ge = Mat3.multiply(result.virial(), Mat3.transpose(Mat3.inverse(d)));
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        g[3 * n + 3 * a + b] = -0.5 * (ge[3 * a + b] + ge[3 * b + a]) / cellFactor;
                    }
                }
            }
            return g;
        }

        double maxForce() {
            double m = 0;
            double[] f = result.forces();
            for (int j = 0; j < n; j++) {
                double s = f[3 * j] * f[3 * j] + f[3 * j + 1] * f[3 * j + 1] + f[3 * j + 2] * f[3 * j + 2];
                m = Math.max(m, Math.sqrt(s));
            }
            return m;
        }

        double maxStress() {
            if (!cell || result.stress() == null) {
                return 0;
            }
            double m = 0;
            for (double s : result.stress()) {
                m = Math.max(m, Math.abs(s));
            }
            return m;
        }

        boolean converged(Settings s) {
            return maxForce() < s.fmax() && (!cell || maxStress() < s.smax());
        }
    }
}
