package org.zstar.forcefield;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zstar.structure.Structure;
import org.zstar.testutil.DerivativeChecks;

/** The kernel force field through the shared harness: F = -dE/dr, E invariant and F covariant under R r + t. */
class ForceFieldHarnessTest {

    @ParameterizedTest(name = "periodic={0}")
    @ValueSource(booleans = {false, true})
    void forcesAreMinusTheEnergyGradientAndRotateWithTheFrame(boolean periodic) {
        Random rnd = new Random(21);
        Structure s = ForceFieldFixtures.random(rnd, 12, periodic);
        KernelForceField ff = ForceFieldFixtures.randomForceField(rnd, List.of(s), 2, 6);
        double[] f = ff.compute(s).forces();
        double scale = 0;
        for (double v : f) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).isGreaterThan(1e-3);
        assertThat(DerivativeChecks.forcesVersusEnergy(ff, s, 1e-5)).isLessThan(1e-6 * Math.max(1, scale));
        double[] rot = DerivativeChecks.randomRotation(3);
        assertThat(DerivativeChecks.forceFieldCovariance(ff, s, rot, new double[] {1.1, -0.4, 0.9}))
                .isLessThan(1e-8 * Math.max(1, scale));
    }
}
