package org.zstar.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zstar.structure.Structure;
import org.zstar.testutil.DerivativeChecks;

/**
 * Every BEC model form through the shared harness (testutil.DerivativeChecks): Z = dP/dr, Z(Rr + t) = R Z R^T,
 * BECs follow their atoms under permutation; molecules and periodic cells. A transposed Z or a flipped sign of any
 * part fails by the size of Z itself.
 */
class BecModelHarnessTest {

    static Stream<Arguments> forms() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (boolean periodic : new boolean[] {false, true}) {
            b.add(Arguments.of(ModelKind.MONOPOLE, BecModelSpec.DipoleKernel.LINEAR, false, periodic));
            for (BecModelSpec.DipoleKernel dk : BecModelSpec.DipoleKernel.values()) {
                b.add(Arguments.of(ModelKind.DIPOLE, dk, false, periodic));
                b.add(Arguments.of(ModelKind.COMBINED, dk, false, periodic));
            }
            b.add(Arguments.of(ModelKind.COMBINED, BecModelSpec.DipoleKernel.FEATURES, true, periodic));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} modulated={2} periodic={3}")
    @MethodSource("forms")
    void becsAreTheDerivativeOfThePolarisationAndRotateAsTensors(ModelKind kind, BecModelSpec.DipoleKernel dk,
            boolean modulated, boolean periodic) {
        long seed = 7; // a seed whose random frames have no isolated atom (see KernelBecModelPropertiesTest)
        Structure s = periodic ? KernelBecModelPropertiesTest.periodic(seed) : KernelBecModelPropertiesTest.molecule(seed);
        // EXACT charge form: Z is the derivative of P for the positions as given (unwrapped in a cell)
        KernelBecModel exact = KernelBecModelPropertiesTest.randomModel(kind, dk, ChargeForm.EXACT, s, seed, modulated);
        double exactScale = maxAbs(exact.predict(s).bec());
        assertThat(exactScale).isGreaterThan(1e-3);
        assertThat(DerivativeChecks.becVersusPolarisation(exact, s, 1e-5)).isLessThan(1e-6 * exactScale);
        KernelBecModel model = KernelBecModelPropertiesTest.randomModel(kind, dk, ChargeForm.AUTO, s, seed, modulated);
        double scale = maxAbs(model.predict(s).bec());
        double[] rot = DerivativeChecks.randomRotation(5);
        assertThat(DerivativeChecks.becCovariance(model, s, rot, new double[] {0.3, -1.2, 2.1}))
                .isLessThan(1e-9 * Math.max(1, scale));
        int[] perm = DerivativeChecks.randomPermutation(s.size(), 9);
        assertThat(DerivativeChecks.becPermutation(model, s, perm)).isLessThan(1e-9 * Math.max(1, scale));
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
