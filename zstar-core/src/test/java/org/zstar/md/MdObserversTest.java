package org.zstar.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zstar.structure.Cell;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/** Observers attached to the integrator, and the guard that stops runs leaving physics. */
class MdObserversTest {
    private static final double EPS = 0.0104; // eV, argon
    private static final double SIGMA = 3.40; // A

    private static MolecularDynamics argonLiquid(ForceField ff, double dt, Thermostat th, long seed) {
        Structure s = TestForceFields.argon(64, 4.2, 5, Cell.orthorhombic(17.0, 17.0, 17.0));
        return new MolecularDynamics(ff, s, new MolecularDynamics.Settings(dt, th, 100.0, 50.0, 0.01, seed), 100.0);
    }

    @Test
    void observersSeeTheStartAndEveryNthStepInAttachmentOrder() {
        MolecularDynamics md = argonLiquid(TestForceFields.lennardJones(EPS, SIGMA, 8.0), 2.0, Thermostat.NVE, 1);
        List<String> calls = new ArrayList<>();
        md.attach(m -> calls.add("a" + m.stepCount()), 1).attach(m -> calls.add("b" + m.stepCount()), 3);
        md.run(4);
        assertThat(calls).containsExactly("a0", "b0", "a1", "a2", "a3", "b3", "a4");
        // a second run goes on from step 4: intervals count absolute steps
        calls.clear();
        md.run(2);
        assertThat(calls).containsExactly("a4", "a5", "a6", "b6");
        assertThatThrownBy(() -> md.attach(m -> { }, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A healthy run passes the guard; its summary matches the thermo statistics computed by hand. */
    @Test
    void healthyRunPassesTheGuardWithItsSummary() {
        MolecularDynamics md = argonLiquid(TestForceFields.lennardJones(EPS, SIGMA, 8.0), 2.0, Thermostat.BUSSI, 3);
        MdGuard guard = new MdGuard(MdGuard.Limits.defaults());
        double[] acc = new double[3];
        double[] c0 = new double[1];
        md.attach(guard, 1).attach(m -> {
            if (m.stepCount() == 0) {
                c0[0] = m.conservedEnergy();
                return;
            }
            acc[0] += m.temperature();
            acc[1] += m.temperature() * m.temperature();
            acc[2] = m.conservedEnergy();
        }, 1);
        md.run(400);
        MdGuard.Summary s = guard.summary();
        assertThat(s.steps()).isEqualTo(400);
        double mean = acc[0] / 400;
        assertThat(s.meanTemperature()).isCloseTo(mean, offset(1e-9));
        assertThat(s.temperatureStd()).isCloseTo(Math.sqrt(acc[1] / 400 - mean * mean), offset(1e-6));
        // canonical spread of T: T sqrt(2 / N_f), N_f = 3 * 64 - 3
        assertThat(s.canonicalStd()).isCloseTo(100.0 * Math.sqrt(2.0 / 189), offset(1e-9));
        assertThat(s.conservedDriftPerAtom()).isCloseTo((acc[2] - c0[0]) / 64, offset(1e-12));
        assertThat(Math.abs(s.conservedDriftPerAtom())).isLessThan(1e-3);
        assertThat(s.describe()).contains("T = ").contains("canonical spread").contains("meV/atom");
    }

    /** A 60 fs step on liquid argon (fine: 2-4 fs) blows up; the guard stops it and says why. */
    @Test
    void hugeTimeStepIsStopped() {
        MolecularDynamics md = argonLiquid(TestForceFields.lennardJones(EPS, SIGMA, 8.0), 60.0, Thermostat.NVE, 1);
        md.attach(new MdGuard(MdGuard.Limits.defaults()), 1);
        List<Long> written = new ArrayList<>();
        md.attach(m -> written.add(m.stepCount()), 1);
        assertThatThrownBy(() -> md.run(2000)).isInstanceOf(MdInstabilityException.class)
                .hasMessageContaining("MD left physics at step").hasMessageContaining("--dt 60");
        // the failing state was not passed on to the observers attached after the guard
        assertThat(written).hasSize((int) md.stepCount());
        assertThat(written.get(written.size() - 1)).isEqualTo(md.stepCount() - 1);
    }

    @Test
    void eachCheckFires() {
        ForceField lj = TestForceFields.lennardJones(EPS, SIGMA, 8.0);
        // two atoms 0.3 A apart
        Structure close = Structure.builder().symbols("Ar", "Ar", "Ar").positions(new double[] {0, 0, 0, 0.3, 0, 0,
            5, 5, 5}).build();
        MolecularDynamics a = new MolecularDynamics(lj, close,
                new MolecularDynamics.Settings(1.0, Thermostat.NVE, 10, 0, 0, 1), 10.0);
        a.attach(new MdGuard(new MdGuard.Limits(1e9, 0.5, 1e9)), 1);
        assertThatThrownBy(() -> a.run(1)).isInstanceOf(MdInstabilityException.class)
                .hasMessageContaining("atoms 0 (Ar) and 1 (Ar) are 0.300 A apart");
        // across a periodic boundary (minimum image)
        Structure wrapped = Structure.builder().symbols("Ar", "Ar").positions(new double[] {0.1, 5, 5, 9.8, 5, 5})
                .cell(Cell.orthorhombic(10, 10, 10)).build();
        MolecularDynamics w = new MolecularDynamics(s -> new ForceResult(0, new double[6], new double[9],
                new double[9]), wrapped, new MolecularDynamics.Settings(1.0, Thermostat.NVE, 10, 0, 0, 1), 10.0);
        w.attach(new MdGuard(MdGuard.Limits.defaults()), 1);
        assertThatThrownBy(() -> w.run(1)).hasMessageContaining("0.300 A apart");
        // non-finite forces
        MolecularDynamics n = argonLiquid(s -> {
            ForceResult r = lj.compute(s);
            double[] f = r.forces().clone();
            f[7] = Double.NaN;
            return new ForceResult(r.energy(), f, r.virial(), r.stress());
        }, 2.0, Thermostat.NVE, 1);
        n.attach(new MdGuard(MdGuard.Limits.defaults()), 1);
        assertThatThrownBy(() -> n.run(3)).hasMessageContaining("force on atom 2 is not finite");
        // a drift tolerance below the integration error
        MolecularDynamics d = argonLiquid(lj, 4.0, Thermostat.NVE, 1);
        d.attach(new MdGuard(new MdGuard.Limits(5, 0.5, 1e-9)), 1);
        assertThatThrownBy(() -> d.run(100)).hasMessageContaining("conserved quantity moved");
        // runaway temperature: argon squeezed to 3.0 A spacing (sigma 3.4 A) turns its repulsion into heat
        Structure squeezed = TestForceFields.argon(64, 3.0, 5, Cell.orthorhombic(12.0, 12.0, 12.0));
        MolecularDynamics h = new MolecularDynamics(lj, squeezed,
                new MolecularDynamics.Settings(1.0, Thermostat.NVE, 100.0, 0, 0, 1), 100.0);
        h.attach(new MdGuard(MdGuard.Limits.defaults()), 1);
        assertThatThrownBy(() -> h.run(2000)).hasMessageContaining("temperature").hasMessageContaining("above the limit")
                .hasMessageContaining("(5.00 x 100.0 K)");
        assertThatThrownBy(() -> new MdGuard.Limits(1.0, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A species the force field does not know is the user's mistake, named before anything runs. */
    @Test
    void unknownSpeciesIsAUserError() {
        ForceField arOnly = new ForceField() {
            @Override
            public ForceResult compute(Structure s) {
                throw new AssertionError("must not be evaluated");
            }

            @Override
            public List<String> species() {
                return List.of("Ar");
            }
        };
        Structure s = Structure.builder().symbols("Ar", "Kr").positions(new double[] {0, 0, 0, 4, 0, 0}).build();
        assertThatThrownBy(() -> new MolecularDynamics(arOnly, s,
                new MolecularDynamics.Settings(1.0, Thermostat.NVE, 10, 0, 0, 1), 10.0))
                .isInstanceOf(UserInputException.class).hasMessageContaining("species Kr")
                .hasMessageContaining("Ar");
        assertThat(Map.of()).isEmpty();
    }
}
