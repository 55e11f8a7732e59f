package org.zstar.phonons;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.zstar.md.ForceField;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * Force constants {@code Phi_{ia,jb} = d^2 E / dr_{i,a} dr_{j,b}} (eV/A^2) by central differences of the forces
 * (docs/THEORY.md, "Phonons at Gamma", (PH2)). Columns are independent, so they are computed in parallel (in the
 * caller's fork-join pool) and the result does not depend on the thread count.
 */
public final class ForceConstants {
    private final int n;
    private final double[] phi;
    private final double asymmetry;

    private ForceConstants(int n, double[] phi, double asymmetry) {
        this.n = n;
        this.phi = phi;
        this.asymmetry = asymmetry;
    }

    /**
     * Wraps a given 3N x 3N row-major matrix (symmetrised; e.g. an analytic Hessian).
     *
     * @param atoms the number of atoms N
     * @param matrix the force constants, row-major 3N x 3N (eV/A^2)
     * @return the force constants
     */
    public static ForceConstants of(int atoms, double[] matrix) {
        int d = 3 * atoms;
        if (matrix.length != d * d) {
            throw new UserInputException("force constants need " + d * d + " numbers, got " + matrix.length);
        }
        double[] m = matrix.clone();
        return new ForceConstants(atoms, m, symmetrise(m, d));
    }

    /**
     * (PH2) {@code Phi_{ia,jb} = -(F_{j,b}(r + h e_{ia}) - F_{j,b}(r - h e_{ia})) / (2h)}, then
     * {@code Phi <- (Phi + Phi^T)/2}. {@code progress} gets the number of displaced coordinates done (may be
     * null).
     *
     * @param h displacement (A); 0.01 A is a good default for force fields
     * @param ff the force field
     * @param s the structure
     * @param progress called with the number of displaced coordinates done (may be null)
     * @return the force constants (eV/A^2)
     */
    public static ForceConstants finiteDifference(ForceField ff, Structure s, double h, IntConsumer progress) {
        if (!(h > 0)) {
            throw new UserInputException("finite-difference step must be positive, got " + h);
        }
        int n = s.size();
        int d = 3 * n;
        double[] phi = new double[d * d];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, d).parallel().forEach(col -> {
            double[] plus = displacedForces(ff, s, col, h);
            double[] minus = displacedForces(ff, s, col, -h);
            for (int row = 0; row < d; row++) {
                // row index = displaced coordinate ia, column = force component jb
                phi[col * d + row] = -(plus[row] - minus[row]) / (2 * h);
            }
            if (progress != null) {
                progress.accept(done.incrementAndGet());
            }
        });
        double asym = symmetrise(phi, d);
        return new ForceConstants(n, phi, asym);
    }

    private static double[] displacedForces(ForceField ff, Structure s, int coordinate, double h) {
        double[] r = s.positions();
        r[coordinate] += h;
        Structure displaced = s.toBuilder().positions(r).build();
        return ff.compute(displaced).forces();
    }

    /** Symmetrises in place; returns {@code max |Phi - Phi^T| / 2 / max |Phi|} before symmetrisation. */
    private static double symmetrise(double[] m, int d) {
        double maxAsym = 0;
        double maxAbs = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double a = m[i * d + j];
                double b = m[j * d + i];
                maxAsym = Math.max(maxAsym, Math.abs(a - b) / 2);
                double mean = 0.5 * (a + b);
                m[i * d + j] = mean;
                m[j * d + i] = mean;
                maxAbs = Math.max(maxAbs, Math.abs(mean));
            }
        }
        return maxAbs > 0 ? maxAsym / maxAbs : 0;
    }

    /** {@return the number of atoms N} */
    public int atoms() {
        return n;
    }

    /** {@return the symmetrised 3N x 3N matrix, row-major (the array itself, do not modify)} */
    public double[] matrix() {
        return phi;
    }

    /** {@return relative asymmetry of the raw finite differences, {@code max |Phi - Phi^T|/2 / max |Phi|}} */
    public double asymmetry() {
        return asymmetry;
    }
}
