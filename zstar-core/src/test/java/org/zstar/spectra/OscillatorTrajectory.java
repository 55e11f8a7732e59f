package org.zstar.spectra;

import java.util.ArrayList;
import java.util.List;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;

/**
 * An analytic test trajectory: two rigid-centre pairs of opposite charges (Na +q, Cl -q) whose separations
 * oscillate, pair A along x at wavenumber nuA with amplitude aA, pair B along y at nuB with amplitude aB:
 * {@code sep(t) = d0 + a sin(w t + phi)}, Na at {@code c + sep/2 e}, Cl at {@code c - sep/2 e}. Pair A sits on
 * the cell boundary so that its atoms wrap. The exact dipole derivative is
 * {@code dM/dt = q a w cos(w t + phi) e}, and {@code <|dM/dt|^2> -> (q aA wA)^2/2 + (q aB wB)^2/2}.
 */
final class OscillatorTrajectory {
    static final double Q = 1.0;
    static final double D0 = 2.0;
    static final double L = 10.0;

    final double dt;
    final double nuA;
    final double nuB;
    final double aA;
    final double aB;
    final double phiA;
    final double phiB;

    OscillatorTrajectory(double dt, double nuA, double aA, double phiA, double nuB, double aB, double phiB) {
        this.dt = dt;
        this.nuA = nuA;
        this.aA = aA;
        this.phiA = phiA;
        this.nuB = nuB;
        this.aB = aB;
        this.phiB = phiB;
    }

    static OscillatorTrajectory standard(double dt) {
        return new OscillatorTrajectory(dt, 1000.0, 0.10, 0.3, 3000.0, 0.02, 1.1);
    }

    double wA() {
        return IrUnits.omegaOfWavenumber(nuA);
    }

    double wB() {
        return IrUnits.omegaOfWavenumber(nuB);
    }

    /** Frame i, wrapped into the cell; with analytic velocities when asked. */
    Structure frame(int i, boolean velocities) {
        double t = i * dt;
        double sepA = D0 + aA * Math.sin(wA() * t + phiA);
        double sepB = D0 + aB * Math.sin(wB() * t + phiB);
        double vA = 0.5 * aA * wA() * Math.cos(wA() * t + phiA);
        double vB = 0.5 * aB * wB() * Math.cos(wB() * t + phiB);
        Cell cell = Cell.orthorhombic(L, L, L);
        double[][] r = {
            {0.1 + sepA / 2, 5, 5}, {0.1 - sepA / 2, 5, 5},   // pair A across the x boundary
            {5, 5 + sepB / 2, 2}, {5, 5 - sepB / 2, 2}};
        double[] flat = new double[12];
        for (int j = 0; j < 4; j++) {
            double[] w = cell.wrap(r[j]);
            System.arraycopy(w, 0, flat, 3 * j, 3);
        }
        Structure.Builder b = Structure.builder().symbols("Na", "Cl", "Na", "Cl").positions(flat).cell(cell);
        if (velocities) {
            b.velocities(new double[] {vA, 0, 0, -vA, 0, 0, 0, vB, 0, 0, -vB, 0});
        }
        return b.build();
    }

    List<Structure> frames(int n, boolean velocities) {
        List<Structure> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(frame(i, velocities));
        }
        return out;
    }

    /** The exact dM/dt series, frame-major. */
    double[] exactDmDt(int n) {
        double[] m = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double t = i * dt;
            m[3 * i] = Q * aA * wA() * Math.cos(wA() * t + phiA);
            m[3 * i + 1] = Q * aB * wB() * Math.cos(wB() * t + phiB);
        }
        return m;
    }
}
