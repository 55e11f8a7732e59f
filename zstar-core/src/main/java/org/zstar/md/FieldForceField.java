package org.zstar.md;

import java.util.List;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * A force field in an applied electric field, through a BEC model (docs/THEORY.md, "MD in an applied electric
 * field"): (EF1) {@code F_{j,b} += sum_a E_a Z_j[a][b]} (V/A times e is eV/A) and (EF2) energy {@code U - E.P}
 * (eV), with {@code P} the model's polarisation at the positions as given (unwrapped along MD). Because the
 * model's {@code Z} is the derivative of its {@code P}, (EF1) is minus the gradient of (EF2), so in a static
 * field the MD conserved quantity becomes the electric enthalpy {@code U - E.P + K}. The stress and virial are
 * those of the base force field (the field term is not strained; runs at fixed cell only).
 *
 * <p>Polarisation: a kernel model's {@code P = sum q r + sum p} uses the positions as given, and in a periodic cell
 * its derivative is not the model's Z (charge flows between images enter with home-cell positions). For periodic
 * structures the decorator therefore integrates (EF2a) {@code P_k = P_{k-1} + sum_j (Z_j^{k-1} + Z_j^k)/2 .
 * (r_j^k - r_j^{k-1})} along the evaluated positions (trapezoid rule; the origin is the model's P at the first
 * evaluation), which is consistent with the force (EF1) to the order of the integrator: the integral of the current
 * {@code sum_j Z_j v_j}, the physical polarisation change in a crystal (docs/THEORY.md (PC1)). For molecules the
 * model's P is used as it is (there {@code Z = dP/dr} exactly).
 *
 * <p>Time: a time-dependent field needs the time of each evaluation. {@link MolecularDynamics} evaluates the
 * forces once when it is built (t = 0) and once per step at the new time, for every thermostat; so evaluation k
 * (0-based) is at {@code t = k dt}. Use one instance per MD run; it is not thread-safe (it records the last
 * evaluation for output). A static field ignores the time, and the instance may then be used anywhere.
 */
public final class FieldForceField implements ForceField {
    private final ForceField base;
    private final PolarisationSource becModel;
    private final ElectricField field;
    private final double dt;
    private long evaluations;
    private double lastTime;
    private double[] lastField = new double[3];
    private double[] lastPolarization = new double[3];
    private double lastFieldEnergy;
    private double[] previousPositions;
    private double[] previousBec;
    private double[] integratedPolarization;

    /**
     * A force field in an applied field.
     *
     * @param base the force field without the field
     * @param becModel the source of BECs and polarisation (a BEC model: {@code org.zstar.models.BecModel} is one)
     * @param field the applied field (V/A)
     * @param dt the MD time step (fs), for the clock of a time-dependent field
     */
    public FieldForceField(ForceField base, PolarisationSource becModel, ElectricField field, double dt) {
        if (!(dt > 0)) {
            throw new UserInputException("time step must be positive, got " + dt);
        }
        this.base = base;
        this.becModel = becModel;
        this.field = field;
        this.dt = dt;
    }

    @Override
    public ForceResult compute(Structure structure) {
        double t = evaluations * dt;
        evaluations++;
        return computeAt(structure, t);
    }

    /**
     * The result at an explicit time (fs); does not advance the clock. For a periodic structure it advances the
     * polarisation integral (EF2a) from the previously evaluated positions.
     *
     * @param structure the structure
     * @param t the time (fs)
     * @return energy, forces and stress with the field's terms
     */
    public ForceResult computeAt(Structure structure, double t) {
        ForceResult r = base.compute(structure);
        PolarisationSource.Response pred = becModel.response(structure);
        double[] e = field.at(t);
        double[] z = pred.bec();
        double[] p = structure.isPeriodic() ? integrate(structure.positionsView(), z, pred.polarization())
                : pred.polarization();
        int n = structure.size();
        double[] f = r.forces().clone();
        for (int j = 0; j < n; j++) {
            for (int b = 0; b < 3; b++) {
                // (EF1) F_jb += sum_a E_a Z_j[a][b]
                f[3 * j + b] += e[0] * z[9 * j + b] + e[1] * z[9 * j + 3 + b] + e[2] * z[9 * j + 6 + b];
            }
        }
        // (EF2) the field energy -E.P
        double fieldEnergy = -(e[0] * p[0] + e[1] * p[1] + e[2] * p[2]);
        lastTime = t;
        lastField = e;
        lastPolarization = p.clone();
        lastFieldEnergy = fieldEnergy;
        return new ForceResult(r.energy() + fieldEnergy, f, r.virial(), r.stress());
    }

    /** (EF2a) the path integral of Z along the evaluated positions (trapezoid rule). */
    private double[] integrate(double[] r, double[] z, double[] modelP) {
        if (integratedPolarization == null) {
            integratedPolarization = modelP.clone();
        } else {
            int n = r.length / 3;
            for (int j = 0; j < n; j++) {
                for (int b = 0; b < 3; b++) {
                    double dr = r[3 * j + b] - previousPositions[3 * j + b];
                    for (int a = 0; a < 3; a++) {
                        int o = 9 * j + 3 * a + b;
                        integratedPolarization[a] += 0.5 * (previousBec[o] + z[o]) * dr;
                    }
                }
            }
        }
        previousPositions = r.clone();
        previousBec = z.clone();
        return integratedPolarization.clone();
    }

    @Override
    public List<String> species() {
        return base.species();
    }

    /** {@return time (fs) of the last evaluation} */
    public double lastTime() {
        return lastTime;
    }

    /** {@return field (V/A) of the last evaluation} */
    public double[] lastField() {
        return lastField.clone();
    }

    /** {@return model polarisation P (e*A) of the last evaluation} */
    public double[] lastPolarization() {
        return lastPolarization.clone();
    }

    /** {@return {@code -E.P} (eV) of the last evaluation; the potential energy includes it} */
    public double lastFieldEnergy() {
        return lastFieldEnergy;
    }

    /** {@return the applied field} */
    public ElectricField field() {
        return field;
    }
}
